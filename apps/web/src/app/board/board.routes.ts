import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { staffGuard } from '../core/auth-guards';
import { Session } from '../core/session';

/** Boards are for everyone signed in: participants and staff (the page adapts to the role). */
const signedInGuard: CanActivateFn = (_route, state) => {
  if (inject(Session).me()) return true;
  return inject(Router).createUrlTree(['/join'], { queryParams: { next: state.url } });
};

export const boardRoutes: Routes = [
  {
    path: '',
    title: 'board.titles.code',
    canActivate: [signedInGuard],
    loadComponent: () => import('./board-code-page').then((m) => m.BoardCodePage),
  },
  {
    path: ':id',
    title: 'board.titles.board',
    canActivate: [signedInGuard],
    loadComponent: () => import('./board-page').then((m) => m.BoardPage),
  },
  {
    path: ':id/present',
    title: 'board.titles.presenter',
    canActivate: [staffGuard],
    loadComponent: () => import('./presenter-page').then((m) => m.PresenterPage),
  },
];
