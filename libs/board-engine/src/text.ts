import { BOARD_LIMITS } from '@atelier/contracts';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Visible characters: an emoji (even a family or a flag) counts as one. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n++;
  return n;
}

/**
 * Card text as stored: Unicode NFC, control characters removed (new lines kept, at most two in a
 * row), trimmed. It is stored and sent as plain text; clients render it as text, never as HTML.
 */
export function normaliseText(text: string): string {
  return (
    text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, ' ')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0009\u000B-\u001F\u007F\u200B\u2028\u2029]/g, '')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

/** A one-line label (group titles, scene fields). */
export function normaliseLabel(text: string): string {
  return normaliseText(text).replace(/\s+/g, ' ');
}

export const MAX_CARD_TEXT = BOARD_LIMITS.cardText;
