import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { BrusselsTimePipe } from './brussels-time.pipe';
import { Icon } from './icon';

/** "Saved on this phone — last updated Tuesday 8 December, 14:05": shown above a copy read offline. */
@Component({
  selector: 'app-saved-copy-note',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BrusselsTimePipe, Icon, TranslocoDirective],
  template: `
    <p class="note" role="status" *transloco="let t">
      <app-icon name="cloudOff" />
      <span>
        {{ t('offline.savedCopy') }}
        <strong class="when">
          {{ t('offline.lastUpdated') }} {{ iso() | brussels: 'dayLong' }},
          <span dir="ltr">{{ iso() | brussels: 'time' }}</span>
        </strong>
      </span>
    </p>
  `,
  styles: `
    .note {
      display: flex;
      align-items: flex-start;
      gap: 10px;
      margin: 0;
      padding: 12px 14px;
      border-radius: 14px;
      background: var(--mat-sys-surface-container-high);
      color: var(--mat-sys-on-surface);
    }
    .when {
      display: block;
    }
  `,
})
export class SavedCopyNote {
  /** When the copy was read from Atelier (ms since 1970). */
  readonly savedAt = input.required<number>();
  protected readonly iso = computed(() => new Date(this.savedAt()).toISOString());
}
