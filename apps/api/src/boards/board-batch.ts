import { applyOp, type Actor, type ActorKind, type BoardState, type Change } from '@atelier/board-engine';
import { ErrorCode } from '@atelier/contracts';
import { DomainError } from '../common/domain-error.js';
import type { LoggedOp } from './board.repository.js';

/** One change applied to a board, with the states around it (for patches and the recent list). */
export interface RecentChange {
  before: BoardState;
  after: BoardState;
  change: Change;
  actorId: string;
  /** How the actor was on the board (a participant can be on it in no other way). */
  actorKind: ActorKind;
  opId: string;
}

/** A parsed and authorised op, as the board's log decides it. */
export interface OpRequest {
  opId: string;
  actor: Actor;
  op: LoggedOp['op'];
  /** For `facilitator.hand`: the new facilitator as the organisation knows them. */
  handTo?: { id: string; name: string };
}

/** An op's answer: its seq, or why it was refused (a DomainError) or failed. */
export type OpOutcome = number | Error;

/** Where an op id was logged before, and by whom. */
export interface EarlierOp {
  seq: number;
  actorId: string;
}

export interface DecidedBatch {
  /** The board after the applied ops. */
  state: BoardState;
  /** What to append to the log, with consecutive seqs after the starting state's. */
  entries: LoggedOp[];
  applied: RecentChange[];
  /** Each op's answer, in the batch's order. */
  outcomes: OpOutcome[];
}

/**
 * Decides a batch of ops in order on a board with the engine: a retry of an op id logged before (by
 * `earlier`, or earlier in this batch) gets its first seq — or a conflict when someone else used that
 * id — and is applied once; every other op is applied or refused. With `refusals: 'stop'` the
 * first refusal stops the decision (null): the caller cannot treat it as final on this state.
 */
export function decideBatch(
  start: BoardState,
  batch: readonly OpRequest[],
  now: number,
  earlier: (opId: string) => EarlierOp | undefined,
  refusals: 'answer' | 'stop',
): DecidedBatch | null {
  const outcomes: OpOutcome[] = [];
  const applied: RecentChange[] = [];
  const entries: LoggedOp[] = [];
  const inBatch = new Map<string, EarlierOp>();
  let state = start;
  for (const item of batch) {
    const before = earlier(item.opId) ?? inBatch.get(item.opId);
    if (before) {
      outcomes.push(
        before.actorId === item.actor.id
          ? before.seq
          : new DomainError(ErrorCode.BoardOpConflict, 'This op id was already used. Send the change with a new id.'),
      );
      continue;
    }
    const r = applyOp(state, item.op, { actor: item.actor, now, handTo: item.handTo });
    if (!r.ok) {
      if (refusals === 'stop') return null;
      outcomes.push(new DomainError(r.error.code, r.error.message));
      continue;
    }
    const entry: LoggedOp = { seq: r.state.seq, opId: item.opId, actor: item.actor, now, op: item.op };
    if (item.handTo) entry.handTo = item.handTo;
    entries.push(entry);
    applied.push({
      before: state,
      after: r.state,
      change: r.change,
      actorId: item.actor.id,
      actorKind: item.actor.kind,
      opId: item.opId,
    });
    inBatch.set(item.opId, { seq: r.state.seq, actorId: item.actor.id });
    outcomes.push(r.state.seq);
    state = r.state;
  }
  return { state, entries, applied, outcomes };
}
