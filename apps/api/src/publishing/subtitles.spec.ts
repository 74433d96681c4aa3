import { describe, expect, it } from '@jest/globals';
import { parseSrt, parseSubtitles, parseVtt, SubtitleError } from './subtitles.js';

function lineOf(run: () => unknown): number {
  try {
    run();
  } catch (e) {
    if (e instanceof SubtitleError) return e.line;
    throw e;
  }
  throw new Error('expected a SubtitleError');
}

const SRT = `1
00:00:01,000 --> 00:00:04,200
Bonjour, je m'appelle Amina.

2
00:00:05,000 --> 00:01:02,050
<i>On a tourné</i> à Saint-Gilles
sur deux lignes.
`;

describe('subtitles', () => {
  describe('SRT', () => {
    it('converts to WebVTT with dotted times, keeping text and line breaks', () => {
      const parsed = parseSubtitles(SRT);
      expect(parsed.format).toBe('srt');
      expect(parsed.cueCount).toBe(2);
      expect(parsed.vtt).toBe(
        `WEBVTT\n\n00:00:01.000 --> 00:00:04.200\nBonjour, je m'appelle Amina.\n\n00:00:05.000 --> 00:01:02.050\n<i>On a tourné</i> à Saint-Gilles\nsur deux lignes.\n`,
      );
    });

    it('accepts Windows line endings, a byte-order mark and Arabic text', () => {
      const parsed = parseSubtitles(`\uFEFF1\r\n00:00:01,000 --> 00:00:02,000\r\nمرحبا بكم\r\n`);
      expect(parsed.vtt).toContain('مرحبا بكم');
      expect(parsed.vtt.startsWith('WEBVTT\n')).toBe(true);
    });

    it('names the line of a bad timing', () => {
      const bad = SRT.replace('00:00:05,000 --> 00:01:02,050', '00:00:05,000 -> 00:01:02,050');
      expect(lineOf(() => parseSrt(bad))).toBe(6);
    });

    it('names the line of a cue that ends before it starts', () => {
      const bad = SRT.replace('00:00:05,000 --> 00:01:02,050', '00:01:05,000 --> 00:01:02,050');
      expect(() => parseSrt(bad)).toThrow(/Line 6: .*before or when it starts/);
    });

    it('names the line where a cue number is missing, and where a blank line is missing', () => {
      expect(lineOf(() => parseSrt(SRT.replace('\n2\n', '\n')))).toBe(5);
      expect(lineOf(() => parseSrt(SRT.replace('Amina.\n\n2\n', 'Amina.\n2\n')))).toBe(5);
    });

    it('names the line of a cue without text, and refuses an empty file', () => {
      expect(lineOf(() => parseSrt('1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nok\n'))).toBe(
        3,
      );
      expect(() => parseSubtitles('')).toThrow(SubtitleError);
    });
  });

  describe('WebVTT', () => {
    const VTT = `WEBVTT - ZIN TV

NOTE made by the group

intro
00:01.000 --> 00:04.000 line:90%
Bonjour

00:00:05.000 --> 00:00:07.500
Welkom
`;

    it('keeps a valid file as it is and counts its cues', () => {
      const parsed = parseVtt(VTT);
      expect(parsed.cueCount).toBe(2);
      expect(parsed.vtt).toContain('intro\n00:01.000 --> 00:04.000 line:90%\nBonjour');
      expect(parsed.vtt).toContain('NOTE made by the group');
    });

    it('requires the WEBVTT header on line 1', () => {
      expect(lineOf(() => parseVtt(VTT.replace('WEBVTT', 'WEBVT')))).toBe(1);
    });

    it('names the line of a malformed time', () => {
      expect(lineOf(() => parseVtt(VTT.replace('00:00:05.000', '00:00:5.000')))).toBe(9);
      expect(() => parseVtt(VTT.replace('00:00:05.000', '00:00:5.000'))).toThrow(/start time "00:00:5.000"/);
    });

    it('names the line after a cue identifier that has no timing', () => {
      expect(lineOf(() => parseVtt(VTT.replace('00:01.000 --> 00:04.000 line:90%\n', '')))).toBe(6);
    });
  });

  it('refuses a binary file', () => {
    expect(() => parseSubtitles('\u0000\u0001PNG')).toThrow(SubtitleError);
  });
});
