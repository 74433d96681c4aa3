import { HttpErrorResponse } from '@angular/common/http';
import { Injector } from '@angular/core';
import { AttendanceStatus, ErrorCode, type Mark, type Roster, type RosterEntry } from '@atelier/contracts';
import { describe, expect, it, jest } from '@jest/globals';
import { ActionQueue, type QueuedAction, type Sent } from '../../core/action-queue';
import { AttendanceApi } from '../../core/attendance-api';
import { OfflineCopy } from '../../core/offline-copy';
import { Session } from '../../core/session';
import { RosterState } from './roster-state';

const mark = (participantId: string, status: AttendanceStatus): Mark => ({
  sessionId: 's1',
  participantId,
  status,
  source: 'trainer',
  markedBy: 'Sam',
  markedAt: '',
});
const entry = (participantId: string, status: AttendanceStatus | null = null): RosterEntry => ({
  participantId,
  displayName: participantId.toUpperCase(),
  mark: status ? mark(participantId, status) : null,
  absence: null,
});
const roster = (...entries: RosterEntry[]): Roster => ({
  session: {} as Roster['session'],
  programmeTitle: 'P',
  entries,
});
const refused = new HttpErrorResponse({ status: 409, error: { code: ErrorCode.Conflict, message: 'No.' } });

/**
 * A RosterState over strict API mocks: a call nobody set up fails the test. Marks go through the
 * phone's action queue and reads through its offline copy; here the phone is online: the queue hands
 * each mark straight to `api.mark` (the server) and reads come from `api.roster`.
 */
async function newRosterState(first: Roster) {
  const strict = (name: string) =>
    jest.fn(() => {
      throw new Error(`unexpected call: ${name}`);
    });
  const api = {
    roster: jest.fn<(id: string) => Promise<Roster>>().mockResolvedValue(first),
    mark: strict('mark') as unknown as jest.Mock<AttendanceApi['mark']>,
    markRestAbsent: strict('markRestAbsent') as unknown as jest.Mock<AttendanceApi['markRestAbsent']>,
  };
  const injector = Injector.create({
    providers: [
      RosterState,
      { provide: AttendanceApi, useValue: api },
      { provide: Session, useValue: { me: () => null } },
      // Online: every read comes from the server (no copy kept on the phone is shown).
      {
        provide: OfflineCopy,
        useValue: {
          read: async <T>(_name: string, fetch: () => Promise<T>) => ({ value: await fetch(), savedAt: null }),
        },
      },
      {
        provide: ActionQueue,
        useValue: {
          send: async (action: Pick<QueuedAction, 'url' | 'body'>): Promise<Sent<RosterEntry>> => {
            const sessionId = decodeURIComponent(action.url.split('/')[3]!);
            return { queued: false, value: await api.mark(sessionId, action.body as never) };
          },
        },
      },
    ],
  });
  const sut = injector.get(RosterState);
  await sut.load('s1');
  return { sut, api };
}

const statusOf = (sut: RosterState, id: string) =>
  sut.roster()?.entries.find((e) => e.participantId === id)?.mark?.status ?? null;

describe(RosterState.name, () => {
  it('shows a tap at once and counts it, before the server answers', async () => {
    const { sut, api } = await newRosterState(roster(entry('amal'), entry('bo')));
    let answer!: (e: RosterEntry) => void;
    api.mark.mockReturnValue(new Promise<RosterEntry>((resolve) => (answer = resolve)));

    const sent = sut.mark(entry('amal'), AttendanceStatus.Present);

    expect(statusOf(sut, 'amal')).toBe(AttendanceStatus.Present);
    expect(sut.counts()).toMatchObject({ present: 1, unmarked: 1 });
    answer(entry('amal', AttendanceStatus.Present));
    expect(await sent).toBe(true);
    expect(api.mark).toHaveBeenCalledWith('s1', { participantId: 'amal', status: AttendanceStatus.Present });
  });

  it('puts a refused mark back, says why, and offers no undo for it', async () => {
    const { sut, api } = await newRosterState(roster(entry('amal', AttendanceStatus.Late)));
    api.mark.mockRejectedValue(refused);

    expect(await sut.mark(entry('amal', AttendanceStatus.Late), AttendanceStatus.Absent)).toBe(false);

    expect(statusOf(sut, 'amal')).toBe(AttendanceStatus.Late);
    expect(sut.error()?.code).toBe(ErrorCode.Conflict);
    expect(sut.lastChange()).toBeNull();
  });

  it('undo puts back what the last tap replaced', async () => {
    const { sut, api } = await newRosterState(roster(entry('amal', AttendanceStatus.Late)));
    api.mark.mockImplementation((_s, body) => Promise.resolve(entry(body.participantId, body.status)));
    await sut.mark(entry('amal', AttendanceStatus.Late), AttendanceStatus.Present);

    expect(await sut.undo()).toBe(true);

    expect(statusOf(sut, 'amal')).toBe(AttendanceStatus.Late);
    expect(api.mark).toHaveBeenLastCalledWith('s1', { participantId: 'amal', status: AttendanceStatus.Late });
    expect(sut.lastChange()).toBeNull();
  });

  it('a refresh takes in check-ins but keeps a row whose tap is still being sent', async () => {
    const { sut, api } = await newRosterState(roster(entry('amal'), entry('bo')));
    api.mark.mockReturnValue(new Promise<RosterEntry>(() => undefined));
    void sut.mark(entry('amal'), AttendanceStatus.Excused);
    api.roster.mockResolvedValue(roster(entry('amal'), entry('bo', AttendanceStatus.Present)));

    await sut.refresh();

    expect(statusOf(sut, 'amal')).toBe(AttendanceStatus.Excused);
    expect(statusOf(sut, 'bo')).toBe(AttendanceStatus.Present);
  });
});
