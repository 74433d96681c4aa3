import { ErrorCode } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { chooseFilm } from './film-choice.js';

const CLIPS = [{ clipId: 'clip-1', title: 'Montage final', originalFilename: 'final.mp4', durationMs: 60_000 }];
const RENDERS = [
  { renderId: 'render-1', timelineVersion: 4, durationMs: 9_500, finishedAt: '2026-11-23T20:00:00.000Z' },
];

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe(chooseFilm.name, () => {
  it('takes a ready render of the project as the film, leaving no clip', () => {
    expect(chooseFilm({ videoClipId: null, renderId: 'render-1' }, CLIPS, RENDERS)).toEqual({
      videoClipId: null,
      renderId: 'render-1',
    });
  });

  it('takes a ready clip as before, and a request naming no render means none', () => {
    expect(chooseFilm({ videoClipId: 'clip-1' }, CLIPS, RENDERS)).toEqual({ videoClipId: 'clip-1', renderId: null });
    expect(chooseFilm({ videoClipId: null, renderId: null }, CLIPS, RENDERS)).toEqual({
      videoClipId: null,
      renderId: null,
    });
  });

  it('refuses both at once with a message saying to choose one', () => {
    const e = refusal(() => chooseFilm({ videoClipId: 'clip-1', renderId: 'render-1' }, CLIPS, RENDERS));
    expect(e.code).toBe(ErrorCode.ValidationFailed);
    expect(e.message).toMatch(/either an uploaded finished edit or a render/);
  });

  it('refuses a render that is not ready or not of this project', () => {
    const e = refusal(() => chooseFilm({ videoClipId: null, renderId: 'render-of-elsewhere' }, CLIPS, RENDERS));
    expect(e.code).toBe(ErrorCode.DocumentaryNotReady);
    expect(e.message).toMatch(/not a finished render of this project/);
    expect(refusal(() => chooseFilm({ videoClipId: null, renderId: 'render-1' }, CLIPS, [])).code).toBe(
      ErrorCode.DocumentaryNotReady,
    );
  });

  it('refuses a clip that is not a ready video of this project', () => {
    expect(refusal(() => chooseFilm({ videoClipId: 'clip-2' }, CLIPS, RENDERS)).code).toBe(
      ErrorCode.DocumentaryNotReady,
    );
  });
});
