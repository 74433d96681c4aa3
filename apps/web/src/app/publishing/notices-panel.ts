import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { PublishingOverview } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { PublishingApi } from './publishing-api';

/** Why a documentary was lowered or unpublished after a consent change (the in-app notice). */
@Component({
  selector: 'app-notices-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, LocalDatePipe, MatButton, TranslocoDirective],
  template: `
    @if (unread().length) {
      <section class="notices" role="alert" *transloco="let t">
        @for (n of unread(); track n.id) {
          <p class="notice">
            <app-icon name="warning" />
            <span>
              @if (n.kind === 'unpublished') {
                {{
                  t('publishing.notices.unpublished', {
                    name: n.person?.displayName ?? t('publishing.notices.credits'),
                  })
                }}
              } @else {
                {{
                  t('publishing.notices.lowered', {
                    name: n.person?.displayName ?? t('publishing.notices.credits'),
                    to: t('publishing.visibility.' + n.to),
                  })
                }}
              }
              @if (n.reasons.length) {
                <span class="reason">
                  (
                  @for (r of n.reasons; track r; let last = $last) {
                    <bdi>{{ n.person?.displayName }}</bdi> {{ t('publishing.gaps.' + r) }}{{ last ? '' : ', ' }}
                  }
                  )
                </span>
              }
              <span class="when">{{ n.createdAt | localDate: 'dateTime' }}</span>
            </span>
          </p>
        }
        <button matButton="tonal" type="button" (click)="markRead()">{{ t('publishing.notices.markRead') }}</button>
      </section>
    }
  `,
  styles: `
    .notices {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 14px;
      border-radius: 18px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .notice {
      display: flex;
      gap: 10px;
      margin: 0;
      line-height: 1.4;
    }
    .reason {
      margin-inline-start: 6px;
      font-weight: 600;
    }
    .when {
      display: block;
      font-size: 0.85rem;
      opacity: 0.85;
    }
    button {
      align-self: flex-start;
    }
  `,
})
export class NoticesPanel {
  readonly overview = input.required<PublishingOverview>();
  readonly changed = output<void>();
  private readonly api = inject(PublishingApi);
  protected readonly unread = computed(() => this.overview().notices.filter((n) => !n.readAt));

  protected async markRead(): Promise<void> {
    await this.api.readNotices(this.overview().project.id);
    this.changed.emit();
  }
}
