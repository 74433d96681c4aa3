import type { Routes } from '@angular/router';

/** The participant's consent screens, mounted under /home/consent. */
export const consentRoutes: Routes = [
  {
    path: '',
    title: 'publishing.titles.myConsent',
    loadComponent: () => import('./my-consents').then((m) => m.MyConsents),
  },
  {
    path: ':projectId',
    title: 'publishing.titles.consent',
    loadComponent: () => import('./consent-wizard').then((m) => m.ConsentWizard),
  },
];
