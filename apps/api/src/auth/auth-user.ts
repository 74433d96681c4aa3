import type { Role, SessionKind } from '@atelier/contracts';

/** Who is making this request, resolved by the auth guard from the session cookie or bearer token. */
export interface AuthUser {
  userId: string;
  organisationId: string;
  role: Role;
  sessionId: string;
  sessionKind: SessionKind;
}
