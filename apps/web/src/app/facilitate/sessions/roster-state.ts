import { Injectable, computed, inject, signal } from '@angular/core';
import { AttendanceStatus, type Roster, type RosterEntry } from '@atelier/contracts';
import { ActionQueue } from '../../core/action-queue';
import { toShownError, type ShownError } from '../../core/api-error';
import { AttendanceApi } from '../../core/attendance-api';
import { OfflineCopy } from '../../core/offline-copy';
import { Session } from '../../core/session';

/** What the last tap changed, so Undo can put it back. */
export interface RosterChange {
  status: AttendanceStatus | null;
  items: Array<{ participantId: string; displayName: string; previous: AttendanceStatus | null }>;
}

export type RosterCounts = Record<AttendanceStatus | 'unmarked', number>;

/**
 * One session's roster while a trainer takes attendance: a tap shows at once and is sent in the
 * background (put back, with a message, if the server refuses), and the last change can be undone.
 * With no network a mark waits in the phone's queue (`ActionQueue`) and is sent when it is back.
 * Provided by the roster page, so each visit starts fresh.
 */
@Injectable()
export class RosterState {
  private readonly api = inject(AttendanceApi);
  private readonly me = inject(Session);
  private readonly queue = inject(ActionQueue);
  private readonly copy = inject(OfflineCopy);
  private readonly inFlight = new Map<string, number>();
  private sessionId = '';

  readonly roster = signal<Roster | null>(null);
  readonly lastChange = signal<RosterChange | null>(null);
  readonly error = signal<ShownError | null>(null);
  readonly busy = signal<string | null>(null);

  readonly counts = computed<RosterCounts>(() => {
    const counts: RosterCounts = { present: 0, late: 0, excused: 0, absent: 0, unmarked: 0 };
    for (const entry of this.roster()?.entries ?? []) counts[entry.mark?.status ?? 'unmarked']++;
    return counts;
  });

  async load(sessionId: string): Promise<void> {
    this.sessionId = sessionId;
    // A trainer who loses the network in the room can reload the roster from the phone's copy.
    this.roster.set((await this.copy.read(`roster.${sessionId}`, () => this.api.roster(sessionId))).value);
  }

  /** Takes in check-ins and other trainers' marks, keeping rows whose change is still being sent. */
  async refresh(): Promise<void> {
    if (!this.sessionId) return;
    const fresh = await this.api.roster(this.sessionId);
    this.roster.update((current) => ({
      ...fresh,
      entries: fresh.entries.map((entry) =>
        this.inFlight.has(entry.participantId)
          ? (current?.entries.find((e) => e.participantId === entry.participantId) ?? entry)
          : entry,
      ),
    }));
  }

  /** Sets a mark at once on screen, then on the server; false when the server refused it. */
  async mark(entry: RosterEntry, status: AttendanceStatus | null, undoable = true): Promise<boolean> {
    const previous = entry.mark?.status ?? null;
    if (previous === status) return true;
    const id = entry.participantId;
    this.put(this.withStatus(entry, status));
    if (undoable) {
      this.lastChange.set({ status, items: [{ participantId: id, displayName: entry.displayName, previous }] });
    }
    this.error.set(null);
    this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
    let queued = false;
    try {
      const sent = await this.queue.send<RosterEntry>({
        kind: 'mark',
        method: 'PUT',
        url: `/api/sessions/${encodeURIComponent(this.sessionId)}/marks`,
        body: { participantId: id, status },
        label: entry.displayName,
      });
      // Kept on the phone: the row keeps its new mark (a refresh does not put the old one back).
      queued = sent.queued;
      if (!sent.queued && this.statusOf(id) === status) this.put(sent.value);
      return true;
    } catch (error) {
      if (this.statusOf(id) === status) this.put(entry);
      this.error.set(toShownError(error));
      if (undoable && this.lastChange()?.items[0]?.participantId === id) this.lastChange.set(null);
      return false;
    } finally {
      const left = (this.inFlight.get(id) ?? 1) - 1;
      if (queued) {
        // Stays "in flight" for this visit: a refresh must not show the old mark while it waits.
      } else if (left > 0) this.inFlight.set(id, left);
      else this.inFlight.delete(id);
    }
  }

  /** Everyone still without a mark is marked absent. */
  async markRestAbsent(): Promise<void> {
    const unmarked = (this.roster()?.entries ?? []).filter((e) => !e.mark);
    if (unmarked.length === 0) return;
    await this.run('rest', async () => {
      this.roster.set(await this.api.markRestAbsent(this.sessionId));
      this.lastChange.set({
        status: AttendanceStatus.Absent,
        items: unmarked.map((e) => ({ participantId: e.participantId, displayName: e.displayName, previous: null })),
      });
    });
  }

  /** Puts back what the last change replaced (or clears the marks it set). */
  async undo(): Promise<boolean> {
    const change = this.lastChange();
    if (!change) return false;
    this.lastChange.set(null);
    this.busy.set('undo');
    try {
      const results = await Promise.all(
        change.items.map((item) => {
          const entry = this.roster()?.entries.find((e) => e.participantId === item.participantId);
          return entry ? this.mark(entry, item.previous, false) : Promise.resolve(true);
        }),
      );
      return results.every(Boolean);
    } finally {
      this.busy.set(null);
    }
  }

  /** Confirms (excused) or declines a participant's "I can't come". */
  async decide(entry: RosterEntry, decision: 'confirm' | 'decline'): Promise<void> {
    const absence = entry.absence;
    if (!absence) return;
    await this.run(absence.id, async () => {
      this.put(
        decision === 'confirm' ? await this.api.confirmAbsence(absence.id) : await this.api.declineAbsence(absence.id),
      );
    });
  }

  private async run(key: string, action: () => Promise<void>): Promise<void> {
    this.busy.set(key);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
    }
  }

  private statusOf(participantId: string): AttendanceStatus | null {
    return this.roster()?.entries.find((e) => e.participantId === participantId)?.mark?.status ?? null;
  }

  private put(entry: RosterEntry): void {
    this.roster.update((roster) =>
      roster
        ? {
            ...roster,
            entries: roster.entries.map((e) => (e.participantId === entry.participantId ? entry : e)),
          }
        : roster,
    );
  }

  private withStatus(entry: RosterEntry, status: AttendanceStatus | null): RosterEntry {
    if (status === null) return { ...entry, mark: null };
    return {
      ...entry,
      mark: {
        sessionId: this.sessionId,
        participantId: entry.participantId,
        status,
        source: 'trainer',
        markedBy: this.me.me()?.user.displayName ?? null,
        markedAt: new Date().toISOString(),
      },
    };
  }
}
