import {
  GENERIC_VIEWER,
  patchFor,
  specialUsers,
  type ActorKind,
  type BoardState,
  type Change,
} from '@atelier/board-engine';
import type { BoardEventsRepository } from './board-events.repository.js';

const ALL_KINDS: ActorKind[] = ['participant', 'staff', 'presenter'];
const STAFF_KINDS: ActorKind[] = ['staff', 'presenter'];

/**
 * Sends one committed change to everyone on the board, each their own projection: one emit of the
 * generic patch to the board's room, except the people whose own patch differs (usually just the
 * actor: their `me` changed), who each get theirs — per viewer kind only when the kinds differ.
 * Only the kinds a person can be on the board as are computed: a participant joins only as a
 * participant, staff (the actor when staff, the facilitator) as staff or on the presenter screen.
 */
export function broadcastChange(
  events: BoardEventsRepository,
  before: BoardState,
  after: BoardState,
  change: Change,
  actor: { id: string; kind: ActorKind },
): void {
  const generic = patchFor(before, after, change, GENERIC_VIEWER);
  const genericJson = JSON.stringify(generic);
  const except: string[] = [];
  const personal: Array<() => void> = [];
  const staff = new Set([before.facilitator.id, after.facilitator.id]);
  if (actor.kind !== 'participant') staff.add(actor.id);
  for (const userId of specialUsers(before, after, change, actor.id)) {
    const kinds =
      userId === actor.id && actor.kind === 'participant'
        ? ['participant' as const]
        : staff.has(userId)
          ? STAFF_KINDS
          : ALL_KINDS;
    const patches = kinds.map((kind) => patchFor(before, after, change, { userId, kind }));
    const json = patches.map((p) => JSON.stringify(p));
    if (json.every((j) => j === genericJson)) continue;
    except.push(userId);
    if (kinds.length === 1 || json.every((j) => j === json[0]))
      personal.push(() => events.toUser(after.id, userId, patches[0]!));
    else personal.push(() => kinds.forEach((kind, i) => events.toUserAs(after.id, userId, kind, patches[i]!)));
  }
  events.broadcastExcept(after.id, generic, except);
  for (const send of personal) send();
}
