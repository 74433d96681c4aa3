import { Role, isStaff, type Me } from '@atelier/contracts';

/** Where each person starts: staff on their dashboard, participants on their home screen. */
export function homeUrl(me: Me | null): string {
  if (!me) return '/sign-in';
  if (isStaff(me.role)) return '/staff';
  return me.role === Role.Participant ? '/home' : '/sign-in';
}

/** Accepts only paths inside this app ("/staff"), never another site ("//evil", "https:"). */
export function isSafeReturnUrl(url: unknown): url is string {
  return typeof url === 'string' && /^\/(?![/\\])/.test(url);
}
