import type { Language } from './languages.js';
import type { Role } from './roles.js';

export interface LoginRequest {
  email: string;
  password: string;
}

export interface JoinRequest {
  /** The short code a trainer gave the participant (case and dashes do not matter). */
  code: string;
  /** A name for this device so the trainer can tell devices apart ("Amina's phone"). */
  deviceLabel?: string;
}

export interface AcceptInvitationRequest {
  displayName: string;
  password: string;
}

/** Who is signed in on this browser, in which organisation and with which role. */
export interface Me {
  user: {
    id: string;
    displayName: string;
    email: string | null;
    preferredLanguage: Language;
  };
  organisation: { id: string; name: string };
  role: Role;
  /** `password` for staff sessions, `device` for a participant's device token. */
  sessionKind: SessionKind;
  /** May open the Instance page (every organisation of this Atelier). */
  instanceAdmin: boolean;
}

export type SessionKind = 'password' | 'device';

export interface UpdateMeRequest {
  displayName?: string;
  preferredLanguage?: Language;
}

/** Minimum length of a staff password. */
export const PASSWORD_MIN_LENGTH = 10;

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface ForgotPasswordRequest {
  email: string;
}

/** What the reset page shows before a new password is chosen. */
export interface PasswordResetPreview {
  displayName: string;
  email: string;
  organisationName: string;
  expiresAt: string;
}

export interface CompletePasswordResetRequest {
  password: string;
}

/** What the sign-in page may offer on this instance. */
export interface AuthOptions {
  /** "Forgot your password?" by e-mail: only when SMTP is configured. */
  passwordResetByEmail: boolean;
}
