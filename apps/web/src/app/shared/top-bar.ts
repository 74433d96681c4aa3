import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { Session } from '../core/session';
import { SignOut } from '../core/sign-out';
import { Icon } from './icon';
import { LanguageMenu } from './language-menu';

/** The bar on every signed-in page: app, organisation, language and sign out. */
@Component({
  selector: 'app-top-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, Icon, LanguageMenu, TranslocoDirective],
  template: `
    <header class="bar" *transloco="let t">
      <div class="brand">
        <span class="mark" aria-hidden="true">A</span>
        <span class="names">
          <span class="app-name">Atelier</span>
          <span class="org-name" dir="auto">{{ session.me()?.organisation?.name }}</span>
        </span>
      </div>
      <nav class="actions" [attr.aria-label]="t('topBar.label')">
        <app-language-menu />
        <button matButton="text" class="sign-out" [disabled]="busy()" (click)="signOut()">
          <app-icon matButtonIcon name="logout" />
          <span class="sign-out-label">{{ t('topBar.signOut') }}</span>
        </button>
      </nav>
    </header>
  `,
  styles: `
    .bar {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      min-block-size: 64px;
      padding-inline: 12px 4px;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 10px;
      min-inline-size: 0;
    }
    .mark {
      display: grid;
      place-items: center;
      flex-shrink: 0;
      inline-size: 36px;
      block-size: 36px;
      border-radius: 10px;
      background: var(--mat-sys-on-primary);
      color: var(--mat-sys-primary);
      font-weight: 700;
      font-size: 1.25rem;
    }
    .names {
      display: flex;
      flex-direction: column;
      min-inline-size: 0;
      line-height: 1.2;
    }
    .app-name {
      font-weight: 700;
      font-size: 1.15rem;
    }
    .org-name {
      font-size: 0.875rem;
      opacity: 0.9;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .actions {
      display: flex;
      align-items: center;
      flex-shrink: 0;
      --mat-button-text-label-text-color: var(--mat-sys-on-primary);
      --mat-button-text-state-layer-color: var(--mat-sys-on-primary);
      color: var(--mat-sys-on-primary);
    }
    .sign-out {
      --mat-button-text-label-text-color: var(--mat-sys-on-primary);
    }
    @media (max-width: 420px) {
      .sign-out-label {
        position: absolute;
        inline-size: 1px;
        block-size: 1px;
        overflow: hidden;
        clip-path: inset(50%);
      }
      .sign-out {
        min-inline-size: 48px;
        padding-inline: 12px;
      }
    }
  `,
})
export class TopBar {
  protected readonly session = inject(Session);
  private readonly signOutFlow = inject(SignOut);
  protected readonly busy = signal(false);

  protected async signOut(): Promise<void> {
    this.busy.set(true);
    try {
      await this.signOutFlow.run();
    } finally {
      this.busy.set(false);
    }
  }
}
