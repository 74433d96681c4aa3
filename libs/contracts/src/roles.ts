/** A person's role inside one organisation. */
export enum Role {
  Admin = 'admin',
  Trainer = 'trainer',
  Participant = 'participant',
}

export const STAFF_ROLES: readonly Role[] = [Role.Admin, Role.Trainer];

export function isStaff(role: Role): boolean {
  return STAFF_ROLES.includes(role);
}
