import { describe, expect, it } from '@jest/globals';
import { hlsStartConfig, isSlowOrSaving, startsWithSoundOnly } from './data-saver';

describe('data saver', () => {
  it('starts with the lowest rendition on 3g or with data saving, not on 4g', () => {
    expect(hlsStartConfig({ effectiveType: '3g', downlink: 1.5 }).startLevel).toBe(0);
    expect(hlsStartConfig({ saveData: true, effectiveType: '4g', downlink: 10 }).startLevel).toBe(0);
    expect(hlsStartConfig({ effectiveType: '4g', downlink: 10 }).startLevel).toBeUndefined();
  });

  it("seeds hls.js's bandwidth estimate with the browser's, and never loads before play", () => {
    expect(hlsStartConfig({ effectiveType: '4g', downlink: 10 })).toMatchObject({
      abrEwmaDefaultEstimate: 10_000_000,
      autoStartLoad: false,
      capLevelToPlayerSize: true,
    });
    expect(hlsStartConfig({}).abrEwmaDefaultEstimate).toBe(500_000);
    expect(hlsStartConfig({ saveData: true, downlink: 10 }).abrEwmaDefaultEstimate).toBe(300_000);
  });

  it('tells a slow or data-saving connection from a fast one', () => {
    expect(isSlowOrSaving({ effectiveType: '2g' })).toBe(true);
    expect(isSlowOrSaving({ effectiveType: '4g' })).toBe(false);
    expect(isSlowOrSaving({})).toBe(false);
  });

  it('starts a film with sound only when it has it and data is saved, here or as the server saw it', () => {
    const film = { audioOnlyUrl: '/a/audio/index.m3u8', startWith: 'video' as const };
    expect(startsWithSoundOnly(film, { saveData: true })).toBe(true);
    expect(startsWithSoundOnly({ ...film, startWith: 'sound' }, {})).toBe(true);
    expect(startsWithSoundOnly(film, {})).toBe(false);
    expect(startsWithSoundOnly({ audioOnlyUrl: null, startWith: 'sound' }, { saveData: true })).toBe(false);
  });
});
