import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { HASHED_ASSET, webClient } from './web-client';

async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const app = express();
  app.use(webClient(dir));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

describe('webClient', () => {
  it('names the hashed files only', () => {
    expect(HASHED_ASSET.test('chunk-B8hDfIAj.js')).toBe(true);
    expect(HASHED_ASSET.test('chunk--UlHtbOD.js')).toBe(true);
    expect(HASHED_ASSET.test('styles-ESO3EJQO.css')).toBe(true);
    expect(HASHED_ASSET.test('fr.json')).toBe(false);
    expect(HASHED_ASSET.test('favicon.svg')).toBe(false);
  });

  it('lets phones keep hashed files for a year, and re-checks translations and pages', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atelier-web-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>Atelier</title>');
    await writeFile(join(dir, 'chunk-B8hDfIAj.js'), 'export {};');
    await writeFile(join(dir, 'fr.json'), '{}');
    const { server, url } = await serve(dir);
    try {
      const chunk = await fetch(`${url}/chunk-B8hDfIAj.js`);
      expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const json = await fetch(`${url}/fr.json`);
      expect(json.headers.get('cache-control')).toBe('public, max-age=3600');
      const page = await fetch(`${url}/home`, { headers: { accept: 'text/html' } });
      expect(page.headers.get('cache-control')).toBe('no-cache');
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
