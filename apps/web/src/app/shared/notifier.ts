import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { TranslocoService } from '@jsverse/transloco';
import { LanguageService } from '../core/language';

/** Short confirmations ("Saved.") at the bottom of the screen, in the language shown. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);

  say(key: string, params?: Record<string, unknown>): void {
    this.snackBar.open(this.transloco.translate(key, params), this.transloco.translate('common.ok'), {
      duration: 4000,
      direction: this.language.direction(),
      politeness: 'polite',
    });
  }
}
