import type { Language } from './languages.js';
import type { Role } from './roles.js';

export interface Organisation {
  id: string;
  name: string;
  /** Address of the public catalogue: `/catalogue/<slug>`. Earlier slugs redirect here. */
  slug: string;
  defaultLanguage: Language;
  /** The languages the organisation works in (the default language is one of them). */
  languages: Language[];
  /** Default storage space of each of its groups, or null for the instance's default. */
  projectQuotaBytes: number | null;
  /** The instance's default (`PROJECT_QUOTA_BYTES`), applied when `projectQuotaBytes` is null. */
  instanceProjectQuotaBytes: number;
  createdAt: string;
}

export interface UpdateOrganisationRequest {
  name?: string;
  slug?: string;
  defaultLanguage?: Language;
  languages?: Language[];
  /** Whole bytes; null goes back to the instance's default. */
  projectQuotaBytes?: number | null;
}

export interface Member {
  userId: string;
  displayName: string;
  email: string | null;
  role: Role;
  joinedAt: string;
}

export interface ChangeRoleRequest {
  role: Role;
}

export interface InviteStaffRequest {
  email: string;
  role: Role.Admin | Role.Trainer;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  acceptedAt: string | null;
  /** Only returned once, when the invitation is created: the link to send to the person. */
  acceptUrl?: string;
}

/** What a person opening an invitation link sees before accepting it. */
export interface InvitationPreview {
  organisationName: string;
  email: string;
  role: Role;
  expiresAt: string;
}

/** A link that lets a staff member choose a new password (once, for a limited time). */
export interface PasswordResetLink {
  resetUrl: string;
  expiresAt: string;
  /** Whether it was also e-mailed to the person (only when SMTP is configured). */
  emailed: boolean;
}
