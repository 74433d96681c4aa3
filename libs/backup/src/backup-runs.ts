import pg from 'pg';

export interface BackupRunRecord {
  startedAt: Date;
  finishedAt: Date;
  ok: boolean;
  location: string;
  sizeBytes: number | null;
  objects: number | null;
  schemaVersion: string | null;
  error: string | null;
}

/** Records a backup's outcome in `backup_runs` (the last result shows in /health). */
export async function recordBackupRun(databaseUrl: string, r: BackupRunRecord): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(
      `INSERT INTO backup_runs (started_at, finished_at, ok, location, size_bytes, objects, schema_version, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.startedAt, r.finishedAt, r.ok, r.location, r.sizeBytes, r.objects, r.schemaVersion, r.error],
    );
  } finally {
    await client.end();
  }
}
