import type { Routes } from '@angular/router';

/** The staff side: trainers and admins. */
export const facilitateRoutes: Routes = [
  {
    path: '',
    title: 'titles.staff',
    loadComponent: () => import('./staff-dashboard').then((m) => m.StaffDashboard),
  },
];
