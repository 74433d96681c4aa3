import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { LanguageTiles } from '../shared/language-tiles';

/** The frame of the signed-out pages: the app's name, every language, and one centred card. */
@Component({
  selector: 'app-auth-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LanguageTiles, RouterLink, TranslocoDirective],
  template: `
    <header class="header">
      <span class="mark" aria-hidden="true">A</span>
      <span class="app-name">Atelier</span>
    </header>
    <app-language-tiles class="languages" />
    <main class="card">
      <ng-content />
    </main>
    <footer class="footer" *transloco="let t">
      <a class="accessibility-link" routerLink="/accessibility">{{ t('accessibility.link') }}</a>
    </footer>
  `,
  styles: `
    .accessibility-link {
      display: inline-flex;
      align-items: center;
      min-block-size: 44px;
      padding-inline: 8px;
      color: var(--mat-sys-primary);
    }
    :host {
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 16px;
      padding: 16px 12px 32px;
      min-block-size: 100dvh;
      box-sizing: border-box;
      background:
        radial-gradient(circle at 15% 0%, var(--mat-sys-primary-container) 0, transparent 45%),
        radial-gradient(circle at 100% 100%, var(--mat-sys-tertiary-container) 0, transparent 40%),
        var(--mat-sys-surface-container-lowest);
    }
    .header {
      display: flex;
      align-items: center;
      gap: 10px;
      padding-block-start: 8px;
    }
    .mark {
      display: grid;
      place-items: center;
      inline-size: 44px;
      block-size: 44px;
      border-radius: 12px;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      font-weight: 700;
      font-size: 1.5rem;
    }
    .app-name {
      font-size: 1.6rem;
      font-weight: 700;
      color: var(--mat-sys-on-surface);
    }
    .languages {
      inline-size: 100%;
      max-inline-size: 480px;
    }
    .card {
      box-sizing: border-box;
      inline-size: 100%;
      max-inline-size: 480px;
      padding: 24px 20px;
      border-radius: 24px;
      background: var(--mat-sys-surface);
      box-shadow: var(--mat-sys-level1);
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
  `,
})
export class AuthPage {}
