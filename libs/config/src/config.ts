/**
 * Typed, validated configuration read from the environment. Shared by the API, the worker and the
 * launcher so a variable means the same thing everywhere. A wrong value stops the process with a
 * message naming the variable and what was expected.
 */
export interface S3Config {
  endPoint: string;
  port: number;
  useSSL: boolean;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
}

export const REALTIME_ADAPTERS = ['memory', 'postgres', 'redis'] as const;
export type RealtimeAdapterKind = (typeof REALTIME_ADAPTERS)[number];

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** The address people use to reach the web client; join links and invitation links use it. */
  publicUrl: string;
  databaseUrl: string;
  s3: S3Config;
  redisUrl: string | null;
  /**
   * How socket.io nodes share rooms: `memory` (one API node), `postgres` (LISTEN/NOTIFY on the app's
   * database) or `redis` (Redis Streams on REDIS_URL). Defaults to `redis` when REDIS_URL is set.
   */
  realtimeAdapter: RealtimeAdapterKind;
  /** How often each API node re-checks the sessions of its open sockets (a revoked device is cut off within this). */
  realtimeSessionCheckSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Directory of the built Angular client served by the API; null serves none. */
  webDist: string | null;
  cookieSecure: boolean;
  staffSessionHours: number;
  deviceTokenDays: number;
  joinCodeDays: number;
  invitationDays: number;
  /** Validity of a staff password reset link (issued by an admin or asked for by e-mail). */
  passwordResetHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  bodyLimitKb: number;
  workerConcurrency: number;
  /** ffmpeg transcodes one worker runs at once (each uses every core it gets). */
  transcodeConcurrency: number;
  /** x264 preset of the media pipeline: `veryfast` suits a small shared server (see ARCHITECTURE.md). */
  x264Preset: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
  /** Which proxies' X-Forwarded-For to believe (Express "trust proxy"), so rate limits see real clients. */
  trustProxy: string;
  /** Bearer token that lets a scraper outside the internal network read /metrics; null: internal network only. */
  metricsToken: string | null;
  /** smtp://user:pass@host:587 or smtps://…; without it, alerts stay in the app only. */
  smtpUrl: string | null;
  mailFrom: string;
  /** Largest single file accepted by the resumable upload endpoint. */
  maxUploadBytes: number;
  /** Bytes a media project's bin may hold (originals and uploads in progress), unless the project sets its own. */
  projectQuotaBytes: number;
  /** Where the worker's daily backup goes: a folder (BACKUP_DIR) or `s3://bucket/prefix` (BACKUP_S3_URL); null: no daily backup. */
  backupTarget: string | null;
  /** How many daily backups to keep. */
  backupRetention: number;
  /** Days a project's cached segment encodes stay unused before the worker deletes them. */
  renderCacheRetentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  string(name: string, fallback: string): string;
  string(name: string, fallback?: undefined): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    return this.raw(name) ?? fallback;
  }

  required(name: string, what: string): string {
    const v = this.raw(name);
    if (v === undefined) this.problems.push(`${name} is required: ${what}`);
    return v ?? '';
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${v}")`);
      return fallback;
    }
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(v)) return true;
    if (/^(0|false|no|off)$/i.test(v)) return false;
    this.problems.push(`${name} must be true or false (got "${v}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(v)) {
      this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${v}")`);
      return fallback;
    }
    return v as T;
  }

  url(name: string, protocols: string[], fallback?: string): URL | undefined {
    const v = this.raw(name) ?? fallback;
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) throw new Error('protocol');
      return u;
    } catch {
      this.problems.push(
        `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} (got "${redact(v)}")`,
      );
      return undefined;
    }
  }
}

/** Hides the password in a connection string before it goes into an error message or a log. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}

const GIB = 1024 * 1024 * 1024;

export function loadConfig(env: Env = process.env): AppConfig {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = r.int('PORT', 3000, 1, 65535);
  const host = r.string('HOST', '0.0.0.0');
  const publicUrl = r.url('PUBLIC_URL', ['http:', 'https:'], `http://localhost:${port}`);
  const db = r.url('DATABASE_URL', ['postgres:', 'postgresql:']);
  if (!r.raw('DATABASE_URL'))
    r.problems.push(
      'DATABASE_URL is required: a PostgreSQL URL such as postgres://user:pass@host:5432/atelier (npm start sets it for the embedded database)',
    );
  const s3 = r.url('S3_ENDPOINT', ['http:', 'https:']);
  if (!r.raw('S3_ENDPOINT'))
    r.problems.push(
      'S3_ENDPOINT is required: the S3/MinIO address such as http://127.0.0.1:9000 (npm start sets it for the embedded store)',
    );
  const accessKey = r.required('S3_ACCESS_KEY', 'the S3/MinIO access key');
  const secretKey = r.required('S3_SECRET_KEY', 'the S3/MinIO secret key');
  const bucket = r.string('S3_BUCKET', 'atelier');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    r.problems.push(
      `S3_BUCKET must be a valid bucket name: 3-63 lower-case letters, digits, dots or dashes (got "${bucket}")`,
    );
  }
  const redis = r.url('REDIS_URL', ['redis:', 'rediss:']);
  const realtimeAdapter = r.oneOf('REALTIME_ADAPTER', REALTIME_ADAPTERS, r.raw('REDIS_URL') ? 'redis' : 'memory');
  if (realtimeAdapter === 'redis' && !r.raw('REDIS_URL')) {
    r.problems.push(
      'REALTIME_ADAPTER=redis needs REDIS_URL: a Redis address such as redis://127.0.0.1:6379 (or use REALTIME_ADAPTER=postgres)',
    );
  }
  const config: AppConfig = {
    nodeEnv,
    host,
    port,
    publicUrl: (publicUrl?.toString() ?? `http://localhost:${port}/`).replace(/\/$/, ''),
    databaseUrl: db?.toString() ?? '',
    s3: {
      endPoint: s3?.hostname ?? '',
      port: s3 ? Number(s3.port || (s3.protocol === 'https:' ? 443 : 80)) : 0,
      useSSL: s3?.protocol === 'https:',
      accessKey,
      secretKey,
      region: r.string('S3_REGION', 'us-east-1'),
      bucket,
    },
    redisUrl: redis?.toString() ?? null,
    realtimeAdapter,
    realtimeSessionCheckSeconds: r.int('REALTIME_SESSION_CHECK_SECONDS', 15, 1, 3600),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    webDist: r.string('WEB_DIST') ?? null,
    cookieSecure: r.bool('COOKIE_SECURE', publicUrl?.protocol === 'https:'),
    staffSessionHours: r.int('STAFF_SESSION_HOURS', 12, 1, 24 * 30),
    deviceTokenDays: r.int('DEVICE_TOKEN_DAYS', 180, 1, 730),
    joinCodeDays: r.int('JOIN_CODE_DAYS', 14, 1, 365),
    invitationDays: r.int('INVITATION_DAYS', 7, 1, 90),
    passwordResetHours: r.int('PASSWORD_RESET_HOURS', 24, 1, 24 * 14),
    loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: r.int('LOGIN_LOCK_MINUTES', 15, 1, 1440),
    bodyLimitKb: r.int('BODY_LIMIT_KB', 100, 1, 10_240),
    workerConcurrency: r.int('WORKER_CONCURRENCY', 2, 1, 64),
    transcodeConcurrency: r.int('TRANSCODE_CONCURRENCY', 1, 1, 16),
    x264Preset: r.oneOf(
      'X264_PRESET',
      ['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'] as const,
      'veryfast',
    ),
    trustProxy: r.string('TRUST_PROXY', 'loopback'),
    metricsToken: r.string('METRICS_TOKEN') ?? null,
    smtpUrl: r.url('SMTP_URL', ['smtp:', 'smtps:'])?.toString() ?? null,
    mailFrom: r.string('MAIL_FROM', 'Atelier <no-reply@atelier.local>'),
    maxUploadBytes: r.int('MAX_UPLOAD_BYTES', 2 * GIB, 1024 * 1024, 5 * 1024 * GIB),
    projectQuotaBytes: r.int('PROJECT_QUOTA_BYTES', 20 * GIB, 1024 * 1024, 100 * 1024 * GIB),
    backupTarget: r.string('BACKUP_DIR') ?? r.string('BACKUP_S3_URL') ?? null,
    backupRetention: r.int('BACKUP_RETENTION', 14, 1, 3650),
    renderCacheRetentionDays: r.int('RENDER_CACHE_RETENTION_DAYS', 30, 1, 3650),
  };
  if (r.raw('BACKUP_DIR') && r.raw('BACKUP_S3_URL'))
    r.problems.push('BACKUP_DIR and BACKUP_S3_URL are both set: choose one place for the daily backups');
  const backupS3 = r.raw('BACKUP_S3_URL');
  if (backupS3 && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(backupS3)) {
    r.problems.push(`BACKUP_S3_URL must look like s3://bucket/prefix (got "${backupS3}")`);
  } else if (backupS3 && backupS3.replace(/^s3:\/\//, '').split('/')[0] === bucket) {
    r.problems.push(
      `BACKUP_S3_URL must name another bucket than S3_BUCKET (${bucket}): a backup beside what it saves is no backup`,
    );
  }
  if (config.maxUploadBytes > config.projectQuotaBytes) {
    r.problems.push(
      `MAX_UPLOAD_BYTES (${config.maxUploadBytes}) must not be larger than PROJECT_QUOTA_BYTES (${config.projectQuotaBytes}): no file that large could ever fit in a project`,
    );
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return config;
}
