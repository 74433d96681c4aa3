import { loadConfig } from '@atelier/config';
import { StorageRepository } from '@atelier/storage';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

const MB = 1024 * 1024;

/** Deterministic pseudo-random bytes, generated chunk by chunk: never the whole file in memory. */
function generated(totalBytes: number, seed: number): { stream: Readable; sha256: Promise<string> } {
  const hash = createHash('sha256');
  let sent = 0;
  let x = seed;
  let resolveHash!: (h: string) => void;
  const sha256 = new Promise<string>((r) => (resolveHash = r));
  const stream = new Readable({
    read() {
      if (sent >= totalBytes) {
        resolveHash(hash.digest('hex'));
        this.push(null);
        return;
      }
      const chunk = Buffer.allocUnsafe(Math.min(MB, totalBytes - sent));
      for (let i = 0; i < chunk.length; i += 4) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        chunk.writeUInt32LE(x, i);
      }
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return { stream, sha256 };
}

async function sha256Of(stream: AsyncIterable<Buffer>): Promise<{ hex: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { hex: hash.digest('hex'), bytes };
}

let storage: StorageRepository;

beforeAll(async () => {
  storage = new StorageRepository(loadConfig({ ...process.env, S3_BUCKET: 'atelier-medium' }).s3);
  await storage.ensureBucket();
  await storage.ensureBucket(); // a second call is harmless
});

describe('StorageRepository against the S3 server', () => {
  it('streams a 100 MB upload of unknown length (multipart) and reads back the same bytes', async () => {
    const key = `tests/${randomUUID()}/big.bin`;
    const source = generated(100 * MB, 42);
    const stored = await storage.put(key, source.stream, undefined, 'application/octet-stream');
    expect(stored.size).toBe(100 * MB);
    const back = await sha256Of(await storage.get(key));
    expect(back).toEqual({ hex: await source.sha256, bytes: 100 * MB });
    await storage.remove(key);
    expect(await storage.stat(key)).toBeNull();
  }, 120_000);

  it('gives a presigned GET URL that serves the object to a plain HTTP client, and only that object', async () => {
    const key = `tests/${randomUUID()}/hello.txt`;
    await storage.put(key, 'bonjour, salam, hallo', undefined, 'text/plain');
    const url = await storage.presignedGet(key, 60);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('bonjour, salam, hallo');
    const tampered = url.replace('hello.txt', 'other.txt');
    expect((await fetch(tampered)).status).toBeGreaterThanOrEqual(400);
  });

  it('reports size and type of a stored object and null for a missing one', async () => {
    const key = `tests/${randomUUID()}/poster.jpg`;
    await storage.put(key, Buffer.alloc(1234, 7), 1234, 'image/jpeg');
    expect(await storage.stat(key)).toEqual({ size: 1234, contentType: 'image/jpeg' });
    expect(await storage.stat(`tests/${randomUUID()}/nothing`)).toBeNull();
  });
});
