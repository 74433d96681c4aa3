import type { Language } from './languages.js';
import type { Role } from './roles.js';

export interface Organisation {
  id: string;
  name: string;
  defaultLanguage: Language;
  createdAt: string;
}

export interface UpdateOrganisationRequest {
  name?: string;
  defaultLanguage?: Language;
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
