import type { Routes } from '@angular/router';

/** The participant's side of the app. */
export const participateRoutes: Routes = [
  {
    path: '',
    title: 'titles.home',
    loadComponent: () => import('./participant-home').then((m) => m.ParticipantHome),
  },
  {
    path: 'consent',
    loadChildren: () => import('../publishing/participate-publishing.routes').then((m) => m.consentRoutes),
  },
  {
    path: 'sessions/:id/cant-come',
    title: 'titles.cantCome',
    loadComponent: () => import('./cant-come').then((m) => m.CantCome),
  },
];
