import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { AttendanceStatus } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { STATUS_ICONS } from './attendance-status';
import { Icon } from './icon';

/** An attendance status as a small coloured chip with its icon and word ("✓ Present"). */
@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, TranslocoDirective],
  host: { '[attr.data-status]': 'status()' },
  template: `
    <ng-container *transloco="let t">
      <app-icon [name]="icon()" />
      <span>{{ t('attendance.status.' + status()) }}</span>
    </ng-container>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 4px 10px 4px 8px;
      border-radius: 14px;
      background: var(--status-bg);
      color: var(--status-fg);
      font-size: 0.9rem;
      font-weight: 600;
      white-space: nowrap;
      --icon-size: 18px;
    }
  `,
})
export class StatusChip {
  readonly status = input.required<AttendanceStatus>();
  protected readonly icon = computed(() => STATUS_ICONS[this.status()]);
}
