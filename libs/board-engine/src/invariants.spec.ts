import { BOARD_REACTIONS, BoardAction, BoardTemplate, type BoardOp } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyPatch, GENERIC_VIEWER, patchFor, specialUsers } from './patch.js';
import { project } from './projection.js';
import { applyOp } from './reducer.js';
import type { Actor, BoardState, Viewer } from './state.js';
import { createBoard } from './templates.js';

/**
 * Property tests: random sequences of ops by random people (accepted or refused) never break the
 * board's promises, and the patches the server sends always rebuild exactly each viewer's view.
 */

const trainer: Actor = { id: 'user-trainer', name: 'Sara', kind: 'staff' };
const other: Actor = { id: 'user-other-trainer', name: 'Lina', kind: 'staff', admin: true };
const people: Actor[] = ['user-amina', 'user-yusuf', 'user-olena'].map((id, i) => ({
  id,
  name: `P${i}`,
  kind: 'participant',
}));
const screen: Actor = { id: 'user-trainer', name: 'Sara', kind: 'presenter' };
const actorArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(trainer) },
  { weight: 1, arbitrary: fc.constant(other) },
  { weight: 8, arbitrary: fc.constantFrom(...people) },
  { weight: 1, arbitrary: fc.constant(screen) },
);
const viewers: Viewer[] = [
  ...[trainer, other, ...people, screen].map((a) => ({ userId: a.id, kind: a.kind })),
  GENERIC_VIEWER,
];
const everyone = [trainer, other, ...people].map((a) => a.id);

const cardIds = ['card-aaaaaaa1', 'card-bbbbbbb2', 'card-ccccccc3', 'card-ddddddd4', 'card-eeeeeee5', 'card-fffffff6'];
const groupIds = ['group-aaaaaa1', 'group-bbbbbb2'];
const zones = ['ideas', 'actions'];

const cardId = fc.constantFrom(...cardIds);
const groupId = fc.constantFrom(...groupIds);
const zoneId = fc.constantFrom(...zones);

const opArb: fc.Arbitrary<BoardOp> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('card.add' as const),
      cardId,
      zoneId,
      text: fc.constantFrom('idea', 'مرحبا 🌱', ''),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('card.edit' as const),
      cardId,
      text: fc.constantFrom('edited', 'x'.repeat(501)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('card.move' as const), cardId, zoneId }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('card.delete' as const), cardId }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('card.react' as const),
      cardId,
      reaction: fc.constantFrom(...BOARD_REACTIONS.slice(0, 2)),
      on: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('card.group' as const),
      cardId,
      groupId: fc.option(groupId, { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('group.create' as const),
      groupId,
      zoneId,
      title: fc.constant('Cluster'),
      cardIds: fc.subarray(cardIds, { maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('group.delete' as const), groupId }) },
  { weight: 12, arbitrary: fc.record({ type: fc.constant('vote.add' as const), cardId }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('vote.remove' as const), cardId }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('vote.start' as const),
      votesPerPerson: fc.integer({ min: 1, max: 4 }),
      maxPerCard: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'vote.end' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('phase.set' as const),
      phaseId: fc.constantFrom('open', 'open', 'write', 'vote'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constantFrom('hidden.set' as const, 'anonymous.set' as const, 'lock.set' as const),
      on: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('card.moderate' as const),
      cardId,
      action: fc.constantFrom('hide' as const, 'show' as const, 'remove' as const),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('facilitator.hand' as const),
      to: fc.constantFrom({ id: trainer.id, name: 'Sara' }, { id: other.id, name: 'Lina' }),
    }),
  },
);

/** Each run starts in hidden and/or anonymous mode or not, with a vote open, and four cards written by random people. */
const steps = fc
  .record({
    hidden: fc.boolean(),
    anonymous: fc.boolean(),
    authors: fc.array(fc.constantFrom(trainer, ...people), { minLength: 4, maxLength: 4 }),
    ops: fc.array(fc.tuple(actorArb, opArb), { minLength: 10, maxLength: 80 }),
  })
  .map(({ hidden, anonymous, authors, ops }): [Actor, BoardOp][] => [
    [trainer, { type: 'hidden.set', on: hidden }],
    [trainer, { type: 'anonymous.set', on: anonymous }],
    [trainer, { type: 'vote.start', votesPerPerson: 2, maxPerCard: 1 }],
    ...authors.map((a, i): [Actor, BoardOp] => [
      a,
      { type: 'card.add', cardId: cardIds[i]!, zoneId: zones[i % 2]!, text: `idea ${i}` },
    ]),
    ...ops,
  ]);

/** A blank board with two zones and three phases, so that most random ops are allowed and the rest are refused for a reason. */
function fresh(): BoardState {
  const board = createBoard({
    id: 'board-prop',
    title: 'Property',
    template: BoardTemplate.Blank,
    facilitator: { id: trainer.id, name: 'Sara' },
  });
  const open = board.phases[0]!;
  return {
    ...board,
    zones: zones.map((id) => ({ id, title: id, titleKey: id, kind: 'cards' as const })),
    phases: [
      open,
      { ...open, id: 'write', allows: [BoardAction.AddCard, BoardAction.EditCard], zoneIds: ['ideas'] },
      { ...open, id: 'vote', allows: [BoardAction.Vote] },
    ],
  };
}

/** Runs a sequence, calling `check(before, after, ...)` after every accepted op. */
function play(
  seq: [Actor, BoardOp][],
  check: (
    before: BoardState,
    after: BoardState,
    actor: Actor,
    r: Extract<ReturnType<typeof applyOp>, { ok: true }>,
  ) => void,
): void {
  let state = fresh();
  let now = 1_000;
  for (const [actor, op] of seq) {
    const frozen = JSON.stringify(state);
    const r = applyOp(state, op, { actor, now: (now += 1000) });
    expect(JSON.stringify(state)).toBe(frozen); // the old state is never changed, refused or not
    if (!r.ok) continue;
    expect(r.state.seq).toBe(state.seq + 1);
    check(state, r.state, actor, r);
    state = r.state;
  }
}

const runs = { numRuns: 300 };

describe('board invariants (fast-check)', () => {
  it('nobody ever has more dots than the budget, or more than the maximum on one card', () => {
    fc.assert(
      fc.property(steps, (seq) =>
        play(seq, (_, s) => {
          for (const mine of s.votes.values()) {
            expect(Object.values(mine).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(s.vote.votesPerPerson);
            for (const [card, n] of Object.entries(mine)) {
              expect(n).toBeLessThanOrEqual(s.vote.maxPerCard);
              expect(n).toBeGreaterThan(0);
              expect(s.cards.get(card)).toBeDefined();
            }
          }
        }),
      ),
      runs,
    );
  });

  it('a card not yet revealed is never in anyone else’s projection (not its text, not its id)', () => {
    fc.assert(
      fc.property(steps, (seq) =>
        play(seq, (_, s) => {
          for (const v of viewers) {
            const json = JSON.stringify(project(s, v));
            for (const card of s.cards.values()) {
              if (card.revealed || (card.authorId === v.userId && v.kind !== 'presenter')) continue;
              expect(json).not.toContain(card.id);
            }
          }
        }),
      ),
      runs,
    );
  });

  it('every card is in at most one group, and only in an existing group of its own zone', () => {
    fc.assert(
      fc.property(steps, (seq) =>
        play(seq, (_, s) => {
          for (const card of s.cards.values()) {
            if (card.groupId === null) continue;
            expect(s.groups[card.groupId]).toBeDefined();
            expect(s.groups[card.groupId]!.zoneId).toBe(card.zoneId);
          }
          for (const v of viewers) {
            const ids = project(s, v).cards.map((c) => c.id);
            expect(new Set(ids).size).toBe(ids.length);
          }
        }),
      ),
      runs,
    );
  });

  it('in anonymous mode no projection carries another person’s id', () => {
    fc.assert(
      fc.property(steps, (seq) =>
        play(seq, (_, s) => {
          if (!s.anonymous) return;
          for (const v of viewers) {
            const view = project(s, v);
            const json = JSON.stringify({
              ...view,
              meta: { ...view.meta, facilitator: null },
              me: { ...view.me, userId: null },
            });
            for (const id of everyone) expect(json).not.toContain(id);
          }
        }),
      ),
      runs,
    );
  });

  it('patches rebuild every viewer’s projection exactly, and ordinary viewers all get the same patch', () => {
    fc.assert(
      fc.property(steps, (seq) =>
        play(seq, (before, after, actor, r) => {
          const special = specialUsers(before, after, r.change, actor.id);
          const generic = patchFor(before, after, r.change, GENERIC_VIEWER);
          for (const v of viewers) {
            const patch = patchFor(before, after, r.change, v);
            expect(applyPatch(project(before, v), patch)).toEqual(project(after, v));
            if (!special.has(v.userId)) expect(patch).toEqual(generic);
          }
        }),
      ),
      runs,
    );
  });
});
