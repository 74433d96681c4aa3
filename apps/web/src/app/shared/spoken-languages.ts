import type { Language } from '@atelier/contracts';
import { LOCALES } from './local-date.pipe';

/**
 * Languages a film is spoken in, as ISO codes: the app's four, then those most spoken in the
 * workshops. Shown by name in the language on screen; a film saved with another code keeps it.
 */
export const SPOKEN_LANGUAGES = [
  'fr',
  'nl',
  'en',
  'ar',
  'am',
  'bg',
  'de',
  'es',
  'fa',
  'it',
  'ku',
  'ln',
  'pl',
  'ps',
  'pt',
  'ro',
  'ru',
  'so',
  'sq',
  'sw',
  'ti',
  'tr',
  'tzm',
  'uk',
  'ur',
];

/** A language to pick: its ISO code and its name. */
export interface LanguageChoice {
  code: string;
  name: string;
}

/**
 * The spoken languages to pick from, named in `uiLanguage` (the app's four first, then the others
 * alphabetically); `saved`, a code already stored that is not in the list, is kept as a choice.
 */
export function spokenLanguageChoices(uiLanguage: Language, saved?: string | null): LanguageChoice[] {
  const names = new Intl.DisplayNames([LOCALES[uiLanguage]], { type: 'language', fallback: 'code' });
  const codes = saved && !SPOKEN_LANGUAGES.includes(saved) ? [...SPOKEN_LANGUAGES, saved] : SPOKEN_LANGUAGES;
  const named = (code: string): LanguageChoice => ({ code, name: names.of(code) ?? code });
  const rest = codes.slice(4).map(named);
  return [...codes.slice(0, 4).map(named), ...rest.sort((a, b) => a.name.localeCompare(b.name))];
}

/** A language's name in that language itself ("العربية", "Nederlands"): a subtitle track's label. */
export function ownName(code: string): string {
  try {
    const name = new Intl.DisplayNames([code], { type: 'language', fallback: 'code' }).of(code) ?? code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  } catch {
    return code;
  }
}
