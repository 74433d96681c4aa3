import type { Routes } from '@angular/router';

/** Groups' bins of clips: uploading, watching, sorting (staff and participants). */
export const studioRoutes: Routes = [
  {
    path: '',
    title: 'clips.pageTitle',
    loadComponent: () => import('./studio-home').then((m) => m.StudioHome),
  },
  {
    path: 'groups/:groupId',
    title: 'clips.binTitle',
    loadComponent: () => import('./clip-bin').then((m) => m.ClipBin),
  },
];
