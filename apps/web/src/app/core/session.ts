import { Injectable, computed, inject, signal } from '@angular/core';
import {
  ErrorCode,
  Role,
  isStaff,
  type AcceptInvitationRequest,
  type LoginRequest,
  type Me,
  type SetupRequest,
} from '@atelier/contracts';
import { ActionQueue } from './action-queue';
import { toShownError, type ShownError } from './api-error';
import { AuthApi } from './auth-api';
import { deviceLabel } from './device-label';
import { LanguageService } from './language';
import { OfflineCopy } from './offline-copy';

/**
 * Who is signed in on this browser. Loaded once from `GET /api/me` when the app starts, then kept
 * up to date by signing in, joining, accepting an invitation and signing out.
 */
@Injectable({ providedIn: 'root' })
export class Session {
  private readonly api = inject(AuthApi);
  private readonly language = inject(LanguageService);
  private readonly copy = inject(OfflineCopy);
  private readonly queue = inject(ActionQueue);
  private readonly state = signal<Me | null>(null);

  readonly me = this.state.asReadonly();
  readonly signedIn = computed(() => this.state() !== null);
  readonly isStaff = computed(() => {
    const me = this.state();
    return me !== null && isStaff(me.role);
  });
  readonly isAdmin = computed(() => this.state()?.role === Role.Admin);
  readonly isParticipant = computed(() => this.state()?.role === Role.Participant);
  readonly isInstanceAdmin = computed(() => this.state()?.instanceAdmin === true);

  /** Why the server ended this browser's session (e.g. the organisation was suspended), for the sign-in page to say. */
  private readonly ended = signal<ShownError | null>(null);

  /**
   * Asks the API who is signed in; a 401 means nobody. With no network, the person last signed in
   * on this phone (kept by `OfflineCopy`) stays signed in, so their home opens offline.
   */
  async restore(): Promise<Me | null> {
    try {
      this.set((await this.copy.read('me', () => this.api.me())).value);
    } catch (error) {
      this.set(null);
      if (toShownError(error).code === ErrorCode.OrganisationSuspended) this.ended.set(toShownError(error));
    }
    return this.state();
  }

  /** Forgets a session the server refused for a reason the person must read (shown once, on the next sign-in page). */
  end(reason: ShownError): void {
    this.ended.set(reason);
    this.set(null);
  }

  /** The reason the last session ended, once. */
  takeEndedReason(): ShownError | null {
    const reason = this.ended();
    this.ended.set(null);
    return reason;
  }

  async signIn(body: LoginRequest): Promise<Me> {
    return this.begin(await this.api.login(body));
  }

  /** Signs this device in as a participant with the code their trainer gave them. */
  async join(code: string): Promise<Me> {
    return this.begin(await this.api.join({ code, deviceLabel: deviceLabel() }));
  }

  async acceptInvitation(token: string, body: AcceptInvitationRequest): Promise<Me> {
    return this.begin(await this.api.acceptInvitation(token, body));
  }

  /** The first run: creates the first organisation and its admin, who is then signed in here. */
  async completeSetup(body: SetupRequest): Promise<Me> {
    return this.begin(await this.api.setup(body));
  }

  /** Ends the session on the server and forgets it here, even when the server cannot be reached. */
  async signOut(): Promise<void> {
    try {
      await this.api.logout();
    } finally {
      this.set(null);
    }
  }

  /** Replaces the signed-in person with a fresher copy from the API. */
  update(me: Me): void {
    this.set(me);
  }

  /** Shows a renamed organisation without asking the API again. */
  renameOrganisation(name: string): void {
    this.state.update((me) => (me ? { ...me, organisation: { ...me.organisation, name } } : me));
  }

  /** Forgets a session the server no longer accepts. */
  forget(): void {
    this.set(null);
  }

  /**
   * Who is signed in, with what this phone keeps for them: their copy of `/api/me` and their queue
   * of waiting actions. Nobody signed in: the copies are forgotten (a shared phone).
   */
  private set(me: Me | null): void {
    const before = this.state()?.user.id ?? null;
    this.state.set(me);
    if (me) this.copy.keep('me', me);
    else this.copy.forgetAll();
    if ((me?.user.id ?? null) !== before) this.queue.use(me?.user.id ?? null);
  }

  /**
   * A new session starts in the language the person tapped on the join or sign-in screen (saved to
   * their profile, so it follows them), else in their profile's language.
   */
  private async begin(signedIn: Me): Promise<Me> {
    let me = signedIn;
    const picked = this.language.pickedBeforeSignIn();
    this.language.pickBeforeSignIn(null);
    if (picked && picked !== me.user.preferredLanguage) {
      try {
        me = await this.api.updateMe({ preferredLanguage: picked });
      } catch {
        // Not saved (offline?): this device still shows their pick; the profile catches up later.
      }
    }
    // Whatever this phone kept for the person before belongs to them no longer.
    this.copy.forgetAll();
    this.set(me);
    try {
      await this.language.use(picked ?? me.user.preferredLanguage);
    } catch {
      // Their language could not be loaded (offline?): keep showing the current one.
    }
    return me;
  }
}
