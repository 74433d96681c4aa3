import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { fitShortSide, outputFps, proxySize, renditionLadder } from './ladder.js';

describe('renditionLadder', () => {
  it('gives a 1080p phone clip 360p, 480p and 720p', () => {
    expect(renditionLadder(1920, 1080, true).map((r) => [r.name, r.width, r.height])).toEqual([
      ['360p', 640, 360],
      ['480p', 854, 480],
      ['720p', 1280, 720],
    ]);
  });

  it('names portrait rungs by their short side and keeps them upright', () => {
    expect(renditionLadder(1080, 1920, true).map((r) => [r.name, r.width, r.height])).toEqual([
      ['360p', 360, 640],
      ['480p', 480, 854],
      ['720p', 720, 1280],
    ]);
  });

  it('never goes above the source', () => {
    expect(renditionLadder(854, 480, false).map((r) => r.name)).toEqual(['360p', '480p']);
    expect(renditionLadder(320, 240, true)).toEqual([
      { name: '240p', width: 320, height: 240, videoBitrate: expect.any(Number), bandwidth: expect.any(Number) },
    ]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8000 }), fc.integer({ min: 2, max: 8000 }), (w, h) => {
        const ladder = renditionLadder(w, h, true);
        expect(ladder.length).toBeGreaterThan(0);
        for (const r of ladder) {
          expect(Math.min(r.width, r.height)).toBeLessThanOrEqual(Math.max(2, Math.min(w, h) + 1));
          expect((r.width % 2) + (r.height % 2)).toBe(0);
          // Orientation is kept; a nearly square source may come out square at a small rung (a
          // 9-pixel difference at 3610×3601 is under one pixel at 360p).
          if (w > h) expect(r.width).toBeGreaterThanOrEqual(r.height);
          if (w < h) expect(r.height).toBeGreaterThanOrEqual(r.width);
          if (Math.abs(w - h) / Math.min(w, h) > 0.02) expect(r.width > r.height).toBe(w > h);
        }
      }),
    );
  });

  it('announces bandwidth with audio included', () => {
    const [withAudio] = renditionLadder(640, 360, true);
    const [silent] = renditionLadder(640, 360, false);
    expect(withAudio!.bandwidth - silent!.bandwidth).toBe(96_000);
  });
});

describe('proxySize and outputFps', () => {
  it('caps the proxy at 720p and keeps smaller sources as they are (even)', () => {
    expect(proxySize(3840, 2160)).toEqual({ width: 1280, height: 720 });
    expect(proxySize(1080, 1920)).toEqual({ width: 720, height: 1280 });
    expect(proxySize(641, 359)).toEqual({ width: 642, height: 360 });
    expect(fitShortSide(1440, 1080, 720)).toEqual({ width: 960, height: 720 });
  });

  it('turns variable or high frame rates into a steady rate of at most 30', () => {
    expect(outputFps(29.73)).toBe(30);
    expect(outputFps(25)).toBe(25);
    expect(outputFps(59.94)).toBe(30);
    expect(outputFps(null)).toBe(30);
  });
});
