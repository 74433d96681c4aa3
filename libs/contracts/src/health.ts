export interface DependencyHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  database: DependencyHealth;
  storage: DependencyHealth;
  queue: DependencyHealth;
  version: string;
  uptimeSeconds: number;
  /** The last database migration applied (upgrades: every API node should show the same). */
  schemaVersion: string | null;
  /** The last backup (admin command or daily job), or null when none was ever made. */
  lastBackup: LastBackup | null;
}

export interface LastBackup {
  ok: boolean;
  finishedAt: string;
  sizeBytes: number | null;
  objects: number | null;
}

export interface PingResult {
  jobId: string;
  handledBy: string;
  roundTripMs: number;
}
