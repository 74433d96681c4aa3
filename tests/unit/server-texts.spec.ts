import { describe, expect, it } from '@jest/globals';
import { LANGUAGE_INFO, LANGUAGES } from '@atelier/contracts';
import { ALERT_MAIL_TEXTS } from '../../apps/api/src/attendance/alert-mailer.js';
import { PRINT_TEXTS } from '../../apps/api/src/attendance/pdf/texts.js';
import { RESET_MAIL_TEXTS } from '../../apps/api/src/auth/password-reset-mailer.js';
import { WITHDRAWAL_MAIL_TEXTS } from '../../apps/api/src/publishing/documentary-mailer.js';
import { SCRIPT_LETTERS } from '../support/script-letters.js';

/**
 * Every string a catalogue yields, its functions called with marker arguments: a translation that
 * drops an argument would print a certificate or an e-mail without the person's name or numbers.
 */
function strings(value: unknown, path = ''): Array<{ path: string; text: string; args: string[] }> {
  if (typeof value === 'string') return [{ path, text: value, args: [] }];
  if (typeof value === 'function') {
    const args = Array.from({ length: value.length }, (_, i) => `⟦${i}⟧`);
    return [{ path, text: String((value as (...a: string[]) => unknown)(...args)), args }];
  }
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

const CATALOGUES = {
  'printed documents': PRINT_TEXTS,
  'password reset e-mail': RESET_MAIL_TEXTS,
  'attendance alert e-mail': ALERT_MAIL_TEXTS,
  'consent withdrawal e-mail': WITHDRAWAL_MAIL_TEXTS,
} as Record<string, Record<string, unknown>>;

// The server writes PDFs and e-mails in the person's language: every language needs every text,
// with every argument, in its own script.
describe('server-side texts', () => {
  describe.each(Object.entries(CATALOGUES))('%s', (_name, catalogue) => {
    it('has exactly the languages of LANGUAGES', () => {
      expect(Object.keys(catalogue).sort()).toEqual([...LANGUAGES].sort());
    });

    it.each(LANGUAGES)('%s: the English texts, none empty, every argument kept, in its own script', (lang) => {
      const en = strings(catalogue.en);
      const mine = strings(catalogue[lang]);
      expect(mine.map((s) => s.path)).toEqual(en.map((s) => s.path));
      const letters = SCRIPT_LETTERS[LANGUAGE_INFO[lang].script];
      const wrong = mine.filter(
        (s) => s.text.trim() === '' || s.args.some((a) => !s.text.includes(a)) || !letters.test(s.text),
      );
      expect(wrong.map((s) => `${s.path}: ${s.text}`)).toEqual([]);
    });
  });
});
