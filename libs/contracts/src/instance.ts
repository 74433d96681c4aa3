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
