import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatCheckbox } from '@angular/material/checkbox';
import { TranslocoDirective } from '@jsverse/transloco';
import { ReadAloudPreference } from '../core/read-aloud-preference';

/** The participant's choice between the server's voice (default) and the phone's own voice. */
@Component({
  selector: 'app-read-aloud-setting',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCheckbox, TranslocoDirective],
  template: `
    <p class="setting" *transloco="let t">
      <mat-checkbox
        class="phone-voice"
        [checked]="preference.phoneVoice()"
        (change)="preference.setPhoneVoice($event.checked)"
      >
        {{ t('readAloud.phoneVoice') }}
      </mat-checkbox>
      <span class="hint">{{ t('readAloud.phoneVoiceHint') }}</span>
    </p>
  `,
  styles: `
    .setting {
      display: flex;
      flex-direction: column;
      gap: 2px;
      margin: 0;
    }
    .hint {
      padding-inline-start: 48px;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class ReadAloudSetting {
  protected readonly preference = inject(ReadAloudPreference);
}
