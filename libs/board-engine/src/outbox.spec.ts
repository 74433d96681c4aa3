import { ErrorCode } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { Outbox, OUTBOX_BURST, OUTBOX_PER_SECOND } from './outbox.js';

const T0 = 1_000_000;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `op-${String(i).padStart(4, '0')}`);

describe(Outbox.name, () => {
  it('replays a long queue in a burst, then paced under the server limit, in order', () => {
    const box = new Outbox(T0);
    for (const id of ids(60)) box.add(id);

    const first = box.due(T0);
    expect(first).toEqual(ids(60).slice(0, OUTBOX_BURST));
    expect(box.due(T0)).toEqual([]);
    expect(box.wakeIn(T0)).toBe(Math.ceil(1000 / OUTBOX_PER_SECOND));
    // One second later: OUTBOX_PER_SECOND more, the next ones in order.
    expect(box.due(T0 + 1000)).toEqual(ids(60).slice(OUTBOX_BURST, OUTBOX_BURST + OUTBOX_PER_SECOND));
    // Over any window, never more than the server's burst (40) plus its refill (5/s).
    let sent = first.length + OUTBOX_PER_SECOND;
    for (let s = 2; s <= 10; s++) {
      sent += box.due(T0 + s * 1000).length;
      expect(sent).toBeLessThanOrEqual(40 + 5 * s);
    }
    expect(sent).toBe(60);
  });

  it('keeps an op refused as rate_limited or internal_error and sends it again after a growing backoff', () => {
    const box = new Outbox(T0);
    box.add('op-a');
    box.add('op-b');
    expect(box.due(T0)).toEqual(['op-a', 'op-b']);

    expect(box.refused('op-a', ErrorCode.RateLimited, T0, 2)).toBe('retry');
    expect(box.refused('op-b', ErrorCode.Internal, T0)).toBe('retry');
    expect(box.size).toBe(2);
    // Not before the server's 2 s; op-b waits behind op-a (order kept).
    expect(box.due(T0 + 1999)).toEqual([]);
    expect(box.due(T0 + 2000)).toEqual(['op-a', 'op-b']);
    expect(box.refused('op-b', ErrorCode.Internal, T0 + 2000)).toBe('retry');
    box.accepted('op-a');
    expect(box.due(T0 + 3999)).toEqual([]);
    expect(box.due(T0 + 4000)).toEqual(['op-b']); // second failure: 2 s
    box.accepted('op-b');
    expect(box.size).toBe(0);
    expect(box.wakeIn(T0 + 4000)).toBeNull();
  });

  it('drops an op refused for a real reason, so the person can be told', () => {
    const box = new Outbox(T0);
    box.add('op-a');
    box.due(T0);
    expect(box.refused('op-a', ErrorCode.BoardNotFacilitator, T0)).toBe('drop');
    expect(box.has('op-a')).toBe(false);
  });

  it('sends what was in flight again after a reconnect, once', () => {
    const box = new Outbox(T0);
    for (const id of ids(3)) box.add(id);
    expect(box.due(T0)).toEqual(ids(3));
    box.accepted(ids(3)[0]!);
    box.disconnected();
    expect(box.due(T0 + 10)).toEqual(ids(3).slice(1));
    expect(box.due(T0 + 20)).toEqual([]);
  });
});
