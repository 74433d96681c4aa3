import type { Routes } from '@angular/router';
import { participantGuard, redirectToHome, signedInGuard, signedOutGuard, staffGuard } from './core/auth-guards';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: redirectToHome },
  {
    path: 'sign-in',
    title: 'titles.signIn',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./auth/sign-in').then((m) => m.SignIn),
  },
  {
    path: 'join',
    title: 'titles.join',
    canActivate: [signedOutGuard],
    loadComponent: () => import('./auth/join').then((m) => m.Join),
  },
  {
    // Public: the accessibility statement (linked from the sign-in, join and participant home pages).
    path: 'accessibility',
    title: 'accessibility.title',
    loadComponent: () => import('./accessibility/accessibility-statement').then((m) => m.AccessibilityStatement),
  },
  {
    // The first run: the one-time link the API prints while no organisation exists.
    path: 'setup',
    title: 'titles.setup',
    loadComponent: () => import('./auth/setup').then((m) => m.Setup),
  },
  {
    path: 'invite/:token',
    title: 'titles.invite',
    loadComponent: () => import('./auth/accept-invitation').then((m) => m.AcceptInvitation),
  },
  {
    // A one-time link to choose a password (admin-issued, e-mailed, or a new organisation's first admin).
    path: 'reset-password/:token',
    title: 'titles.resetPassword',
    loadComponent: () => import('./auth/reset-password').then((m) => m.ResetPassword),
  },
  {
    // A group's timeline editor (staff and the group's members; the API decides who sees the project).
    path: 'studio/projects/:projectId/timeline',
    title: 'timeline.heading',
    canActivate: [signedInGuard],
    loadComponent: () => import('./timeline/timeline-editor').then((m) => m.TimelineEditor),
  },
  {
    path: 'staff',
    canActivate: [staffGuard],
    loadChildren: () => import('./facilitate/facilitate.routes').then((m) => m.facilitateRoutes),
  },
  {
    path: 'home',
    canActivate: [participantGuard],
    loadChildren: () => import('./participate/participate.routes').then((m) => m.participateRoutes),
  },
  {
    // Groups' clip bins: staff and participants alike (the API decides what each may see).
    path: 'studio',
    canActivate: [signedInGuard],
    loadChildren: () => import('./studio/studio.routes').then((m) => m.studioRoutes),
  },
  {
    // Opened from the room's QR code (`?s=<session>&c=<code>`) or from the home screen.
    path: 'check-in',
    title: 'titles.checkIn',
    canActivate: [participantGuard],
    loadComponent: () => import('./participate/check-in').then((m) => m.CheckIn),
  },
  {
    // Live boards: participants join with a code or from their home, staff run them.
    path: 'board',
    loadChildren: () => import('./board/board.routes').then((m) => m.boardRoutes),
  },
  // Public, no sign-in: an organisation's catalogue, the watch page (HTML served by the API with
  // Open Graph tags) and the embeddable player.
  {
    path: 'catalogue/:slug',
    title: 'catalogue.title',
    loadComponent: () => import('./catalogue/catalogue-page').then((m) => m.CataloguePage),
  },
  {
    path: 'watch/:id',
    title: 'catalogue.watchTitle',
    loadComponent: () => import('./catalogue/watch-page').then((m) => m.WatchPage),
  },
  {
    path: 'embed/:id',
    title: 'catalogue.watchTitle',
    loadComponent: () => import('./catalogue/embed-page').then((m) => m.EmbedPage),
  },
  { path: '**', redirectTo: redirectToHome },
];
