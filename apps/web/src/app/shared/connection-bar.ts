import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { ActionQueue } from '../core/action-queue';
import { Connectivity } from '../core/connectivity';
import { ErrorMessage } from './error-message';
import { Icon } from './icon';

/**
 * On every page: "Offline" while the phone cannot reach Atelier, how many actions wait to be sent
 * ("2 actions waiting to be sent"), and what became of each one sent later, until dismissed.
 */
@Component({
  selector: 'app-connection-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      @if (!connectivity.online() || queue.waiting()) {
        <div class="bar" [class.offline]="!connectivity.online()" role="status" data-testid="connection-bar">
          <app-icon [name]="connectivity.online() ? 'send' : 'cloudOff'" />
          <span class="state">{{ connectivity.online() ? t('offline.online') : t('offline.offline') }}</span>
          @if (queue.waiting(); as count) {
            <span class="waiting" data-testid="actions-waiting">
              {{ count === 1 ? t('offline.waitingOne') : t('offline.waitingMany', { count }) }}
            </span>
          }
        </div>
      }
      @if (queue.outcomes().length) {
        <ul class="outcomes" [attr.aria-label]="t('offline.outcomes')">
          @for (outcome of queue.outcomes(); track outcome.id) {
            <li class="outcome" [class.refused]="outcome.error" [attr.data-kind]="outcome.kind">
              <app-icon [name]="outcome.error ? 'error' : 'checkCircle'" />
              <span class="what">
                <span>{{ t('offline.kinds.' + outcome.kind) }}</span>
                @if (outcome.label) {
                  <span dir="auto"> · {{ outcome.label }}</span>
                }
                @if (outcome.error) {
                  <app-error-message [error]="outcome.error" />
                } @else {
                  <span class="sent"> — {{ t('offline.sent') }}</span>
                }
              </span>
              <button matButton="text" type="button" (click)="queue.dismiss(outcome.id)">
                {{ t('offline.dismiss') }}
              </button>
            </li>
          }
        </ul>
      }
    </ng-container>
  `,
  styles: `
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 10px;
      padding: 8px 16px;
      background: #fff3cd;
      color: #3d2f00;
      font-weight: 600;
    }
    .bar.offline {
      background: #3d3d3d;
      color: #fff;
    }
    .waiting {
      font-weight: 400;
    }
    .outcomes {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin: 0;
      padding: 8px 12px;
      list-style: none;
      background: var(--mat-sys-surface-container);
    }
    .outcome {
      display: flex;
      align-items: center;
      gap: 8px;
      color: #14532d;
    }
    .outcome.refused {
      color: #7a1410;
    }
    .what {
      flex: 1;
      min-inline-size: 0;
      overflow-wrap: anywhere;
    }
  `,
})
export class ConnectionBar {
  protected readonly connectivity = inject(Connectivity);
  protected readonly queue = inject(ActionQueue);
}
