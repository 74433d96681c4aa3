import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Role } from '@atelier/contracts';
import { catchError, throwError } from 'rxjs';
import { Session } from './session';

/** Calls whose 401 answers mean "wrong code or password", not "your session ended". */
const SIGN_IN_CALLS = ['/api/me', '/api/auth/', '/api/invitations/'];

/** When the server stops accepting this session (expired, device signed out), go to sign-in. */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(Session);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      const isSignInCall = SIGN_IN_CALLS.some((prefix) => req.url.startsWith(prefix));
      if (error instanceof HttpErrorResponse && error.status === 401 && !isSignInCall) {
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
