import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { retryAfterMinutes, type ShownError } from '../core/api-error';
import { Icon } from './icon';

/** An API error in the person's language, with an icon and the error colour. */
@Component({
  selector: 'app-error-message',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, TranslocoDirective],
  template: `
    @if (error(); as err) {
      <p class="error" role="alert" *transloco="let t">
        <app-icon name="error" />
        <span>{{ t('errors.' + err.code, params()) }}</span>
      </p>
    }
  `,
  styles: `
    .error {
      display: flex;
      align-items: flex-start;
      gap: 10px;
      margin: 0;
      padding: 12px 16px;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font-size: 1rem;
      line-height: 1.4;
    }
  `,
})
export class ErrorMessage {
  readonly error = input<ShownError | null>(null);

  protected readonly params = computed(() => {
    const err = this.error();
    return err ? { minutes: retryAfterMinutes(err) } : {};
  });
}
