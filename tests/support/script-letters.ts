import type { LanguageInfo } from '@atelier/contracts';

/** Letters of each script: a sentence in Tigrinya without one Ethiopic letter is an untranslated copy. */
export const SCRIPT_LETTERS: Record<LanguageInfo['script'], RegExp> = {
  latin: /[a-zà-ÿ]/i,
  arabic: /[\u0600-\u06FF]/,
  ethiopic: /[\u1200-\u139F\u2D80-\u2DDF]/,
  cyrillic: /[\u0400-\u04FF]/,
};
