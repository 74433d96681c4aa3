import { GENERIC_VIEWER, patchFor, specialUsers, type ActorKind, type BoardState, type Change } from '@atelier/board-engine';
import type { BoardEventsRepository } from './board-events.repository.js';

const KINDS: ActorKind[] = ['participant', 'staff', 'presenter'];

/**
 * Sends one committed change to everyone on the board, each their own projection: one emit of the
 * generic patch to the board's room, except the people whose own patch differs (usually just the
 * actor: their `me` changed), who each get theirs — per viewer kind only when the kinds differ.
 */
export function broadcastChange(events: BoardEventsRepository, before: BoardState, after: BoardState, change: Change, actorId: string): void {
  const generic = patchFor(before, after, change, GENERIC_VIEWER);
  const genericJson = JSON.stringify(generic);
  const except: string[] = [];
  const personal: Array<() => void> = [];
  for (const userId of specialUsers(before, after, change, actorId)) {
    const patches = KINDS.map((kind) => patchFor(before, after, change, { userId, kind }));
    const json = patches.map((p) => JSON.stringify(p));
    if (json.every((j) => j === genericJson)) continue;
    except.push(userId);
    if (json.every((j) => j === json[0])) personal.push(() => events.toUser(after.id, userId, patches[0]!));
    else personal.push(() => KINDS.forEach((kind, i) => events.toUserAs(after.id, userId, kind, patches[i]!)));
  }
  events.broadcastExcept(after.id, generic, except);
  for (const send of personal) send();
}
