import { describe, expect, it } from '@jest/globals';
import type { AppConfig } from '@atelier/config';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { BackupHandler } from './backup.handler.js';
import type { BackupRepository } from './backup.repository.js';

function newTestService(backupTarget: string | null) {
  const backups = strictMock<BackupRepository>('BackupRepository');
  const config = { backupTarget, backupRetention: 14 } as AppConfig;
  return { sut: new BackupHandler(config, backups as unknown as BackupRepository), mocks: { backups } };
}

const NOW = new Date('2026-12-08T02:30:00Z');

describe(BackupHandler.name, () => {
  it('writes one backup to the configured place, keeps the newest BACKUP_RETENTION and records the result', async () => {
    const { sut, mocks } = newTestService('/var/backups/atelier');
    mocks.backups.write.mockResolvedValue({ name: 'atelier-x', location: '/var/backups/atelier/atelier-x', sizeBytes: 1234, objects: 7, schemaVersion: 'V1', pruned: ['old'] });
    mocks.backups.record.mockResolvedValue(undefined);
    expect(await sut.handle(NOW)).toEqual({ status: 'done', result: { location: '/var/backups/atelier/atelier-x', sizeBytes: 1234, objects: 7, pruned: 1 } });
    expect(mocks.backups.write).toHaveBeenCalledWith('/var/backups/atelier', 14, NOW);
    expect(mocks.backups.record).toHaveBeenCalledWith(expect.objectContaining({ ok: true, startedAt: NOW, sizeBytes: 1234, objects: 7, schemaVersion: 'V1', error: null }));
  });

  it('records a failed backup (for /health) and asks the queue to retry it', async () => {
    const { sut, mocks } = newTestService('s3://backups/nightly');
    mocks.backups.write.mockRejectedValue(new Error('pg_dump failed: server version mismatch'));
    mocks.backups.record.mockResolvedValue(undefined);
    expect(await sut.handle(NOW)).toEqual({ status: 'failed', reason: 'pg_dump failed: server version mismatch', retry: true });
    expect(mocks.backups.record).toHaveBeenCalledWith(expect.objectContaining({ ok: false, location: 's3://backups/nightly', error: 'pg_dump failed: server version mismatch' }));
  });

  it('does nothing where no backup place is configured', async () => {
    const { sut } = newTestService(null);
    expect(await sut.handle(NOW)).toMatchObject({ status: 'failed', retry: false });
  });
});
