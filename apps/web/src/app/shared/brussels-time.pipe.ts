import { Pipe, inject, type PipeTransform } from '@angular/core';
import type { Language } from '@atelier/contracts';
import { LanguageService } from '../core/language';
import { BRUSSELS } from './brussels-time';
import { LOCALES } from './local-date.pipe';

const STYLES = {
  /** "mer. 14 janv." */
  day: { weekday: 'short', day: 'numeric', month: 'short' },
  /** "mercredi 14 janvier" */
  dayLong: { weekday: 'long', day: 'numeric', month: 'long' },
  /** "18:00" */
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "mer. 14 janv., 18:00" */
  dayTime: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  },
  /** "14/01" — a column of the attendance table. */
  short: { day: '2-digit', month: '2-digit' },
  /** "14 janv. 2026" */
  date: { day: 'numeric', month: 'short', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

export type BrusselsStyle = keyof typeof STYLES;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formats an ISO instant in Brussels time, in `lang`. */
export function formatInBrussels(value: string, style: BrusselsStyle, lang: Language): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const key = `${style}|${lang}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALES[lang], { ...STYLES[style], timeZone: BRUSSELS });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

/**
 * Shows an ISO instant as Brussels time in the language on screen:
 * `{{ session.startsAt | brussels: 'dayTime' }}–{{ session.endsAt | brussels: 'time' }}`.
 */
@Pipe({ name: 'brussels', pure: false })
export class BrusselsTimePipe implements PipeTransform {
  private readonly language = inject(LanguageService);

  transform(value: string | null | undefined, style: BrusselsStyle = 'dayTime'): string {
    return value ? formatInBrussels(value, style, this.language.language()) : '';
  }
}
