import { Pipe, inject, type PipeTransform } from '@angular/core';
import type { Language } from '@atelier/contracts';
import { LanguageService } from '../core/language';

/** Intl locales per language; Arabic keeps Latin digits so dates match codes and phone numbers. */
export const LOCALES: Record<Language, string> = {
  fr: 'fr-BE',
  nl: 'nl-BE',
  en: 'en-GB',
  ar: 'ar-u-nu-latn',
};

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
