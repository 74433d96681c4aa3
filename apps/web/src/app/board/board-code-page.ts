import { ChangeDetectionStrategy, Component, inject, input, type OnInit } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { BoardsApi } from '../core/boards-api';

import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { TopBar } from '../shared/top-bar';
import { FormSubmit } from '../shared/form-submit';

/** Opening a board with the short code the facilitator shows (or from the room screen's QR code: `?code=`). */
@Component({
  selector: 'app-board-code-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, RouterLink, TopBar, TranslocoDirective],
  template: `
    <app-top-bar />
    <main class="page" *transloco="let t">
      <h1><app-icon name="board" />{{ t('board.codePage.title') }}</h1>
      <form class="form" (submit)="$event.preventDefault(); open(box.value)">
        <label for="board-code">{{ t('board.codePage.label') }}</label>
        <input
          #box
          id="board-code"
          class="code"
          dir="ltr"
          autocomplete="off"
          autocapitalize="characters"
          autocorrect="off"
          spellcheck="false"
          enterkeyhint="go"
          maxlength="20"
          [value]="code() ?? ''"
        />
        <app-error-message [error]="error()" />
        <button matButton="filled" class="big-button" type="submit" [disabled]="busy()">
          <app-icon matButtonIcon name="arrow" />{{ t('board.codePage.open') }}
        </button>
        <a matButton="text" [routerLink]="session.isStaff() ? '/staff/boards' : '/home'">
          <app-icon matButtonIcon name="arrowBack" />{{ t('board.back') }}
        </a>
      </form>
    </main>
  `,
  styles: `
    .page {
      box-sizing: border-box;
      max-inline-size: 480px;
      margin-inline: auto;
      padding: 24px 16px;
      display: grid;
      gap: 16px;
    }
    h1 {
      display: flex;
      align-items: center;
      gap: 10px;
      margin: 0;
      font-size: 1.7rem;
      overflow-wrap: anywhere;
    }
    .form {
      display: grid;
      /* A grid column is as wide as its widest item unless told otherwise: the field's intrinsic
         width (20 big letters) made the page 451 px wide on a 390 px phone. */
      grid-template-columns: minmax(0, 1fr);
      gap: 12px;
      font-size: 1.1rem;
    }
    .code {
      box-sizing: border-box;
      inline-size: 100%;
      min-inline-size: 0;
      min-block-size: 64px;
      padding: 0 16px;
      border-radius: 14px;
      border: 2px solid var(--mat-sys-outline);
      font: inherit;
      font-size: 2rem;
      letter-spacing: 0.15em;
      text-align: center;
      text-transform: uppercase;
    }
  `,
})
export class BoardCodePage implements OnInit {
  /** From the room screen's QR code. */
  readonly code = input<string>();

  protected readonly session = inject(Session);
  private readonly boards = inject(BoardsApi);
  private readonly router = inject(Router);
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  ngOnInit(): void {
    const code = this.code();
    if (code) void this.open(code);
  }

  protected async open(raw: string): Promise<void> {
    const code = raw.replace(/[\s-]/g, '').toUpperCase();
    if (!code) return;
    await this.sending.run(async () => {
      const board = await this.boards.byCode(code);
      await this.router.navigate(['/board', board.id]);
    });
  }
}
