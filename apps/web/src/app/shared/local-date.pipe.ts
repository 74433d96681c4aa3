import { Pipe, inject, type PipeTransform } from '@angular/core';
import { LANGUAGES, LANGUAGE_INFO, type Language } from '@atelier/contracts';
import { LanguageService } from '../core/language';

/**
 * Intl locales per language (see LANGUAGE_INFO: Arabic and Dari keep Latin digits and the Gregorian
 * calendar). A browser without a language's date names (Chromium has none for Tigrinya) would otherwise
 * fall back to the phone's own locale, often French: English is shown instead, the same on every phone.
 */
export const LOCALES: Readonly<Record<Language, string>> = Object.fromEntries(
  LANGUAGES.map((l) => {
    const locale = LANGUAGE_INFO[l].locale;
    return [l, Intl.DateTimeFormat.supportedLocalesOf(locale).length > 0 ? locale : LANGUAGE_INFO.en.locale];
  }),
) as Record<Language, string>;

const STYLES = {
  date: { dateStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * Shows an ISO date in the language on screen, or in `lang` when given:
 * `{{ code.expiresAt | localDate: 'dateTime' }}`.
 */
@Pipe({ name: 'localDate', pure: false })
export class LocalDatePipe implements PipeTransform {
  private readonly language = inject(LanguageService);
  private cacheKey = '';
  private cached = '';

  transform(
    value: string | null | undefined,
    style: keyof typeof STYLES = 'date',
    lang: Language = this.language.language(),
  ): string {
    if (!value) return '';
    const key = `${value}|${style}|${lang}`;
    if (key !== this.cacheKey) {
      const date = new Date(value);
      this.cacheKey = key;
      this.cached = Number.isNaN(date.getTime())
        ? value
        : new Intl.DateTimeFormat(LOCALES[lang], STYLES[style]).format(date);
    }
    return this.cached;
  }
}
