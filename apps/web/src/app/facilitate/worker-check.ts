import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { PingResult } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { SystemApi } from '../core/system-api';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { BusyIcon } from '../shared/busy-icon';

/** Admins check that background jobs run: a job goes to the worker and back. */
@Component({
  selector: 'app-worker-check',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BusyIcon, ErrorMessage, Icon, MatButton, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <div class="panel-head">
        <h2>
          <app-icon name="speed" />
          {{ t('worker.heading') }}
        </h2>
      </div>
      <div class="box">
        <p class="lead">{{ t('worker.lead') }}</p>
        <div class="form-actions">
          <button matButton="tonal" type="button" [disabled]="busy()" (click)="check()">
            <app-busy-icon matButtonIcon [busy]="busy()" name="refresh" [diameter]="20" />
            {{ t('worker.check') }}
          </button>
        </div>
        <div aria-live="polite">
          @if (result(); as r) {
            <p class="callout success">
              <app-icon name="check" />
              <span>
                {{ t('worker.ok', { ms: r.roundTripMs }) }}
                <span class="by">{{ t('worker.handledBy', { name: r.handledBy }) }}</span>
              </span>
            </p>
          }
        </div>
        <app-error-message [error]="error()" />
      </div>
    </ng-container>
  `,
  styleUrl: './panel.scss',
  styles: `
    .success {
      font-weight: 600;
    }
    .by {
      display: block;
      font-weight: 400;
      font-size: 0.9rem;
      overflow-wrap: anywhere;
    }
  `,
})
export class WorkerCheck {
  private readonly api = inject(SystemApi);
  protected readonly busy = signal(false);
  protected readonly result = signal<PingResult | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected async check(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.result.set(null);
    try {
      this.result.set(await this.api.ping());
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(false);
    }
  }
}
