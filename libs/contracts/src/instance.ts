import type { Language } from './languages.js';
import type { Role } from './roles.js';

/** One organisation as instance administrators see it on the Instance page. */
export interface InstanceOrganisation {
  id: string;
  name: string;
  slug: string;
  defaultLanguage: Language;
  languages: Language[];
  createdAt: string;
  /** Set while the organisation is suspended: its people cannot sign in, its public pages are gone. */
  suspendedAt: string | null;
  staff: Array<{ userId: string; displayName: string; email: string | null; role: Role }>;
  participantCount: number;
  /** Bytes of its clips (as counted for group quotas) and renders. */
  storageBytes: number;
  /** Last use of any of its sign-in sessions, or null when nobody has signed in yet. */
  lastActivityAt: string | null;
}

export interface CreateOrganisationRequest {
  name: string;
  /** Derived from the name when left out. */
  slug?: string;
  languages: Language[];
  defaultLanguage: Language;
  admin: { displayName: string; email: string };
}

/** The new organisation and the link its first admin uses to choose a password. */
export interface CreatedOrganisation {
  organisation: InstanceOrganisation;
  adminSetupUrl: string;
  expiresAt: string;
}

/** One backup (the daily job's or the `backup` command's), as recorded in `backup_runs`. */
export interface BackupRun {
  startedAt: string;
  /** null while it runs (or when its process died before it could say how it went). */
  finishedAt: string | null;
  ok: boolean | null;
  /** The folder or `s3://bucket/prefix` it went to. */
  location: string;
  sizeBytes: number | null;
  objects: number | null;
  schemaVersion: string | null;
  /** Why it failed, for the operator. */
  error: string | null;
}

/** The Instance page's backup panel. */
export interface InstanceBackups {
  /** Newest first, at most five. */
  recent: BackupRun[];
  /** The last backup that worked: what a restore would bring back. */
  lastSuccessful: BackupRun | null;
  /** A worker has the daily backup on its schedule (BACKUP_DIR or BACKUP_S3_URL set on it). */
  dailyScheduled: boolean;
}
