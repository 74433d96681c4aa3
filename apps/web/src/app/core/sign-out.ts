import { Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { Session } from './session';

/** Signs this browser out and shows the page to sign back in: join for participants. */
@Injectable({ providedIn: 'root' })
export class SignOut {
  private readonly session = inject(Session);
  private readonly router = inject(Router);

  async run(): Promise<void> {
    const wasParticipant = this.session.isParticipant();
    try {
      await this.session.signOut();
    } catch {
      // Forgotten here even when the server could not be told (offline).
    }
    await this.router.navigateByUrl(wasParticipant ? '/join' : '/sign-in');
  }
}
