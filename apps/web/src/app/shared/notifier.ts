import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { NavigationStart, Router } from '@angular/router';
import { TranslocoService } from '@jsverse/transloco';
import { LanguageService } from '../core/language';
import { bidiIsolate } from './bidi-isolate.pipe';

/** Short confirmations ("Saved.") at the bottom of the screen, in the language shown. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);
  private openedAt = 0;

  constructor() {
    // A message belongs to the page it was said on: going to another page (the projected check-in
    // screen…) takes it away — unless the action said it on its way there ("Saved", then the list).
    inject(Router).events.subscribe((event) => {
      if (event instanceof NavigationStart && Date.now() - this.openedAt > 1500) this.snackBar.dismiss();
    });
  }

  /** Shows the translation of `key`; names and addresses in `params` are kept in their own direction. */
  say(key: string, params: Record<string, string> = {}): void {
    const isolated = Object.fromEntries(Object.entries(params).map(([name, value]) => [name, bidiIsolate(value)]));
    this.openedAt = Date.now();
    this.snackBar.open(this.transloco.translate(key, isolated), this.transloco.translate('common.ok'), {
      duration: 4000,
      direction: this.language.direction(),
      politeness: 'polite',
    });
  }
}
