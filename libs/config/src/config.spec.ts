import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const minimal = {
  DATABASE_URL: 'postgres://atelier:secret@localhost:5432/atelier',
  S3_ENDPOINT: 'http://127.0.0.1:9000',
  S3_ACCESS_KEY: 'key',
  S3_SECRET_KEY: 'secret',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe(loadConfig.name, () => {
  it('reads a minimal environment with sensible defaults', () => {
    const c = loadConfig(minimal);
    expect(c.port).toBe(3000);
    expect(c.s3).toMatchObject({ endPoint: '127.0.0.1', port: 9000, useSSL: false, bucket: 'atelier' });
    expect(c.publicUrl).toBe('http://localhost:3000');
    expect(c.cookieSecure).toBe(false);
    expect(c.redisUrl).toBeNull();
  });

  it('names the variable and what was expected when a value is wrong', () => {
    const problems = problemsOf({ ...minimal, PORT: 'abc', LOG_LEVEL: 'loud', COOKIE_SECURE: 'maybe' });
    expect(problems).toEqual([
      'PORT must be a whole number from 1 to 65535 (got "abc")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      'COOKIE_SECURE must be true or false (got "maybe")',
    ]);
  });

  it('reports every missing required variable at once', () => {
    const problems = problemsOf({});
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'DATABASE_URL',
      'S3_ENDPOINT',
      'S3_ACCESS_KEY',
      'S3_SECRET_KEY',
    ]);
  });

  it('never repeats a database password in its message', () => {
    const problems = problemsOf({ ...minimal, DATABASE_URL: 'mysql://root:hunter2@db/atelier' });
    expect(problems[0]).toContain('DATABASE_URL must be a URL starting with postgres:// or postgresql://');
    expect(problems.join()).not.toContain('hunter2');
  });

  it('turns secure cookies on for an https public address', () => {
    expect(loadConfig({ ...minimal, PUBLIC_URL: 'https://atelier.example.org/' }).cookieSecure).toBe(true);
  });

  it('limits uploads to 2 GiB per file and 20 GiB per project unless configured, and refuses a file limit above the quota', () => {
    expect(loadConfig(minimal)).toMatchObject({ maxUploadBytes: 2 * 1024 ** 3, projectQuotaBytes: 20 * 1024 ** 3 });
    expect(loadConfig({ ...minimal, MAX_UPLOAD_BYTES: '10485760' }).maxUploadBytes).toBe(10 * 1024 * 1024);
    expect(problemsOf({ ...minimal, MAX_UPLOAD_BYTES: 'lots' })[0]).toMatch(/^MAX_UPLOAD_BYTES must be a whole number/);
    expect(problemsOf({ ...minimal, MAX_UPLOAD_BYTES: '3221225472', PROJECT_QUOTA_BYTES: '2147483648' })[0]).toMatch(
      /^MAX_UPLOAD_BYTES \(3221225472\) must not be larger than PROJECT_QUOTA_BYTES/,
    );
  });

  it('chooses the realtime adapter: memory by default, redis when REDIS_URL is set, postgres on request', () => {
    expect(loadConfig(minimal).realtimeAdapter).toBe('memory');
    expect(loadConfig({ ...minimal, REDIS_URL: 'redis://127.0.0.1:6379' }).realtimeAdapter).toBe('redis');
    expect(
      loadConfig({ ...minimal, REDIS_URL: 'redis://127.0.0.1:6379', REALTIME_ADAPTER: 'postgres' }).realtimeAdapter,
    ).toBe('postgres');
    expect(loadConfig({ ...minimal, REALTIME_ADAPTER: 'postgres' }).realtimeAdapter).toBe('postgres');
  });

  it('refuses an unknown realtime adapter, and redis without REDIS_URL', () => {
    expect(problemsOf({ ...minimal, REALTIME_ADAPTER: 'kafka' })).toEqual([
      'REALTIME_ADAPTER must be one of memory, postgres, redis (got "kafka")',
    ]);
    expect(problemsOf({ ...minimal, REALTIME_ADAPTER: 'redis' })[0]).toContain(
      'REALTIME_ADAPTER=redis needs REDIS_URL',
    );
  });

  it('reads where daily backups go, and refuses two places, a malformed URL or the app bucket itself', () => {
    expect(loadConfig(minimal)).toMatchObject({ backupTarget: null, backupRetention: 14 });
    expect(loadConfig({ ...minimal, BACKUP_DIR: '/var/backups/atelier', BACKUP_RETENTION: '7' })).toMatchObject({
      backupTarget: '/var/backups/atelier',
      backupRetention: 7,
    });
    expect(loadConfig({ ...minimal, BACKUP_S3_URL: 's3://atelier-backups/nightly' }).backupTarget).toBe(
      's3://atelier-backups/nightly',
    );
    expect(problemsOf({ ...minimal, BACKUP_DIR: '/b', BACKUP_S3_URL: 's3://backups/x' })[0]).toContain('both set');
    expect(problemsOf({ ...minimal, BACKUP_S3_URL: 'https://backups/x' })[0]).toContain(
      'BACKUP_S3_URL must look like s3://bucket/prefix',
    );
    expect(problemsOf({ ...minimal, BACKUP_S3_URL: 's3://atelier/backups' })[0]).toContain(
      'another bucket than S3_BUCKET',
    );
    expect(problemsOf({ ...minimal, BACKUP_RETENTION: '0' })[0]).toContain('BACKUP_RETENTION');
  });
});
