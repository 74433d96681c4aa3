import { type DataSource, type DataSourceOptions } from 'typeorm';
import { InvitationEntity } from './entities/invitation.entity.js';
import { JoinCodeEntity } from './entities/join-code.entity.js';
import { MembershipEntity } from './entities/membership.entity.js';
import { OrganisationEntity } from './entities/organisation.entity.js';
import { SessionEntity } from './entities/session.entity.js';
import { UserEntity } from './entities/user.entity.js';
import { CreateAccounts1763900000000 } from './migrations/1763900000000-CreateAccounts.js';
import { CreateProgrammes1763990000000 } from './migrations/1763990000000-CreateProgrammes.js';
import { CreateAttendanceTotals1764000000000 } from './migrations/1764000000000-CreateAttendanceTotals.js';
import { CreateMedia1764100000000 } from './migrations/1764100000000-CreateMedia.js';
import { CreateSocketIoAttachments1764199990000 } from './migrations/1764199990000-CreateSocketIoAttachments.js';
import { CreateBoards1764200000000 } from './migrations/1764200000000-CreateBoards.js';
import { CreatePublishing1764300000000 } from './migrations/1764300000000-CreatePublishing.js';
import { CreateTimelines1764400000000 } from './migrations/1764400000000-CreateTimelines.js';
import { LinkDocumentaryRenders1764500000000 } from './migrations/1764500000000-LinkDocumentaryRenders.js';
import { TrackDocumentaryFilmChanges1764600000000 } from './migrations/1764600000000-TrackDocumentaryFilmChanges.js';
import { AddInstanceAdmins1764700000000 } from './migrations/1764700000000-AddInstanceAdmins.js';
import { CreateFirstRun1764710000000 } from './migrations/1764710000000-CreateFirstRun.js';
import { AddInstanceAdministration1764900000000 } from './migrations/1764900000000-AddInstanceAdministration.js';
import { CreateIdempotencyKeys1765310000000 } from './migrations/1765310000000-CreateIdempotencyKeys.js';
import { CreateLoginThrottles1765150000000 } from './migrations/1765150000000-CreateLoginThrottles.js';
import { CreateRenderSegmentCache1765300000000 } from './migrations/1765300000000-CreateRenderSegmentCache.js';
import { AddDariTigrinyaUkrainian1765320000000 } from './migrations/1765320000000-AddDariTigrinyaUkrainian.js';
import { AddAbsenceNotes1764717000000 } from './migrations/1764717000000-AddAbsenceNotes.js';
import { AddWaitingFor1765200000000 } from './migrations/1765200000000-AddWaitingFor.js';

export const ENTITIES = [
  OrganisationEntity,
  UserEntity,
  MembershipEntity,
  SessionEntity,
  JoinCodeEntity,
  InvitationEntity,
];

/** Every migration, in order. Schema changes only happen here; `synchronize` stays off. */
export const MIGRATIONS = [
  CreateAccounts1763900000000,
  CreateProgrammes1763990000000,
  CreateAttendanceTotals1764000000000,
  CreateMedia1764100000000,
  CreateSocketIoAttachments1764199990000,
  CreateBoards1764200000000,
  CreatePublishing1764300000000,
  CreateTimelines1764400000000,
  LinkDocumentaryRenders1764500000000,
  TrackDocumentaryFilmChanges1764600000000,
  AddInstanceAdmins1764700000000,
  CreateFirstRun1764710000000,
  AddInstanceAdministration1764900000000,
  CreateLoginThrottles1765150000000,
  CreateRenderSegmentCache1765300000000,
  AddAbsenceNotes1764717000000,
  AddWaitingFor1765200000000,
  CreateIdempotencyKeys1765310000000,
  AddDariTigrinyaUkrainian1765320000000,
];

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    ...extra,
  } as DataSourceOptions;
}

/** Arbitrary constant: every process that migrates takes this advisory lock first. */
const MIGRATION_LOCK = 7_240_001;

/**
 * Runs pending migrations once even when several API processes start together: they queue on a
 * PostgreSQL advisory lock and the later ones find nothing left to do.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** The schema's version: the name of the last migration applied (null before the first). */
export async function schemaVersion(dataSource: DataSource): Promise<string | null> {
  const rows: Array<{ name: string }> = await dataSource
    .query(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`)
    .catch(() => []);
  return rows[0]?.name ?? null;
}
