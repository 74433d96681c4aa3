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
      <p class="callout error" role="alert" *transloco="let t">
        <app-icon name="error" />
        <span>{{ t('errors.' + err.code, params()) }}</span>
      </p>
    }
  `,
  styles: `
    .error {
      font-size: 1rem;
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
