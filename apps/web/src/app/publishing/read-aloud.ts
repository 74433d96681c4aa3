import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { LanguageService } from '../core/language';
import { Icon } from '../shared/icon';

const VOICES: Record<string, string> = { fr: 'fr-BE', nl: 'nl-BE', en: 'en-GB', ar: 'ar' };

/** A speaker button that reads a sentence aloud in the person's language (for people who read little). */
@Component({
  selector: 'app-read-aloud',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatIconButton, TranslocoDirective],
  template: `
    @if (supported) {
      <button
        matIconButton
        type="button"
        class="read-aloud"
        *transloco="let t"
        [attr.aria-label]="t('publishing.consent.readAloud')"
        (click)="speak()"
      >
        <app-icon name="volume" />
      </button>
    }
  `,
  styles: `
    .read-aloud {
      --icon-size: 30px;
      inline-size: 56px;
      block-size: 56px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class ReadAloud {
  readonly text = input.required<string>();
  private readonly language = inject(LanguageService);
  protected readonly supported = typeof window !== 'undefined' && 'speechSynthesis' in window;

  protected speak(): void {
    const utterance = new SpeechSynthesisUtterance(this.text());
    utterance.lang = VOICES[this.language.language()] ?? this.language.language();
    utterance.rate = 0.9;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  }
}
