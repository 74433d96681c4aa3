import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { Session } from '../core/session';

/** Any signed-in person (staff or participant); the API decides whether they may see the project. */
export const signedInGuard: CanActivateFn = (_route, state) => {
  if (inject(Session).me()) return true;
  return inject(Router).createUrlTree(['/sign-in'], { queryParams: { next: state.url } });
};
