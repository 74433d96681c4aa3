/**
 * The one list of languages every screen, e-mail and printed document ships in. Everything else
 * (the pickers, API validation, database checks, `<html lang dir>`, Intl formatting, fonts) is derived
 * from it. `fa-AF` is Dari (Persian script, right-to-left), `ti` Tigrinya (Ethiopic script).
 */
export const LANGUAGES = ['fr', 'nl', 'en', 'ar', 'fa-AF', 'ti', 'uk'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface LanguageInfo {
  /** The language in its own name, so anyone can find theirs. */
  nativeName: string;
  dir: 'ltr' | 'rtl';
  /** The Intl locale dates and numbers are formatted in (Latin digits where codes and phone numbers are read; the Gregorian calendar used in Belgium). */
  locale: string;
  script: 'latin' | 'arabic' | 'ethiopic' | 'cyrillic';
}

export const LANGUAGE_INFO: Readonly<Record<Language, LanguageInfo>> = {
  fr: { nativeName: 'Français', dir: 'ltr', locale: 'fr-BE', script: 'latin' },
  nl: { nativeName: 'Nederlands', dir: 'ltr', locale: 'nl-BE', script: 'latin' },
  en: { nativeName: 'English', dir: 'ltr', locale: 'en-GB', script: 'latin' },
  ar: { nativeName: 'العربية', dir: 'rtl', locale: 'ar-u-nu-latn', script: 'arabic' },
  'fa-AF': { nativeName: 'دری', dir: 'rtl', locale: 'fa-AF-u-ca-gregory-nu-latn', script: 'arabic' },
  ti: { nativeName: 'ትግርኛ', dir: 'ltr', locale: 'ti', script: 'ethiopic' },
  uk: { nativeName: 'Українська', dir: 'ltr', locale: 'uk', script: 'cyrillic' },
};

export const RTL_LANGUAGES: readonly Language[] = LANGUAGES.filter((l) => LANGUAGE_INFO[l].dir === 'rtl');

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The language we have for a browser or Accept-Language tag: the exact code first ("fa-AF"), else the
 * first language sharing its base ("fa-IR" or "fa" → "fa-AF", "ti-ER" → "ti", "fr-BE" → "fr").
 */
export function matchLanguage(tag: string | null | undefined): Language | null {
  if (!tag) return null;
  const exact = LANGUAGES.find((l) => l.toLowerCase() === tag.toLowerCase());
  if (exact) return exact;
  const base = tag.split(/[-_]/)[0]!.toLowerCase();
  // "prs" is the ISO 639-3 code for Dari.
  if (base === 'prs') return 'fa-AF';
  return LANGUAGES.find((l) => l.split('-')[0] === base) ?? null;
}
