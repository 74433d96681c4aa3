import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LaunchError, explainFailure } from './launch-error.js';
import { freePort } from './ports.js';
import { startStack } from './stack.js';

/** What `npm start` says when it cannot start: one sentence naming what to do, before starting anything. */
async function failureOf(env: NodeJS.ProcessEnv, chosenPort?: number): Promise<unknown> {
  const port = chosenPort ?? (await freePort());
  const lines: string[] = [];
  const dataDir = await mkdtemp(join(tmpdir(), 'atelier-launch-'));
  const error = await startStack({
    root: '/nonexistent',
    dataDir,
    port,
    env,
    serveWeb: false,
    seedDemo: false,
    out: (l) => lines.push(l),
  }).then(
    () => null,
    (e: unknown) => e,
  );
  await rm(dataDir, { recursive: true, force: true });
  expect(lines.filter((l) => l.includes('embedded'))).toEqual([]); // nothing was started
  return error;
}

const oneSentence = (e: unknown): string => {
  expect(e).toBeInstanceOf(LaunchError);
  const text = explainFailure(e);
  expect(text).not.toContain('\n');
  return text;
};

describe('launcher failures a newcomer can act on', () => {
  it('a port already in use: names it and how to choose another', async () => {
    const taken = createServer().listen(0);
    await new Promise((r) => taken.once('listening', r));
    const port = (taken.address() as { port: number }).port;
    try {
      expect(oneSentence(await failureOf({ PATH: process.env.PATH }, port))).toMatch(
        new RegExp(`^Port ${port} is already in use.*PORT=${port + 1} npm start`),
      );
    } finally {
      taken.close();
    }
  });

  it('no ffmpeg: says to install it or set FFMPEG_PATH', async () => {
    expect(oneSentence(await failureOf({ PATH: process.env.PATH, FFMPEG_PATH: '/nowhere/ffmpeg' }))).toMatch(
      /ffmpeg was not found.*apt-get install ffmpeg.*FFMPEG_PATH/,
    );
  });

  it('a wrong variable: names it and what was expected', async () => {
    expect(oneSentence(await failureOf({ PATH: process.env.PATH, MAX_UPLOAD_BYTES: 'lots' }))).toMatch(
      /configuration is wrong — MAX_UPLOAD_BYTES must be a whole number.*start again/,
    );
  });

  it('anything unexpected: its first line, never a stack', () => {
    const e = new Error('boom\n    at somewhere (file.js:1:1)');
    expect(explainFailure(e)).toMatch(/^boom — this is unexpected/);
    expect(explainFailure(e)).not.toContain('at somewhere');
  });
});
