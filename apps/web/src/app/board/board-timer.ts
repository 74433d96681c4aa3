import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';

/** The facilitator's countdown as m:ss, the same on every device; red in the last 10 seconds. */
@Component({
  selector: 'app-board-timer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, TranslocoDirective],
  template: `
    @if (seconds() !== null) {
      <span
        class="timer"
        role="timer"
        dir="ltr"
        [class.ending]="(seconds() ?? 0) <= 10"
        [class.done]="seconds() === 0"
        [attr.data-seconds]="seconds()"
        *transloco="let t"
        [attr.aria-label]="t('board.timer.left', { time: text() })"
      >
        <app-icon name="timer" />{{ seconds() === 0 ? t('board.timer.done') : text() }}
      </span>
    }
  `,
  styles: `
    .timer {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 4px 14px;
      border-radius: 999px;
      background: var(--mat-sys-inverse-surface);
      color: var(--mat-sys-inverse-on-surface);
      font-size: var(--timer-size, 1.3rem);
      font-weight: 700;
      font-variant-numeric: tabular-nums;
      --icon-size: 1.1em;
    }
    .ending {
      background: var(--mat-sys-error);
      color: var(--mat-sys-on-error);
    }
  `,
})
export class BoardTimer {
  readonly seconds = input<number | null>(null);
  protected readonly text = computed(() => {
    const s = this.seconds() ?? 0;
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  });
}
