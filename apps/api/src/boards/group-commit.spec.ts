import { describe, expect, it } from '@jest/globals';
import { GroupCommit } from './group-commit.js';

describe(GroupCommit.name, () => {
  it('batches what arrives while the previous batch runs, one batch per key at a time, each item its own answer', async () => {
    const batches: string[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const commit = new GroupCommit<string, number>(async (_key, items) => {
      batches.push(items);
      if (batches.length === 1) await first;
      return items.map((item) => (item === 'bad' ? new Error(`refused ${item}`) : item.length));
    });

    const a = commit.add('board-1', 'a');
    await Promise.resolve(); // the first batch starts with "a" alone
    const rest = ['bb', 'bad', 'dddd'].map((x) => commit.add('board-1', x));
    release();

    expect(await a).toBe(1);
    expect(await Promise.allSettled(rest)).toEqual([
      { status: 'fulfilled', value: 2 },
      { status: 'rejected', reason: new Error('refused bad') },
      { status: 'fulfilled', value: 4 },
    ]);
    expect(batches).toEqual([['a'], ['bb', 'bad', 'dddd']]);
  });

  it('rejects every item of a batch whose handler throws, and carries on with the next batch', async () => {
    let calls = 0;
    const commit = new GroupCommit<string, number>(async (_key, items) => {
      if (++calls === 1) throw new Error('database down');
      return items.map(() => 7);
    });
    const failed = Promise.allSettled([commit.add('k', 'x'), commit.add('k', 'y')]);
    expect((await failed).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await commit.add('k', 'z')).toBe(7);
  });
});
