import { describe, expect, it } from '@jest/globals';
import { isStorageUnavailable, retryWhileStorageUnavailable } from './storage-retry.js';

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9090'), { code: 'ECONNREFUSED' });
const FAST = { firstDelayMs: 5, maxDelayMs: 20 };

/** A storage call that fails `outages` times as if the store were down, then answers. */
function flaky<T>(outages: number, answer: T, error: () => Error = refused) {
  let calls = 0;
  const call = async (): Promise<T> => {
    calls++;
    if (calls <= outages) throw error();
    return answer;
  };
  return { call, calls: () => calls };
}

describe(isStorageUnavailable.name, () => {
  it.each([
    ['a refused connection', refused()],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['S3 busy', Object.assign(new Error('Please reduce your request rate.'), { code: 'SlowDown' })],
    ['S3 unavailable', Object.assign(new Error('Service Unavailable'), { code: 'ServiceUnavailable' })],
  ])('waits out %s', (_, e) => {
    expect(isStorageUnavailable(e)).toBe(true);
  });

  it.each([
    ['a missing key', Object.assign(new Error('Not Found'), { code: 'NoSuchKey' })],
    ['refused credentials', Object.assign(new Error('Access Denied'), { code: 'AccessDenied' })],
    ['a local file error', Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' })],
  ])('does not wait for %s', (_, e) => {
    expect(isStorageUnavailable(e)).toBe(false);
  });
});

describe(retryWhileStorageUnavailable.name, () => {
  it('rides out an outage and says it is waiting, then that it is not', async () => {
    const op = flaky(4, 'stored');
    const waiting: boolean[] = [];

    await expect(retryWhileStorageUnavailable(op.call, { ...FAST, onWaiting: (w) => waiting.push(w) })).resolves.toBe(
      'stored',
    );

    expect(op.calls()).toBe(5);
    expect(waiting).toEqual([true, false]);
  });

  it('rides out an outage reported as a bare string, as minio fPutObject rejects (not an Error)', async () => {
    let calls = 0;
    const waiting: boolean[] = [];
    const put = async (): Promise<string> => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what the client library really does
      if (++calls <= 3) throw 'Error: connect ECONNREFUSED 127.0.0.1:35205';
      return 'stored';
    };

    await expect(retryWhileStorageUnavailable(put, { ...FAST, onWaiting: (w) => waiting.push(w) })).resolves.toBe(
      'stored',
    );

    expect(calls).toBe(4);
    expect(waiting).toEqual([true, false]);
  });

  it('says nothing when the store answers at once', async () => {
    const waiting: boolean[] = [];

    await retryWhileStorageUnavailable(flaky(0, 1).call, { ...FAST, onWaiting: (w) => waiting.push(w) });

    expect(waiting).toEqual([]);
  });

  it('fails at once on an error that is not an outage', async () => {
    const op = flaky(1, 'never', () => Object.assign(new Error('Not Found'), { code: 'NoSuchKey' }));

    await expect(retryWhileStorageUnavailable(op.call, FAST)).rejects.toThrow('Not Found');
    expect(op.calls()).toBe(1);
  });

  it('gives up once the outage lasted longer than allowed', async () => {
    const op = flaky(Number.POSITIVE_INFINITY, 'never');

    await expect(retryWhileStorageUnavailable(op.call, { ...FAST, maxWaitMs: 100 })).rejects.toThrow('ECONNREFUSED');
    expect(op.calls()).toBeGreaterThan(2);
  });

  it('stops waiting when the job is lost', async () => {
    const lost = new AbortController();
    setTimeout(() => lost.abort(new Error('job lost')), 50);

    await expect(
      retryWhileStorageUnavailable(flaky(Number.POSITIVE_INFINITY, 'never').call, { ...FAST, signal: lost.signal }),
    ).rejects.toThrow();
  });
});
