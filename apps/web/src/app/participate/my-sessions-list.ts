import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { MySession } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { BrusselsTimePipe } from '../shared/brussels-time.pipe';
import { Icon } from '../shared/icon';
import { StatusChip } from '../shared/status-chip';

/** A participant's sessions, each with their own mark as a coloured chip. */
@Component({
  selector: 'app-my-sessions-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BrusselsTimePipe, Icon, MatButton, RouterLink, StatusChip, TranslocoDirective],
  template: `
    <ul class="sessions" *transloco="let t">
      @for (item of items(); track item.session.id) {
        <li class="item" [class.cancelled]="item.session.cancelledAt" [attr.data-session]="item.session.id">
          <span class="when">
            <span class="day">{{ item.session.startsAt | brussels: 'day' }}</span>
            <span class="time">{{ item.session.startsAt | brussels: 'time' }}</span>
          </span>
          <span class="what" dir="auto">{{ item.session.title || item.programmeTitle }}</span>
          <span class="mark">
            @if (item.session.cancelledAt) {
              <span class="chip off"><app-icon name="cancel" />{{ t('home.cancelled') }}</span>
            } @else if (item.mark) {
              <app-status-chip [status]="item.mark" />
            } @else if (item.absence?.status === 'pending') {
              <!-- Opens the notice, which can be taken back until the trainer answers. -->
              <a class="chip" [routerLink]="['/home/sessions', item.session.id, 'cant-come']">
                <app-icon name="mail" />{{ t('home.waitingAnswer') }}
              </a>
            } @else if (upcoming() && !item.absence) {
              <a matButton="text" class="cant-come" [routerLink]="['/home/sessions', item.session.id, 'cant-come']">
                <app-icon matButtonIcon name="close" />
                {{ t('home.cantCome') }}
              </a>
            }
          </span>
        </li>
      }
    </ul>
  `,
  styles: `
    .sessions {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .item {
      display: grid;
      grid-template-columns: 7.5em minmax(0, 1fr);
      align-items: center;
      gap: 4px 12px;
      min-block-size: 56px;
      padding: 8px 14px;
      border-radius: 16px;
      background: var(--mat-sys-surface);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .when {
      grid-row: span 2;
      display: flex;
      flex-direction: column;
      font-weight: 700;
    }
    .mark {
      justify-self: start;
    }
    .mark:empty {
      display: none;
    }
    .time {
      font-weight: 400;
      color: var(--mat-sys-on-surface-variant);
    }
    .what {
      overflow-wrap: anywhere;
    }
    .cancelled .when,
    .cancelled .what {
      text-decoration: line-through;
      color: var(--mat-sys-on-surface-variant);
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 4px 10px 4px 8px;
      border-radius: 14px;
      background: var(--mat-sys-surface-container-high);
      font-size: 0.9rem;
      font-weight: 600;
      white-space: nowrap;
      color: inherit;
      text-decoration: none;
      --icon-size: 18px;
    }
    a.chip {
      min-block-size: 32px;
      box-sizing: border-box;
      text-decoration: underline;
    }
    .cant-come.mat-mdc-button-base {
      margin-inline-start: -12px;
      --mat-button-text-label-text-color: #a3201a;
    }
    .off {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class MySessionsList {
  readonly items = input.required<readonly MySession[]>();
  /** Sessions still to come: each can be answered with "I can't come". */
  readonly upcoming = input(false);
}
