import { Directionality } from '@angular/cdk/bidi';
import { DOCUMENT, Injectable, computed, inject, signal } from '@angular/core';
import { LANGUAGES, LANGUAGE_INFO, RTL_LANGUAGES, isLanguage, matchLanguage, type Language } from '@atelier/contracts';
import { TranslocoService } from '@jsverse/transloco';
import { firstValueFrom } from 'rxjs';

const STORAGE_KEY = 'atelier.language';

/** French is the default for a device nobody has chosen a language on. */
export const DEFAULT_LANGUAGE: Language = 'fr';

/** Each language in its own name, so anyone can find theirs. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = Object.fromEntries(
  LANGUAGES.map((l) => [l, LANGUAGE_INFO[l].nativeName]),
) as Record<Language, string>;

export const ALL_LANGUAGES: readonly Language[] = LANGUAGES;

/**
 * The language the screens are shown in: loads its translations, sets `<html lang dir>` and
 * remembers the choice on this device. Saving it to the signed-in person is `LanguageChoice`'s job.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly transloco = inject(TranslocoService);
  private readonly document = inject(DOCUMENT);
  private readonly directionality = inject(Directionality);
  private readonly current = signal<Language>(DEFAULT_LANGUAGE);
  private readonly picked = signal<Language | null>(null);

  readonly language = this.current.asReadonly();
  /** The language a signed-out person tapped on the join or sign-in screen, if they tapped one. */
  readonly pickedBeforeSignIn = this.picked.asReadonly();
  readonly direction = computed(() => (RTL_LANGUAGES.includes(this.current()) ? 'rtl' : 'ltr'));

  /** Remembered on this device, else the browser's language if we have it, else French. */
  deviceLanguage(): Language {
    const stored = this.readStored();
    if (stored) return stored;
    const nav = this.document.defaultView?.navigator;
    for (const tag of nav?.languages ?? [nav?.language ?? '']) {
      const match = matchLanguage(tag);
      if (match) return match;
    }
    return DEFAULT_LANGUAGE;
  }

  /** Shows every screen in `lang` once its translations have loaded. */
  async use(lang: Language): Promise<void> {
    await firstValueFrom(this.transloco.load(lang));
    this.transloco.setActiveLang(lang);
    this.current.set(lang);
    const dir = RTL_LANGUAGES.includes(lang) ? 'rtl' : 'ltr';
    const html = this.document.documentElement;
    html.lang = lang;
    html.dir = dir;
    // The installed app's name and description follow the language (one manifest per language).
    this.document.querySelector('link[rel="manifest"]')?.setAttribute('href', `manifest.${lang}.webmanifest`);
    if (this.directionality.value !== dir) {
      this.directionality.valueSignal.set(dir);
      this.directionality.change.emit(dir);
    }
    this.remember(lang);
  }

  /** Notes a language tapped before signing in: the session that follows keeps it. */
  pickBeforeSignIn(lang: Language | null): void {
    this.picked.set(lang);
  }

  private readStored(): Language | null {
    try {
      const value = this.document.defaultView?.localStorage.getItem(STORAGE_KEY);
      return isLanguage(value) ? value : null;
    } catch {
      return null; // Storage can be blocked (private mode, strict settings).
    }
  }

  private remember(lang: Language): void {
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Not remembering is fine: the person can choose again.
    }
  }
}
