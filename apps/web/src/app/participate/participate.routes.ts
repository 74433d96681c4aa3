import type { Routes } from '@angular/router';

/** The participant's side of the app. Sessions and courses will be added here. */
export const participateRoutes: Routes = [
  {
    path: '',
    title: 'titles.home',
    loadComponent: () => import('./participant-home').then((m) => m.ParticipantHome),
  },
];
