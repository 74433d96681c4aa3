import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';

import { DemoDataApi } from '../core/demo-data-api';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { Notifier } from '../shared/notifier';
import { FormSubmit } from '../shared/form-submit';

/**
 * Shown to admins only while the demo people of `npm start` are still in the organisation: removes
 * them (after saying what goes) so the demo organisation can become the real one.
 */
@Component({
  selector: 'app-demo-data-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, TranslocoDirective],
  template: `
    @if (people() > 0) {
      <section class="box demo" *transloco="let t">
        <h3><app-icon name="delete" /> {{ t('demoData.heading') }}</h3>
        <p>{{ t('demoData.lead', { count: people() }) }}</p>
        @if (confirming()) {
          <div class="confirm" role="alertdialog" [attr.aria-label]="t('demoData.confirm')">
            <span>{{ t('demoData.confirm') }}</span>
            <button matButton="filled" class="danger-button" type="button" [disabled]="busy()" (click)="remove()">
              <app-icon matButtonIcon name="delete" />
              {{ t('demoData.yesRemove') }}
            </button>
            <button matButton="text" type="button" (click)="confirming.set(false)">{{ t('common.cancel') }}</button>
          </div>
        } @else {
          <button matButton="outlined" type="button" (click)="confirming.set(true)">
            <app-icon matButtonIcon name="delete" />
            {{ t('demoData.remove') }}
          </button>
        }
        <app-error-message [error]="error()" />
      </section>
    }
  `,
  styles: `
    .demo {
      display: grid;
      gap: 8px;
      margin-block-start: 16px;
      padding: 20px 16px;
      border-radius: 20px;
      background: var(--mat-sys-surface);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    h3 {
      display: flex;
      align-items: center;
      gap: 8px;
      margin: 0;
      font: var(--mat-sys-title-medium);
    }
    p {
      margin: 0;
    }
    .confirm {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding: 8px 12px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class DemoDataCard {
  private readonly api = inject(DemoDataApi);
  private readonly notifier = inject(Notifier);

  protected readonly summary = resource({ loader: () => this.api.summary() });
  protected readonly people = computed(() => (this.summary.hasValue() ? this.summary.value().people : 0));
  protected readonly confirming = signal(false);
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;

  protected async remove(): Promise<void> {
    await this.sending.run(async () => {
      await this.api.remove();
      this.confirming.set(false);
      this.summary.reload();
      this.notifier.say('demoData.removed');
    });
  }
}
