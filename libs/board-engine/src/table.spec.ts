import fc from 'fast-check';
import { Table } from './table.js';

describe('Table', () => {
  it('sets, reads and deletes without changing the table it came from', () => {
    const empty = Table.empty<number>();
    const one = empty.set('card-aaaa', 1);
    const two = one.set('card-bbbb', 2);
    const changed = two.set('card-aaaa', 10);
    const removed = changed.delete('card-bbbb');
    expect([empty.size, one.size, two.size, changed.size, removed.size]).toEqual([0, 1, 2, 2, 1]);
    expect(one.get('card-aaaa')).toBe(1);
    expect(two.get('card-aaaa')).toBe(1);
    expect(changed.get('card-aaaa')).toBe(10);
    expect(removed.has('card-bbbb')).toBe(false);
    expect(two.has('card-bbbb')).toBe(true);
    expect(empty.get('card-aaaa')).toBeUndefined();
  });

  it('returns itself when nothing changes', () => {
    const t = Table.from({ a: 1 });
    expect(t.set('a', 1)).toBe(t);
    expect(t.delete('missing')).toBe(t);
    expect(t.map((v) => v)).toBe(t);
  });

  it('serialises as a plain object and reads it back, "__proto__" included as an ordinary id', () => {
    const t = Table.from<{ n: number }>([]).set('__proto__', { n: 1 }).set('card-1234', { n: 2 });
    const json = JSON.parse(JSON.stringify({ cards: t })) as { cards: Record<string, { n: number }> };
    expect(Object.getPrototypeOf(json.cards)).toBe(Object.prototype);
    expect(Object.keys(json.cards).sort()).toEqual(['__proto__', 'card-1234']);
    const back = Table.from(json.cards);
    expect(back.size).toBe(2);
    expect(back.get('__proto__')).toEqual({ n: 1 });
    expect(back).toEqual(t);
  });

  it('map changes only the values it returns new, and shares the rest', () => {
    const a = { id: 'a', on: false };
    const b = { id: 'b', on: true };
    const t = Table.from({ a, b });
    const u = t.map((v) => (v.on ? v : { ...v, on: true }));
    expect(u.get('a')).toEqual({ id: 'a', on: true });
    expect(u.get('b')).toBe(b);
    expect(t.get('a')).toBe(a);
  });

  it('behaves like a Map under any sequence of sets and deletes (and equal contents compare equal)', () => {
    const key = fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `id-${i.toString(36).padStart(6, '0')}`));
    const step = fc.oneof(
      fc.tuple(fc.constant('set' as const), key, fc.integer()),
      fc.tuple(fc.constant('delete' as const), key, fc.constant(0)),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const model = new Map<string, number>();
        let t = Table.empty<number>();
        const seen: Array<[Table<number>, Map<string, number>]> = [];
        for (const [kind, k, v] of steps) {
          if (kind === 'set') {
            model.set(k, v);
            t = t.set(k, v);
          } else {
            model.delete(k);
            t = t.delete(k);
          }
          seen.push([t, new Map(model)]);
        }
        // Every intermediate table still holds what it held when it was made.
        for (const [table, snapshot] of seen) {
          expect(table.size).toBe(snapshot.size);
          expect(new Map(table.entries())).toEqual(snapshot);
          const visited = new Map<string, number>();
          table.forEach((v, k) => visited.set(k, v));
          expect(visited).toEqual(snapshot);
        }
        expect(Table.from([...model].reverse())).toEqual(t);
      }),
    );
  });
});
