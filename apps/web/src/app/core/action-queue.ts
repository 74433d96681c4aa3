import { HttpClient, HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import { ErrorCode, IDEMPOTENCY_HEADER } from '@atelier/contracts';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { toShownError, type ShownError } from './api-error';
import { Connectivity, isNetworkFailure } from './connectivity';
import { randomId } from './random-id';

const STORAGE_KEY = (userId: string) => `atelier.queue.${userId}`;
/** While actions wait, the queue also tries this often (a phone may be "online" with no internet). */
const RETRY_MS = 10_000;
/**
 * A request unanswered after this long counts as "no network" (a weak Wi-Fi can hold one forever,
 * and the queue must not stay stuck behind it). If it did arrive, its Idempotency-Key makes the
 * next try get the first answer.
 */
const ANSWER_WITHIN_MS = 15_000;

export type QueuedKind = 'checkIn' | 'cantCome' | 'cantComeUndo' | 'consent' | 'mark';

/** One action waiting for the network, kept on the phone until Atelier has answered it. */
export interface QueuedAction {
  /** Also the `Idempotency-Key`: sent again after a lost answer, it is applied once. */
  id: string;
  kind: QueuedKind;
  method: 'POST' | 'PUT' | 'DELETE';
  url: string;
  body: unknown;
  /** When the person did it, on this phone's clock (a check-in sends how long ago that was). */
  doneAt: number;
  /** A few words to show beside it ("Cinéma pauvre", "Amina"). */
  label: string;
}

/** What became of an action sent later: Atelier's answer, or its refusal with the reason. */
export interface ActionOutcome {
  id: string;
  kind: QueuedKind;
  label: string;
  error: ShownError | null;
}

/** The answer to an action: done now (with Atelier's answer), or kept on the phone to send later. */
export type Sent<T> = { queued: false; value: T } | { queued: true };

/**
 * The one queue of actions that wait for the network: check-ins, "I can't come" and its undo,
 * consent answers and a trainer's marks. Each action is kept in localStorage with an id that goes
 * with it as `Idempotency-Key`; the queue sends them in order, one at a time, when the phone is back
 * online (and every 20 s while some wait), so each is applied once even when an answer is lost. An
 * action that gets no answer stays first in line; an answer — done or refused with a reason —
 * removes it and becomes an outcome the person sees. Board ops ride on the board's socket with
 * their own op ids and report their count here (`setElsewhere`), so the phone shows one number.
 */
@Injectable({ providedIn: 'root' })
export class ActionQueue {
  private readonly http = inject(HttpClient);
  private readonly connectivity = inject(Connectivity);
  private userId: string | null = null;
  private readonly queue = signal<QueuedAction[]>([]);
  private readonly elsewhere = signal<Record<string, number>>({});
  private flushing: Promise<void> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  readonly actions = this.queue.asReadonly();
  /** Everything this phone still has to send, board ops included. */
  readonly waiting = computed(
    () => this.queue().length + Object.values(this.elsewhere()).reduce((sum, n) => sum + n, 0),
  );
  readonly sending = signal(false);
  /** Answers to actions that had waited, newest last, until the person dismisses them. */
  readonly outcomes = signal<ActionOutcome[]>([]);

  constructor() {
    this.connectivity.onBack(() => void this.flush());
  }

  /** The signed-in person's waiting actions (a shared phone keeps each person's apart); null on sign-out. */
  use(userId: string | null): void {
    this.userId = userId;
    this.queue.set(userId ? this.load(userId) : []);
    this.outcomes.set([]);
    this.watch();
    if (this.queue().length) void this.flush();
  }

  /**
   * Sends an action now, or keeps it to send later when there is no network. A refusal for a
   * reason (the code expired, the session has ended…) is thrown as usual.
   */
  async send<T>(action: Omit<QueuedAction, 'id' | 'doneAt'> & { doneAt?: number }): Promise<Sent<T>> {
    const queued: QueuedAction = { ...action, id: randomId(), doneAt: action.doneAt ?? Date.now() };
    if (this.queue().length > 0 || !this.connectivity.online()) {
      this.push(queued);
      void this.flush();
      return { queued: true };
    }
    try {
      return { queued: false, value: await this.request<T>(queued) };
    } catch (error) {
      if (!isUnanswered(error)) throw error;
      this.push(queued);
      return { queued: true };
    }
  }

  /** Sends the waiting actions in order; stops at the first one that gets no answer. */
  flush(): Promise<void> {
    this.flushing ??= this.drain().finally(() => {
      this.flushing = null;
      this.sending.set(false);
    });
    return this.flushing;
  }

  /** Board ops (or any other sender) waiting under a name, for the one count shown. */
  setElsewhere(name: string, count: number): void {
    this.elsewhere.update((all) => {
      const { [name]: _, ...rest } = all;
      return count > 0 ? { ...rest, [name]: count } : rest;
    });
  }

  dismiss(id: string): void {
    this.outcomes.update((list) => list.filter((o) => o.id !== id));
  }

  private async drain(): Promise<void> {
    let next = this.queue()[0];
    while (next) {
      const action = next;
      this.sending.set(true);
      let error: ShownError | null = null;
      try {
        await this.request(action);
      } catch (failure) {
        if (isUnanswered(failure)) return;
        error = toShownError(failure);
      }
      this.queue.update((list) => list.filter((a) => a.id !== action.id));
      this.save();
      this.outcomes.update((list) => [...list, { id: action.id, kind: action.kind, label: action.label, error }]);
      next = this.queue()[0];
    }
  }

  private async request<T>(action: QueuedAction): Promise<T> {
    const body =
      action.kind === 'checkIn'
        ? { ...(action.body as object), typedSecondsAgo: Math.max(0, Math.round((Date.now() - action.doneAt) / 1000)) }
        : action.body;
    try {
      const value = await firstValueFrom(
        this.http
          .request<T>(action.method, action.url, {
            body,
            headers: new HttpHeaders({ [IDEMPOTENCY_HEADER]: action.id }),
          })
          .pipe(timeout(ANSWER_WITHIN_MS)),
      );
      this.connectivity.observed(null);
      return value;
    } catch (error) {
      this.connectivity.observed(error);
      throw error;
    }
  }

  private push(action: QueuedAction): void {
    this.queue.update((list) => [...list, action]);
    this.save();
    this.watch();
  }

  /** Retries on a timer only while something waits. */
  private watch(): void {
    if (this.queue().length > 0 && !this.timer) this.timer = setInterval(() => void this.flush(), RETRY_MS);
    if (this.queue().length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private load(userId: string): QueuedAction[] {
    try {
      const list = JSON.parse(globalThis.localStorage?.getItem(STORAGE_KEY(userId)) ?? '[]') as QueuedAction[];
      return Array.isArray(list) ? list.filter((a) => typeof a?.id === 'string' && typeof a.url === 'string') : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    this.watch();
    if (!this.userId) return;
    try {
      const list = this.queue();
      if (list.length === 0) globalThis.localStorage?.removeItem(STORAGE_KEY(this.userId));
      else globalThis.localStorage?.setItem(STORAGE_KEY(this.userId), JSON.stringify(list));
    } catch {
      // Private browsing or a full storage: the queue stays in memory while the page is open.
    }
  }
}

/**
 * Atelier did not answer this action (no network, no answer in time) or another copy of it is still
 * being answered: it stays in the queue to be sent again.
 */
function isUnanswered(error: unknown): boolean {
  if (error instanceof TimeoutError || isNetworkFailure(error)) return true;
  return (
    error instanceof HttpErrorResponse &&
    (error.error as { code?: string } | null)?.code === ErrorCode.IdempotencyInProgress
  );
}
