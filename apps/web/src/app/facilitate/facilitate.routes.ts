import type { Routes } from '@angular/router';

/** The staff side: trainers and admins. */
export const facilitateRoutes: Routes = [
  {
    path: '',
    title: 'titles.staff',
    loadComponent: () => import('./staff-dashboard').then((m) => m.StaffDashboard),
  },
  // The programmes are the dashboard's first tab.
  { path: 'programmes', pathMatch: 'full', redirectTo: '' },
  {
    path: 'programmes/:id',
    title: 'titles.programme',
    loadComponent: () => import('./programmes/programme-page').then((m) => m.ProgrammePage),
  },
  {
    // The join code to print or project: code, QR code and address.
    path: 'programmes/:id/poster',
    title: 'titles.programmePoster',
    loadComponent: () => import('./programmes/programme-poster').then((m) => m.ProgrammePoster),
  },
  {
    // Instance administrators only (the API answers 403 not_instance_admin to anyone else).
    path: 'instance',
    title: 'instance.title',
    loadComponent: () => import('../instance/instance-page').then((m) => m.InstancePage),
  },
  {
    path: 'boards',
    title: 'board.titles.boards',
    loadComponent: () => import('../board/boards-page').then((m) => m.BoardsPage),
  },
  {
    path: 'documentaries',
    loadChildren: () => import('../publishing/facilitate-publishing.routes').then((m) => m.documentaryRoutes),
  },
  {
    path: 'sessions/:id/roster',
    title: 'titles.roster',
    loadComponent: () => import('./sessions/roster-page').then((m) => m.RosterPage),
  },
  {
    path: 'sessions/:id/check-in',
    title: 'titles.checkInDisplay',
    loadComponent: () => import('./sessions/check-in-display').then((m) => m.CheckInDisplayPage),
  },
];
