import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from './icon';
import { Notifier } from './notifier';

/** A one-time link shown to copy and hand over (a reset link, a new organisation's setup link). */
@Component({
  selector: 'app-copy-link',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [CdkCopyToClipboard, Icon, MatButton, TranslocoDirective],
  template: `
    <section class="link-box" aria-live="polite" *transloco="let t">
      <p class="link-title"><app-icon name="check" />{{ heading() }}</p>
      @if (note()) {
        <p class="note">{{ note() }}</p>
      }
      <input
        class="link"
        type="text"
        readonly
        dir="ltr"
        [value]="url()"
        [attr.aria-label]="heading()"
        (focus)="selectText($event)"
      />
      <div class="actions">
        <button
          matButton="tonal"
          type="button"
          [cdkCopyToClipboard]="url()"
          (cdkCopyToClipboardCopied)="copied($event)"
        >
          <app-icon matButtonIcon name="copy" />
          {{ t('invitations.copy') }}
        </button>
        <button matButton="text" type="button" (click)="closed.emit()">{{ t('common.close') }}</button>
      </div>
    </section>
  `,
  styles: `
    .link-box {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 16px;
      border-radius: 16px;
      border: 1px solid var(--mat-sys-primary);
      background: var(--mat-sys-surface);
    }
    .link-title {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      font-weight: 600;
      color: var(--mat-sys-primary);
      overflow-wrap: anywhere;
    }
    .note {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      line-height: 1.45;
    }
    .link {
      box-sizing: border-box;
      inline-size: 100%;
      min-block-size: 48px;
      padding: 8px 12px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 8px;
      background: var(--mat-sys-surface-container-low);
      color: var(--mat-sys-on-surface);
      font: inherit;
      font-size: 0.95rem;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
})
export class CopyLink {
  readonly url = input.required<string>();
  readonly heading = input.required<string>();
  readonly note = input<string>('');
  readonly closed = output<void>();

  private readonly notifier = inject(Notifier);

  /** Selects the whole link so it can be copied by hand when the copy button cannot. */
  protected selectText(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  protected copied(ok: boolean): void {
    this.notifier.say(ok ? 'invitations.copied' : 'invitations.copyFailed');
  }
}
