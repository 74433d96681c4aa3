import { describe, expect, it, jest } from '@jest/globals';
import { listMultipartUploadsShim, listObjectsV2Shim, type ListingStore } from './embedded-s3.js';

function koaContext(method: string, path: string, query: Record<string, unknown> = {}) {
  return { method, path, query, status: 404, type: '', body: undefined as unknown };
}

describe(listMultipartUploadsShim.name, () => {
  it.each(['/atelier', '/atelier/'])(
    'answers GET %s?uploads with an empty upload list naming the bucket',
    async (path) => {
      const ctx = koaContext('GET', path, { uploads: '' });
      const next = jest.fn(async () => undefined);

      await listMultipartUploadsShim(ctx, next);

      expect(next).not.toHaveBeenCalled();
      expect(ctx.status).toBe(200);
      expect(ctx.type).toBe('application/xml');
      const xml = String(ctx.body);
      expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>/);
      expect(xml).toContain('<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">');
      expect(xml).toContain('<Bucket>atelier</Bucket>');
      expect(xml).toContain('<IsTruncated>false</IsTruncated>');
      expect(xml).not.toContain('<Upload>');
    },
  );

  it.each([
    ['GET on an object with ?uploads', koaContext('GET', '/atelier/videos/intro.mp4', { uploads: '' })],
    ['PUT on the bucket with ?uploads', koaContext('PUT', '/atelier', { uploads: '' })],
    ['POST starting a multipart upload', koaContext('POST', '/atelier/videos/intro.mp4', { uploads: '' })],
    ['GET on the bucket without ?uploads', koaContext('GET', '/atelier', { 'list-type': '2' })],
    ['GET on the service root', koaContext('GET', '/', { uploads: '' })],
  ])('leaves %s to s3rver', async (_, ctx) => {
    const next = jest.fn(async () => 'from s3rver');

    expect(await listMultipartUploadsShim(ctx, next)).toBe('from s3rver');
    expect(next).toHaveBeenCalledTimes(1);
    expect(ctx.status).toBe(404);
    expect(ctx.body).toBeUndefined();
  });
});

describe(listObjectsV2Shim.name, () => {
  const keys = Array.from({ length: 2500 }, (_, i) => `renders/r/hls/seg_${String(i).padStart(5, '0')}.ts`);
  /** s3rver's store: keys in order, after `startAfter`, under `prefix`, at most `maxKeys`. */
  const store: ListingStore = {
    getBucket: async (bucket) => (bucket === 'atelier' ? {} : null),
    listObjects: async (_bucket, o) => {
      const matching = keys.filter((k) => k.startsWith(o.prefix ?? '') && (!o.startAfter || k > o.startAfter));
      return {
        objects: matching
          .slice(0, o.maxKeys)
          .map((key) => ({ key, lastModifiedDate: new Date(0), size: 7, metadata: { etag: '"abc"' } })),
        isTruncated: matching.length > o.maxKeys,
      };
    },
  };
  const ctxFor = (query: Record<string, unknown>, path = '/atelier') => ({
    ...koaContext('GET', path, { 'list-type': '2', ...query }),
    store,
  });
  const tag = (xml: string, name: string): string[] =>
    [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]!);

  it('pages through more than 1,000 keys with its own continuation tokens (s3rver made them with DES, which OpenSSL 3 refuses)', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 5; page++) {
      const ctx = ctxFor({ prefix: 'renders/r/', ...(token ? { 'continuation-token': token } : {}) });
      await listObjectsV2Shim(
        ctx,
        jest.fn(async () => undefined),
      );
      const xml = String(ctx.body);
      expect(ctx.status).toBe(200);
      seen.push(...tag(xml, 'Key'));
      token = tag(xml, 'NextContinuationToken')[0];
      expect(tag(xml, 'IsTruncated')[0]).toBe(String(token !== undefined));
      if (!token) break;
    }
    expect(seen).toEqual(keys);
  });

  it.each([
    ['a listing by folder (delimiter)', ctxFor({ delimiter: '/' })],
    ['a version 1 listing', { ...koaContext('GET', '/atelier', {}), store }],
    ['a missing bucket', ctxFor({}, '/other')],
  ])('leaves %s to s3rver', async (_, ctx) => {
    const next = jest.fn(async () => 'from s3rver');

    expect(await listObjectsV2Shim(ctx, next)).toBe('from s3rver');
    expect(next).toHaveBeenCalledTimes(1);
    expect(ctx.body).toBeUndefined();
  });
});
