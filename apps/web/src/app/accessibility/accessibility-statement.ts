import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { AuthPage } from '../auth/auth-page';
import { Icon } from '../shared/icon';

/** What the participant screens meet of WCAG 2.2 AA, checked by the browser tests (tests/e2e). */
const MEETS = ['reflow', 'languages', 'readAloud', 'targets', 'focus', 'dragging', 'signIn', 'checked'] as const;
/** What they do not meet yet, said plainly so an organisation can plan around it. */
const GAPS = ['tigrinya', 'syntheticVoice', 'drawings', 'films', 'screenReaders', 'voiceCards'] as const;

/**
 * The accessibility statement (WCAG 2.2 AA, participant flows): open without signing in, linked from
 * the sign-in and join pages and from the participant's home.
 */
@Component({
  selector: 'app-accessibility-statement',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AuthPage, Icon, MatButton, RouterLink, TranslocoDirective],
  template: `
    <app-auth-page *transloco="let t; prefix: 'accessibility'">
      <article class="statement">
        <h1>{{ t('title') }}</h1>
        <p>{{ t('intro') }}</p>
        <h2>{{ t('meetsTitle') }}</h2>
        <ul class="meets">
          @for (key of meets; track key) {
            <li>
              <app-icon name="checkCircle" /><span>{{ t('meets.' + key) }}</span>
            </li>
          }
        </ul>
        <h2>{{ t('gapsTitle') }}</h2>
        <ul class="gaps">
          @for (key of gaps; track key) {
            <li>
              <app-icon name="warning" /><span>{{ t('gaps.' + key) }}</span>
            </li>
          }
        </ul>
        <h2>{{ t('contactTitle') }}</h2>
        <p>{{ t('contact') }}</p>
        <a matButton="outlined" class="big-button back" routerLink="/">
          <app-icon matButtonIcon name="arrowBack" />{{ t('back') }}
        </a>
      </article>
    </app-auth-page>
  `,
  styles: `
    .statement {
      display: flex;
      flex-direction: column;
      gap: 8px;
      line-height: 1.5;
    }
    h1 {
      font-size: 1.6rem;
      margin: 0;
    }
    h2 {
      font-size: 1.2rem;
      margin: 12px 0 0;
    }
    ul {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: flex;
      gap: 8px;
      align-items: flex-start;
    }
    .meets app-icon {
      color: var(--mat-sys-primary);
      flex: none;
    }
    .gaps app-icon {
      color: var(--mat-sys-error);
      flex: none;
    }
    .back {
      margin-block-start: 12px;
    }
  `,
})
export class AccessibilityStatement {
  protected readonly meets = MEETS;
  protected readonly gaps = GAPS;
}
