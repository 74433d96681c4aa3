import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ErrorCode, LANGUAGE_INFO, LANGUAGES, type Language } from '@atelier/contracts';
import { SCRIPT_LETTERS } from '../support/script-letters.js';

type Tree = { [key: string]: string | Tree };

const I18N = join(import.meta.dirname, '../../apps/web/public/i18n');
const load = (lang: string): Tree => JSON.parse(readFileSync(join(I18N, `${lang}.json`), 'utf8')) as Tree;
/** Keys still in English in a language, waiting for a translator (docs/translations-review.md). */
const PENDING = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../docs/translations-pending.json'), 'utf8'),
) as Partial<Record<Language, string[]>>;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort();

/** A sentence with English words in it, once its placeholders are taken out. */
const hasWords = (s: string) => /[a-z]{3,}/.test(s.replace(/\{\{\s*\w+\s*\}\}/g, ''));

// Every screen ships in every language of LANGUAGES: a key missing in one language shows the
// raw key to that person, and a lost placeholder drops a name or a number from the sentence.
describe('translations', () => {
  const files = new Map(LANGUAGES.map((l) => [l, flatten(load(l))]));
  const en = files.get('en')!;

  it.each(LANGUAGES)('%s has exactly the English keys, none empty, with the same placeholders', (lang) => {
    const t = files.get(lang)!;
    expect([...t.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect([...en.keys()].filter((k) => !t.has(k))).toEqual([]);
    expect([...t].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    expect(
      [...t].filter(([k, v]) => placeholders(v).join() !== placeholders(en.get(k)!).join()).map(([k]) => k),
    ).toEqual([]);
  });

  it('has one file per language of LANGUAGES, and no other', () => {
    const onDisk = readdirSync(I18N)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''));
    expect(onDisk.sort()).toEqual([...LANGUAGES].sort());
  });

  // A language in another script that shows an English sentence has not been translated there: such a
  // copy is allowed only while it is listed as pending, and a listed key must still be an English copy
  // (the list shrinks as translations arrive). Keys another branch adds in English are caught here.
  it.each(LANGUAGES.filter((l) => LANGUAGE_INFO[l].script !== 'latin'))(
    '%s: every English copy is listed as pending, and every pending key is still one',
    (lang) => {
      const t = files.get(lang)!;
      const pending = new Set(PENDING[lang] ?? []);
      const copies = [...t].filter(([k, v]) => v === en.get(k) && hasWords(v)).map(([k]) => k);
      expect(copies.filter((k) => !pending.has(k))).toEqual([]);
      expect([...pending].filter((k) => !copies.includes(k))).toEqual([]);
      const letters = SCRIPT_LETTERS[LANGUAGE_INFO[lang].script];
      const noScript = [...t].filter(([k, v]) => !pending.has(k) && hasWords(v) && !letters.test(v)).map(([k]) => k);
      expect(noScript).toEqual([]);
    },
  );

  it('translates every error code the API can return', () => {
    const missing = Object.values(ErrorCode).filter((code) => !en.has(`errors.${code}`));
    expect(missing).toEqual([]);
  });
});
