interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit per key (a board): items that arrive while the key's previous batch is being handled
 * wait together for the next one — one row lock, one insert and one commit for the whole batch —
 * and each still gets its own answer. Batches of one key run one at a time, in arrival order.
 */
export class GroupCommit<T, R> {
  private readonly queues = new Map<string, Array<Waiting<T, R>>>();
  private readonly chains = new Map<string, Promise<void>>();

  /** `handle` answers each item of a batch, in order: a result, or the Error to reject it with. */
  constructor(private readonly handle: (key: string, items: T[]) => Promise<Array<R | Error>>) {}

  add(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let queue = this.queues.get(key);
      if (!queue) {
        queue = [];
        this.queues.set(key, queue);
        this.afterPrevious(key);
      }
      queue.push({ item, resolve, reject });
    });
  }

  private afterPrevious(key: string): void {
    const tail = (this.chains.get(key) ?? Promise.resolve()).then(() => this.drain(key));
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
  }

  private async drain(key: string): Promise<void> {
    const batch = this.queues.get(key) ?? [];
    this.queues.delete(key);
    try {
      const results = await this.handle(
        key,
        batch.map((w) => w.item),
      );
      batch.forEach((w, i) => {
        const r = results[i];
        if (r instanceof Error) w.reject(r);
        else if (r === undefined) w.reject(new Error('left undecided'));
        else w.resolve(r);
      });
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
}
