import { Injectable, inject } from '@angular/core';
import { Connectivity, isNetworkFailure } from './connectivity';

const PREFIX = 'atelier.copy.';

/** A value read from Atelier, or the copy kept on this phone (then `savedAt` says when it was read). */
export interface Kept<T> {
  value: T;
  /** When the shown copy was read from Atelier; null when it was read just now. */
  savedAt: number | null;
}

/**
 * The last answer of the reads a person needs without a network (who they are, their sessions
 * with their marks, their programmes, boards and consent requests), kept in localStorage. A read
 * that gets no answer shows the copy with the time it was read. Kept by the app, not by the
 * service worker's cache: the app knows when each copy was read, and forgets all of them when the
 * person signs out of a shared phone.
 */
@Injectable({ providedIn: 'root' })
export class OfflineCopy {
  private readonly connectivity = inject(Connectivity);

  async read<T>(name: string, fetch: () => Promise<T>): Promise<Kept<T>> {
    try {
      const value = await fetch();
      this.connectivity.observed(null);
      this.keep(name, value);
      return { value, savedAt: null };
    } catch (error) {
      this.connectivity.observed(error);
      const kept = isNetworkFailure(error) ? this.load<T>(name) : null;
      if (!kept) throw error;
      return kept;
    }
  }

  /** The copy alone (no request), e.g. who was signed in, while the first answer is awaited. */
  load<T>(name: string): Kept<T> | null {
    try {
      const raw = globalThis.localStorage?.getItem(PREFIX + name);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as { value: T; at: number };
      return { value: parsed.value, savedAt: parsed.at };
    } catch {
      return null;
    }
  }

  /** Forgets every copy (signing out: the next person on this phone must not see them). */
  forgetAll(): void {
    try {
      const storage = globalThis.localStorage;
      if (!storage) return;
      const names = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
        (key): key is string => key?.startsWith(PREFIX) === true,
      );
      for (const key of names) storage.removeItem(key);
    } catch {
      // No storage: nothing was kept.
    }
  }

  /** Keeps a value read some other way (e.g. who signed in, from the sign-in's answer). */
  keep(name: string, value: unknown): void {
    try {
      globalThis.localStorage?.setItem(PREFIX + name, JSON.stringify({ value, at: Date.now() }));
    } catch {
      // Full or private storage: the phone simply has no copy.
    }
  }
}
