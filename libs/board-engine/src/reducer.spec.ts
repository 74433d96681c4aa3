import { BoardTemplate, ErrorCode, type BoardOp } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { patchFor } from './patch.js';
import { predict, PatchSequencer } from './predict.js';
import { project } from './projection.js';
import { applyOp, type ApplyResult } from './reducer.js';
import type { Actor, BoardState } from './state.js';
import { createBoard } from './templates.js';
import { parseOp } from './validate.js';

const trainer: Actor = { id: 'u-trainer', name: 'Sara', kind: 'staff' };
const amina: Actor = { id: 'u-amina', name: 'Amina', kind: 'participant' };
const yusuf: Actor = { id: 'u-yusuf', name: 'Yusuf', kind: 'participant' };
const screen: Actor = { id: 'u-trainer', name: 'Sara', kind: 'presenter' };

function board(template = BoardTemplate.Blank): BoardState {
  return createBoard({
    id: 'board-1',
    title: 'Our neighbourhood',
    template,
    facilitator: { id: trainer.id, name: trainer.name },
  });
}

let n = 0;
const cardId = () => `card-${String(++n).padStart(6, '0')}`;

function run(state: BoardState, actor: Actor, op: BoardOp): BoardState {
  const r = applyOp(state, op, { actor, now: 1_000 });
  if (!r.ok) throw new Error(`${op.type} refused: ${r.error.code} ${r.error.message}`);
  return r.state;
}

function refusal(r: ApplyResult): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.error.code;
}

function add(
  state: BoardState,
  actor: Actor,
  text = 'More benches in the park',
  zoneId = 'main',
): [BoardState, string] {
  const id = cardId();
  return [run(state, actor, { type: 'card.add', cardId: id, zoneId, text }), id];
}

describe('applyOp', () => {
  it('adds a card with its author, normalised text and the next seq', () => {
    const [s, id] = add(board(), amina, '  Un jardin 🌱\u0000 partagé \r\n');
    expect(s.seq).toBe(1);
    expect(s.cards.get(id)).toMatchObject({
      text: 'Un jardin 🌱 partagé',
      authorId: amina.id,
      authorName: 'Amina',
      revealed: true,
    });
  });

  it('counts an emoji as one character and refuses more than 500', () => {
    const family = '👨‍👩‍👧‍👦';
    expect(
      applyOp(
        board(),
        { type: 'card.add', cardId: cardId(), zoneId: 'main', text: family.repeat(500) },
        { actor: amina, now: 0 },
      ).ok,
    ).toBe(true);
    const r = applyOp(
      board(),
      { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'a'.repeat(501) },
      { actor: amina, now: 0 },
    );
    expect(refusal(r)).toBe(ErrorCode.BoardCardTooLong);
  });

  it('refuses an empty card without a photo, and accepts a photo alone', () => {
    expect(
      refusal(
        applyOp(
          board(),
          { type: 'card.add', cardId: cardId(), zoneId: 'main', text: '  \n ' },
          { actor: amina, now: 0 },
        ),
      ),
    ).toBe(ErrorCode.BoardCardEmpty);
    expect(
      applyOp(
        board(),
        { type: 'card.add', cardId: cardId(), zoneId: 'main', text: '', photoId: 'photo-0001' },
        { actor: amina, now: 0 },
      ).ok,
    ).toBe(true);
  });

  it('lets people edit and delete only their own cards', () => {
    const [s, id] = add(board(), amina);
    expect(refusal(applyOp(s, { type: 'card.edit', cardId: id, text: 'mine now' }, { actor: yusuf, now: 0 }))).toBe(
      ErrorCode.BoardNotAuthor,
    );
    expect(refusal(applyOp(s, { type: 'card.delete', cardId: id }, { actor: yusuf, now: 0 }))).toBe(
      ErrorCode.BoardNotAuthor,
    );
    const edited = run(s, amina, { type: 'card.edit', cardId: id, text: 'Benches and shade' });
    expect(edited.cards.get(id)!.text).toBe('Benches and shade');
    expect(run(edited, amina, { type: 'card.delete', cardId: id }).cards.get(id)).toBeUndefined();
  });

  it('enforces the phase: no cards during the dot vote of a co-creation session, and cards go in the phase zone', () => {
    let s = board(BoardTemplate.CoCreation);
    expect(
      refusal(applyOp(s, { type: 'card.add', cardId: cardId(), zoneId: 'ideas', text: 'x' }, { actor: amina, now: 0 })),
    ).toBe(ErrorCode.BoardPhaseClosed);
    [s] = add(s, amina, 'Hello, I am Amina', 'welcome');
    s = run(s, trainer, { type: 'phase.set', phaseId: 'vote' });
    expect(
      refusal(applyOp(s, { type: 'card.add', cardId: cardId(), zoneId: 'ideas', text: 'x' }, { actor: amina, now: 0 })),
    ).toBe(ErrorCode.BoardPhaseClosed);
    expect(refusal(applyOp(s, { type: 'phase.set', phaseId: 'ideas' }, { actor: amina, now: 0 }))).toBe(
      ErrorCode.BoardNotFacilitator,
    );
  });

  it('keeps a locked board read-only for everyone but the facilitator, and the presenter view always', () => {
    let s = run(board(), trainer, { type: 'lock.set', on: true });
    expect(
      refusal(applyOp(s, { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'x' }, { actor: amina, now: 0 })),
    ).toBe(ErrorCode.BoardLocked);
    [s] = add(s, trainer);
    expect(refusal(applyOp(s, { type: 'lock.set', on: false }, { actor: screen, now: 0 }))).toBe(
      ErrorCode.BoardReadOnly,
    );
  });

  it('enforces the dot budget per person and the maximum per card', () => {
    let s = board();
    const [s1, a] = add(s, amina);
    const [s2, b] = add(s1, yusuf);
    s = run(s2, trainer, { type: 'vote.start', votesPerPerson: 2, maxPerCard: 1 });
    s = run(s, amina, { type: 'vote.add', cardId: a });
    expect(refusal(applyOp(s, { type: 'vote.add', cardId: a }, { actor: amina, now: 0 }))).toBe(
      ErrorCode.BoardVoteCardMax,
    );
    s = run(s, amina, { type: 'vote.add', cardId: b });
    const [s3, c] = add(s, yusuf);
    expect(refusal(applyOp(s3, { type: 'vote.add', cardId: c }, { actor: amina, now: 0 }))).toBe(
      ErrorCode.BoardVoteBudgetSpent,
    );
    s = run(s3, amina, { type: 'vote.remove', cardId: a });
    s = run(s, amina, { type: 'vote.add', cardId: c });
    expect(s.votes.get(amina.id)).toEqual({ [b]: 1, [c]: 1 });
  });

  it('refuses votes outside an open vote, and reveals totals only when the facilitator ends it', () => {
    const [s0, a] = add(board(), amina);
    expect(refusal(applyOp(s0, { type: 'vote.add', cardId: a }, { actor: amina, now: 0 }))).toBe(
      ErrorCode.BoardVoteClosed,
    );
    let s = run(s0, trainer, { type: 'vote.start', votesPerPerson: 3, maxPerCard: 3 });
    s = run(s, yusuf, { type: 'vote.add', cardId: a });
    s = run(s, yusuf, { type: 'vote.add', cardId: a });
    expect(project(s, { userId: amina.id, kind: 'participant' }).cards[0]!.votes).toBeNull();
    expect(project(s, { userId: yusuf.id, kind: 'participant' }).me.votes).toEqual({ [a]: 2 });
    s = run(s, trainer, { type: 'vote.end' });
    expect(project(s, { userId: amina.id, kind: 'participant' }).cards[0]!.votes).toBe(2);
    expect(refusal(applyOp(s, { type: 'vote.add', cardId: a }, { actor: yusuf, now: 0 }))).toBe(
      ErrorCode.BoardVoteClosed,
    );
  });

  it('puts a card in at most one group and ungroups the cards of a deleted group', () => {
    const [s1, a] = add(board(), amina);
    let s = run(s1, yusuf, {
      type: 'group.create',
      groupId: 'group-0001',
      zoneId: 'main',
      title: 'Green',
      cardIds: [a],
    });
    s = run(s, yusuf, { type: 'group.create', groupId: 'group-0002', zoneId: 'main', title: 'Safety', cardIds: [a] });
    expect(s.cards.get(a)!.groupId).toBe('group-0002');
    s = run(s, trainer, { type: 'group.delete', groupId: 'group-0002' });
    expect(s.cards.get(a)!.groupId).toBeNull();
  });

  it('sets a server-held timer deadline from the time the op is applied', () => {
    const r = applyOp(board(), { type: 'timer.start', seconds: 120 }, { actor: trainer, now: 50_000 });
    expect(r.ok && r.state.timer).toEqual({ deadline: 170_000, seconds: 120 });
  });

  it('hands facilitation to another trainer, who then drives the board', () => {
    const other: Actor = { id: 'u-other', name: 'Lina', kind: 'staff' };
    expect(
      refusal(
        applyOp(board(), { type: 'facilitator.hand', to: { id: other.id, name: 'Lina' } }, { actor: amina, now: 0 }),
      ),
    ).toBe(ErrorCode.BoardNotFacilitator);
    const s = run(board(), trainer, { type: 'facilitator.hand', to: { id: other.id, name: 'Lina' } });
    expect(s.facilitator).toEqual({ id: other.id, name: 'Lina' });
    expect(refusal(applyOp(s, { type: 'lock.set', on: true }, { actor: trainer, now: 0 }))).toBe(
      ErrorCode.BoardNotFacilitator,
    );
    expect(applyOp(s, { type: 'lock.set', on: true }, { actor: other, now: 0 }).ok).toBe(true);
  });
});

describe('projection', () => {
  it('hidden mode: other people (facilitator and room screen included) get no trace of a card until reveal', () => {
    let s = run(board(), trainer, { type: 'hidden.set', on: true });
    let secret: string;
    [s, secret] = add(s, amina, 'My secret idea');
    for (const v of [
      { userId: yusuf.id, kind: 'participant' as const },
      { userId: trainer.id, kind: 'staff' as const },
      { userId: trainer.id, kind: 'presenter' as const },
    ]) {
      const view = project(s, v);
      expect(JSON.stringify(view)).not.toContain('My secret idea');
      expect(JSON.stringify(view)).not.toContain(secret);
      expect(view.hiddenCounts).toEqual({ main: 1 });
    }
    expect(project(s, { userId: amina.id, kind: 'participant' }).cards.map((c) => c.text)).toEqual(['My secret idea']);
    s = run(s, trainer, { type: 'hidden.set', on: false });
    expect(project(s, { userId: yusuf.id, kind: 'participant' }).cards.map((c) => c.text)).toEqual(['My secret idea']);
  });

  it('anonymous mode: no author ids for anyone; only the author knows the card is theirs, and it stays anonymous', () => {
    let s = run(board(), trainer, { type: 'anonymous.set', on: true });
    let id: string;
    [s, id] = add(s, amina);
    const forYusuf = JSON.stringify(project(s, { userId: yusuf.id, kind: 'participant' }));
    expect(forYusuf).not.toContain(amina.id);
    expect(forYusuf).not.toContain('Amina');
    expect(project(s, { userId: amina.id, kind: 'participant' }).me.cardIds).toEqual([id]);
    s = run(s, trainer, { type: 'anonymous.set', on: false });
    expect(JSON.stringify(project(s, { userId: yusuf.id, kind: 'participant' }))).not.toContain(amina.id);
  });

  it('moderation: a hidden card is gone for participants, marked for the facilitator and the author', () => {
    let [s, id] = add(board(), amina, 'rude words');
    s = run(s, trainer, { type: 'card.moderate', cardId: id, action: 'hide' });
    expect(project(s, { userId: yusuf.id, kind: 'participant' }).cards).toEqual([]);
    expect(project(s, { userId: trainer.id, kind: 'staff' }).cards[0]).toMatchObject({
      moderated: true,
      text: 'rude words',
    });
    expect(project(s, { userId: amina.id, kind: 'participant' }).cards[0]).toMatchObject({ moderated: true });
    s = run(s, trainer, { type: 'card.moderate', cardId: id, action: 'remove' });
    expect(s.cards.get(id)).toBeUndefined();
  });
});

describe('patches', () => {
  it('a dot is a seq-only patch for everybody but the voter', () => {
    let [s, id] = add(board(), amina);
    s = run(s, trainer, { type: 'vote.start', votesPerPerson: 3, maxPerCard: 2 });
    const r = applyOp(s, { type: 'vote.add', cardId: id }, { actor: yusuf, now: 0 });
    if (!r.ok) throw new Error('refused');
    expect(patchFor(s, r.state, r.change, { userId: amina.id, kind: 'participant' })).toEqual({
      boardId: 'board-1',
      seq: r.state.seq,
    });
    expect(patchFor(s, r.state, r.change, { userId: yusuf.id, kind: 'participant' }).me).toEqual({
      votes: { [id]: 1 },
    });
  });

  it('the sequencer applies patches in order and reports a gap', () => {
    const viewer = { userId: yusuf.id, kind: 'participant' as const };
    const s0 = board();
    const r1 = applyOp(
      s0,
      { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'one' },
      { actor: amina, now: 0 },
    );
    if (!r1.ok) throw new Error('refused');
    const r2 = applyOp(
      r1.state,
      { type: 'card.add', cardId: cardId(), zoneId: 'main', text: 'two' },
      { actor: amina, now: 0 },
    );
    if (!r2.ok) throw new Error('refused');
    const p1 = patchFor(s0, r1.state, r1.change, viewer);
    const p2 = patchFor(r1.state, r2.state, r2.change, viewer);
    const seq = new PatchSequencer(project(s0, viewer));

    expect(seq.push(p2)).toBe(false);
    expect(seq.gap()).toBe(true);
    expect(seq.push(p1)).toBe(true);
    expect(seq.gap()).toBe(false);
    expect(seq.view).toEqual(project(r2.state, viewer));
  });

  it('predict shows a pending card at once, and leaves out an op the server would refuse', () => {
    const s = run(board(), trainer, { type: 'vote.start', votesPerPerson: 1, maxPerCard: 1 });
    const view = project(s, { userId: amina.id, kind: 'participant' });
    const shown = predict(
      view,
      [
        { opId: 'op-1', op: { type: 'card.add', cardId: 'card-pending', zoneId: 'main', text: 'Pending' } },
        { opId: 'op-2', op: { type: 'vote.add', cardId: 'card-pending' } },
        { opId: 'op-3', op: { type: 'vote.add', cardId: 'card-pending' } },
      ],
      { name: 'Amina' },
      0,
    );
    expect(shown.cards.map((c) => c.text)).toEqual(['Pending']);
    expect(shown.me.votes).toEqual({ 'card-pending': 1 });
  });
});

describe(parseOp.name, () => {
  it('keeps a well-formed op and drops unknown fields', () => {
    expect(parseOp({ type: 'card.add', cardId: 'card-0001', zoneId: 'main', text: 'hi', evil: '<script>' })).toEqual({
      ok: true,
      op: { type: 'card.add', cardId: 'card-0001', zoneId: 'main', text: 'hi' },
    });
  });

  it.each([
    ['not an object', 'hello'],
    ['an unknown type', { type: 'board.drop' }],
    ['a bad id', { type: 'card.delete', cardId: '../../etc' }],
    ['a huge text', { type: 'card.add', cardId: 'card-0001', zoneId: 'main', text: 'x'.repeat(100_000) }],
    ['a vote budget out of range', { type: 'vote.start', votesPerPerson: 1000, maxPerCard: 1 }],
    ['an unknown reaction', { type: 'card.react', cardId: 'card-0001', reaction: '💩', on: true }],
  ])('refuses %s with board_invalid_op', (_, input) => {
    const r = parseOp(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe(ErrorCode.BoardInvalidOp);
  });
});
