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
}

export interface PingResult {
  jobId: string;
  handledBy: string;
  roundTripMs: number;
}
