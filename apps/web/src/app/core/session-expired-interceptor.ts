import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { ErrorCode, Role } from '@atelier/contracts';
import { catchError, throwError } from 'rxjs';
import { toShownError } from './api-error';
import { Session } from './session';

/** Calls whose 401 answers mean "wrong code or password", not "your session ended". */
const SIGN_IN_CALLS = ['/api/me', '/api/auth/', '/api/invitations/'];

/**
 * When the server stops accepting this session (expired, device signed out, organisation suspended),
 * go to sign-in; a suspension is said there.
 */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(Session);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      const isSignInCall = SIGN_IN_CALLS.some((prefix) => req.url.startsWith(prefix));
      const shown = toShownError(error);
      if (shown.code === ErrorCode.OrganisationSuspended && session.signedIn()) {
        const wasParticipant = session.me()?.role === Role.Participant;
        session.end(shown);
        void router.navigateByUrl(wasParticipant ? '/join' : '/sign-in');
      } else if (error instanceof HttpErrorResponse && error.status === 401 && !isSignInCall) {
        const wasParticipant = session.me()?.role === Role.Participant;
        if (session.signedIn()) {
          session.forget();
          void router.navigateByUrl(wasParticipant ? '/join' : '/sign-in');
        }
      }
      return throwError(() => error);
    }),
  );
};
