import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ErrorCode, LANGUAGES } from '@atelier/contracts';

type Tree = { [key: string]: string | Tree };

const load = (lang: string): Tree =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../apps/web/public/i18n', `${lang}.json`), 'utf8')) as Tree;

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

// Every screen ships in French, Dutch, English and Arabic: a key missing in one language shows the
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

  it('translates every error code the API can return', () => {
    const missing = Object.values(ErrorCode).filter((code) => !en.has(`errors.${code}`));
    expect(missing).toEqual([]);
  });
});
