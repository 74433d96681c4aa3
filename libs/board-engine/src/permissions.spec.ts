import { BoardAction, BoardTemplate, ErrorCode } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { allowedActions } from './permissions.js';
import { project } from './projection.js';
import { applyOp } from './reducer.js';
import type { Actor } from './state.js';
import { createBoard } from './templates.js';

const trainer: Actor = { id: 'u-trainer', name: 'Sara', kind: 'staff' };
const admin: Actor = { id: 'u-admin', name: 'Nadia', kind: 'staff', admin: true };
const amina: Actor = { id: 'u-amina', name: 'Amina', kind: 'participant' };
const board = () =>
  createBoard({
    id: 'board-1',
    title: 'Ideas',
    template: BoardTemplate.CoCreation,
    facilitator: { id: trainer.id, name: trainer.name },
  });
const me = (a: Actor) => ({ userId: a.id, kind: a.kind, admin: a.admin });

describe(allowedActions.name, () => {
  it('gives the same answer from the server state and from a phone view of it', () => {
    const state = board();
    for (const a of [trainer, admin, amina]) {
      const view = project(state, { userId: a.id, kind: a.kind });
      expect(allowedActions(view.meta, me(a))).toEqual(allowedActions(state, me(a)));
    }
  });

  it('participants: what the step allows, in its zones, nothing while locked; the presenter screen: nothing', () => {
    const state = board(); // the welcome round: add, edit, react, in the welcome zone
    const p = allowedActions(state, me(amina));
    expect([...p.permitted].sort()).toEqual([BoardAction.AddCard, BoardAction.EditCard, BoardAction.React].sort());
    expect(p.addZones).toEqual(['welcome']);
    expect(p.facilitate).toBe(false);
    expect(allowedActions({ ...state, locked: true }, me(amina)).permitted.size).toBe(0);
    expect(allowedActions(state, { userId: trainer.id, kind: 'presenter' })).toMatchObject({
      readOnly: true,
      facilitate: false,
    });
  });

  it('the facilitator may do everything anywhere, but is offered the step’s card buttons only; an admin may take over', () => {
    const f = allowedActions(board(), me(trainer));
    expect(f).toMatchObject({ facilitate: true, handOver: true, addZones: null });
    expect(f.permitted.has(BoardAction.Vote)).toBe(true);
    expect(f.offered.has(BoardAction.Vote)).toBe(false);
    expect(allowedActions(board(), me(admin))).toMatchObject({ facilitate: false, handOver: true });
  });

  it('is what the reducer enforces: a button it does not show is an op the server refuses', () => {
    const state = board();
    const vote = applyOp(state, { type: 'vote.add', cardId: 'card-00000001' }, { actor: amina, now: 1 });
    const wrongZone = applyOp(
      state,
      { type: 'card.add', cardId: 'card-00000001', zoneId: 'ideas', text: 'x' },
      { actor: amina, now: 1 },
    );
    const locked = applyOp(
      { ...state, locked: true },
      { type: 'card.add', cardId: 'card-00000001', zoneId: 'welcome', text: 'x' },
      { actor: amina, now: 1 },
    );
    expect(allowedActions(state, me(amina)).permitted.has(BoardAction.Vote)).toBe(false);
    expect(!vote.ok && vote.error.code).toBe(ErrorCode.BoardPhaseClosed);
    expect(!wrongZone.ok && wrongZone.error.code).toBe(ErrorCode.BoardPhaseClosed);
    expect(!locked.ok && locked.error.code).toBe(ErrorCode.BoardLocked);
  });
});
