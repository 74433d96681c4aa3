import type { Routes } from '@angular/router';

/** Staff documentary screens, mounted under /staff/documentaries. */
export const documentaryRoutes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: '/staff?tab=documentaries' },
  {
    path: ':projectId',
    title: 'publishing.titles.documentary',
    loadComponent: () => import('./documentary-page').then((m) => m.DocumentaryPage),
  },
];
