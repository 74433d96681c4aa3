import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { RTL_LANGUAGES, type Language } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { ALL_LANGUAGES, LANGUAGE_NAMES, LanguageService } from '../core/language';
import { LanguageChoice } from '../core/language-choice';
import { Icon } from './icon';

/**
 * Every language as a button in its own name, always visible: a row of chips on the sign-in and
 * join pages, or large tiles on a participant's home screen.
 */
@Component({
  selector: 'app-language-tiles',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, TranslocoDirective],
  host: {
    '[class.large]': "size() === 'large'",
  },
  template: `
    <div class="tiles" role="group" *transloco="let t" [attr.aria-label]="t('language.label')">
      @for (lang of languages; track lang) {
        <button
          type="button"
          class="tile"
          [class.selected]="lang === language.language()"
          [attr.lang]="lang"
          [attr.dir]="isRtl(lang) ? 'rtl' : 'ltr'"
          [attr.aria-pressed]="lang === language.language()"
          (click)="choose(lang)"
        >
          @if (lang === language.language()) {
            <app-icon name="check" />
          }
          <span>{{ names[lang] }}</span>
        </button>
      }
    </div>
  `,
  styles: `
    :host {
      display: block;
    }
    .tiles {
      display: grid;
      grid-template-columns: repeat(4, auto);
      justify-content: center;
      gap: 8px;
    }
    @media (max-width: 479px) {
      .tiles {
        grid-template-columns: repeat(2, minmax(0, 1fr));
        inline-size: 100%;
      }
    }
    .tile {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      gap: 6px;
      min-block-size: 48px;
      min-inline-size: 48px;
      padding-inline: 16px;
      border: 2px solid var(--mat-sys-outline-variant);
      border-radius: 24px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      font: inherit;
      font-size: 1rem;
      cursor: pointer;
    }
    .tile:hover {
      background: var(--mat-sys-surface-container-high);
    }
    .tile:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
    .tile.selected {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
      font-weight: 600;
    }
    :host(.large) .tiles {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 12px;
    }
    :host(.large) .tile {
      min-block-size: 88px;
      border-radius: 20px;
      font-size: 1.4rem;
    }
  `,
})
export class LanguageTiles {
  readonly size = input<'row' | 'large'>('row');
  protected readonly language = inject(LanguageService);
  private readonly choice = inject(LanguageChoice);
  protected readonly languages = ALL_LANGUAGES;
  protected readonly names = LANGUAGE_NAMES;

  protected isRtl(lang: Language): boolean {
    return RTL_LANGUAGES.includes(lang);
  }

  protected choose(lang: Language): void {
    void this.choice.choose(lang);
  }
}
