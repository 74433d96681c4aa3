import { describe, expect, it, jest } from '@jest/globals';
import { listMultipartUploadsShim } from './embedded-s3.js';

function koaContext(method: string, path: string, query: Record<string, unknown> = {}) {
  return { method, path, query, status: 404, type: '', body: undefined as unknown };
}

describe(listMultipartUploadsShim.name, () => {
  it.each(['/atelier', '/atelier/'])('answers GET %s?uploads with an empty upload list naming the bucket', async (path) => {
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
  });

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
