import { HttpErrorResponse } from '@angular/common/http';
import { DestroyRef, Injectable, inject, signal } from '@angular/core';

/**
 * Whether this phone can reach Atelier: the browser's own online/offline state, corrected by what
 * our requests meet (a phone "online" on a Wi-Fi without internet fails its requests).
 */
@Injectable({ providedIn: 'root' })
export class Connectivity {
  private readonly state = signal(globalThis.navigator?.onLine !== false);
  readonly online = this.state.asReadonly();
  private readonly listeners: Array<() => void> = [];

  constructor() {
    const update = (): void => this.set(globalThis.navigator?.onLine !== false);
    globalThis.addEventListener?.('online', update);
    globalThis.addEventListener?.('offline', update);
    inject(DestroyRef).onDestroy(() => {
      globalThis.removeEventListener?.('online', update);
      globalThis.removeEventListener?.('offline', update);
    });
  }

  /** Calls `listener` each time the phone comes back online. */
  onBack(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** What a request met: a network failure means offline, any answer from the server means online. */
  observed(error: unknown): void {
    this.set(error === null || !isNetworkFailure(error));
  }

  private set(online: boolean): void {
    const was = this.state();
    this.state.set(online);
    if (online && !was) for (const listener of this.listeners) listener();
  }
}

/**
 * The request never got an answer from Atelier: no network (status 0), the service worker's own
 * "no network" answer (504), or a proxy in front that could not reach the API (502, 503 without our
 * error body). Such a request can simply be sent again later.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof HttpErrorResponse)) return false;
  if (error.status === 0 || error.status === 504 || error.status === 502) return true;
  return error.status === 503 && (error.error as { code?: string } | null)?.code === undefined;
}
