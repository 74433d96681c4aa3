import { inject } from '@angular/core';
import { Router, type CanActivateFn, type RedirectFunction } from '@angular/router';
import { Role, isStaff } from '@atelier/contracts';
import { homeUrl } from './home-url';
import { Session } from './session';

/** `/` sends each person to their own start page. */
export const redirectToHome: RedirectFunction = () => homeUrl(inject(Session).me());

/** Staff pages: signed-out people sign in first, participants go to their home screen. */
export const staffGuard: CanActivateFn = (_route, state) => {
  const me = inject(Session).me();
  const router = inject(Router);
  if (!me) return router.createUrlTree(['/sign-in'], { queryParams: { next: state.url } });
  return isStaff(me.role) ? true : router.parseUrl(homeUrl(me));
};

/**
 * Participant pages: signed-out people join with a code (and come back, e.g. to the check-in a
 * room's QR code opened), staff go to their dashboard.
 */
export const participantGuard: CanActivateFn = (_route, state) => {
  const me = inject(Session).me();
  const router = inject(Router);
  if (!me) {
    // Plain `/home` is where joining leads anyway; anything more (a programme's QR code…) comes back.
    const next = state.url === '/home' ? undefined : state.url;
    return router.createUrlTree(['/join'], { queryParams: { next } });
  }
  return me.role === Role.Participant ? true : router.parseUrl(homeUrl(me));
};

/**
 * Sign-in and join pages: someone already signed in goes home, except when a join link carries a
 * code, because that is someone else taking over a shared phone.
 */
export const signedOutGuard: CanActivateFn = (route) => {
  const me = inject(Session).me();
  if (!me || route.queryParamMap.has('code')) return true;
  return inject(Router).parseUrl(homeUrl(me));
};

/** Pages for everyone signed in (staff and participants): others sign in or join first. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  if (inject(Session).me()) return true;
  return inject(Router).createUrlTree(['/join'], { queryParams: { next: state.url } });
};
