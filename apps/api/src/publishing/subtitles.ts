/**
 * WebVTT and SRT subtitles: a pure validator/converter. SRT is converted to WebVTT; anything
 * malformed is refused with the line (1-based, in the uploaded file) where the problem is, so the
 * person can open the file and fix exactly that line.
 */

export class SubtitleError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'SubtitleError';
  }
}

export interface ParsedSubtitles {
  format: 'vtt' | 'srt';
  /** The subtitles as WebVTT text, ready to serve as text/vtt. */
  vtt: string;
  cueCount: number;
}

interface Cue {
  startMs: number;
  endMs: number;
  settings: string;
  id: string | null;
  text: string[];
}

const VTT_TIME = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/;
const SRT_TIME = /^(\d{1,3}):([0-5]?\d):([0-5]?\d)[,.](\d{1,3})$/;

function toMs(m: RegExpExecArray): number {
  const [, h, min, s, frac] = m;
  return ((Number(h ?? 0) * 60 + Number(min)) * 60 + Number(s)) * 1000 + Number(frac!.padEnd(3, '0'));
}

function vttTime(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

function lines(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');
}

/** Parses a timing line "start --> end [settings]"; `parseTime` is the format's time syntax. */
function timing(line: string, lineNo: number, time: RegExp): { startMs: number; endMs: number; settings: string } {
  const parts = line.trim().split(/\s+-->\s+/);
  if (parts.length !== 2)
    throw new SubtitleError(
      lineNo,
      `expected a timing line like "00:00:01.000 --> 00:00:04.000", found "${line.trim().slice(0, 60)}".`,
    );
  const [startText, rest] = parts as [string, string];
  const [endText, ...settings] = rest.split(/\s+/);
  const start = time.exec(startText);
  if (!start) throw new SubtitleError(lineNo, `the start time "${startText}" is not a valid time.`);
  const end = time.exec(endText ?? '');
  if (!end) throw new SubtitleError(lineNo, `the end time "${endText ?? ''}" is not a valid time.`);
  const startMs = toMs(start);
  const endMs = toMs(end);
  if (endMs <= startMs)
    throw new SubtitleError(lineNo, `the cue ends (${endText}) before or when it starts (${startText}).`);
  return { startMs, endMs, settings: settings.join(' ') };
}

function toVtt(cues: Cue[]): string {
  const blocks = cues.map((c) =>
    [
      ...(c.id ? [c.id] : []),
      `${vttTime(c.startMs)} --> ${vttTime(c.endMs)}${c.settings ? ` ${c.settings}` : ''}`,
      ...c.text,
    ].join('\n'),
  );
  return `WEBVTT\n\n${blocks.join('\n\n')}\n`;
}

export function parseSrt(text: string): ParsedSubtitles {
  const all = lines(text);
  const cues: Cue[] = [];
  let i = 0;
  while (i < all.length) {
    if (all[i]!.trim() === '') {
      i++;
      continue;
    }
    const indexLine = i + 1;
    if (!/^\d+$/.test(all[i]!.trim())) {
      if (all[i]!.includes('-->'))
        throw new SubtitleError(indexLine, 'a cue number is missing before this timing line.');
      throw new SubtitleError(indexLine, `expected a cue number, found "${all[i]!.trim().slice(0, 60)}".`);
    }
    i++;
    if (i >= all.length || all[i]!.trim() === '')
      throw new SubtitleError(
        i + 1,
        'the cue number must be followed by a timing line like "00:00:01,000 --> 00:00:04,000".',
      );
    const t = timing(all[i]!, i + 1, SRT_TIME);
    i++;
    const body: string[] = [];
    while (i < all.length && all[i]!.trim() !== '') {
      if (all[i]!.includes('-->'))
        throw new SubtitleError(i + 1, "a timing line inside a cue's text: a blank line is missing before it.");
      body.push(all[i]!);
      i++;
    }
    if (body.length === 0)
      throw new SubtitleError(
        i + 1 > all.length ? all.length : i + 1,
        `cue ${all[indexLine - 1]!.trim()} has no text.`,
      );
    // SRT allows settings-free times only; WebVTT treats "-->" in text as a new cue, so keep text as is otherwise.
    cues.push({ ...t, settings: '', id: null, text: body });
  }
  if (cues.length === 0) throw new SubtitleError(1, 'the file has no subtitles in it.');
  return { format: 'srt', vtt: toVtt(cues), cueCount: cues.length };
}

export function parseVtt(text: string): ParsedSubtitles {
  const all = lines(text);
  if (!/^WEBVTT([ \t].*)?$/.test(all[0] ?? '')) throw new SubtitleError(1, 'a WebVTT file must start with "WEBVTT".');
  let i = 1;
  // Header lines until the first blank line.
  while (i < all.length && all[i]!.trim() !== '') {
    if (all[i]!.includes('-->')) throw new SubtitleError(i + 1, 'a blank line is needed after the "WEBVTT" header.');
    i++;
  }
  const kept: string[] = [all[0]!];
  let cueCount = 0;
  while (i < all.length) {
    if (all[i]!.trim() === '') {
      i++;
      continue;
    }
    const blockStart = i;
    const first = all[i]!;
    if (/^(NOTE|STYLE|REGION)([ \t]|$)/.test(first)) {
      while (i < all.length && all[i]!.trim() !== '') i++;
      kept.push('', ...all.slice(blockStart, i));
      continue;
    }
    let timingIndex = i;
    if (!first.includes('-->')) {
      timingIndex = i + 1;
      if (timingIndex >= all.length || !all[timingIndex]!.includes('-->')) {
        throw new SubtitleError(
          timingIndex + 1 > all.length ? all.length : timingIndex + 1,
          `expected a timing line like "00:01.000 --> 00:04.000" after "${first.trim().slice(0, 60)}".`,
        );
      }
    }
    timing(all[timingIndex]!, timingIndex + 1, VTT_TIME);
    i = timingIndex + 1;
    while (i < all.length && all[i]!.trim() !== '') {
      if (all[i]!.includes('-->'))
        throw new SubtitleError(i + 1, "a timing line inside a cue's text: a blank line is missing before it.");
      i++;
    }
    kept.push('', ...all.slice(blockStart, i));
    cueCount++;
  }
  if (cueCount === 0) throw new SubtitleError(all.length, 'the file has no subtitles in it.');
  return { format: 'vtt', vtt: `${kept.join('\n')}\n`, cueCount };
}

/** WebVTT when the file says so (its first line), SRT otherwise. */
export function parseSubtitles(text: string): ParsedSubtitles {
  if (text.includes('\u0000')) throw new SubtitleError(1, 'this is not a text file.');
  return /^\uFEFF?WEBVTT/.test(text) ? parseVtt(text) : parseSrt(text);
}
