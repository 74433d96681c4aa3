import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatMenu, MatMenuItem, MatMenuTrigger } from '@angular/material/menu';
import { RTL_LANGUAGES, type Language } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { ALL_LANGUAGES, LANGUAGE_NAMES, LanguageService } from '../core/language';
import { LanguageChoice } from '../core/language-choice';
import { Icon } from './icon';

/** A compact language switcher for the top bar: a globe and the current language's own name. */
@Component({
  selector: 'app-language-menu',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatMenu, MatMenuItem, MatMenuTrigger, Icon, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <button matButton="text" class="trigger" [matMenuTriggerFor]="menu">
        <app-icon matButtonIcon name="language" />
        <span class="visually-hidden">{{ t('language.label') }}:</span>
        <span class="current" [attr.lang]="language.language()">{{ names[language.language()] }}</span>
      </button>
      <mat-menu #menu="matMenu" xPosition="before">
        @for (lang of languages; track lang) {
          <button
            mat-menu-item
            class="option"
            [attr.lang]="lang"
            [attr.dir]="isRtl(lang) ? 'rtl' : 'ltr'"
            [attr.aria-current]="lang === language.language() ? 'true' : null"
            (click)="choose(lang)"
          >
            <span class="option-row">
              <span>{{ names[lang] }}</span>
              @if (lang === language.language()) {
                <app-icon name="check" />
              }
            </span>
          </button>
        }
      </mat-menu>
    </ng-container>
  `,
  styles: `
    .trigger {
      --mat-button-text-label-text-color: inherit;
      min-inline-size: 48px;
    }
    .current {
      max-inline-size: 9em;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .option {
      min-block-size: 52px;
      font-size: 1.1rem;
    }
    .option-row {
      display: flex;
      align-items: center;
      gap: 12px;
      color: var(--mat-sys-on-surface);
    }
  `,
})
export class LanguageMenu {
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
