import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AttendanceStatus, type MySession } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { BrusselsTimePipe } from '../shared/brussels-time.pipe';
import { Icon } from '../shared/icon';
import { ReadAloud } from '../shared/read-aloud';
import { StatusChip } from '../shared/status-chip';

/** The participant's next session, with the two things to do about it: check in, or say "I can't come". */
@Component({
  selector: 'app-next-session-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BrusselsTimePipe, Icon, MatButton, ReadAloud, RouterLink, StatusChip, TranslocoDirective],
  template: `
    <section #card class="card" *transloco="let t" [attr.aria-label]="t('home.nextSession')">
      <div class="head">
        <p class="label" [class.now]="started()">
          <app-icon [name]="started() ? 'schedule' : 'calendar'" />
          {{ started() ? t('home.nowSession') : t('home.nextSession') }}
        </p>
        <app-read-aloud [from]="card" />
      </div>
      <h2 dir="auto">{{ item().programmeTitle }}</h2>
      @if (item().session.title && item().session.title !== item().programmeTitle) {
        <p class="subtitle" dir="auto">{{ item().session.title }}</p>
      }
      <p class="when">
        <span class="day">{{ item().session.startsAt | brussels: 'dayLong' }}</span>
        <span class="time" dir="ltr">
          <app-icon name="schedule" />
          {{ item().session.startsAt | brussels: 'time' }}–{{ item().session.endsAt | brussels: 'time' }}
        </span>
      </p>
      @if (item().session.place) {
        <p class="place">
          <app-icon name="place" /><span dir="auto">{{ item().session.place }}</span>
        </p>
      }

      @if (here()) {
        <p class="state"><app-status-chip [status]="item().mark!" /></p>
      } @else if (item().absence; as absence) {
        @if (absence.status === 'pending') {
          <p class="state notice"><app-icon name="hourglass" />{{ t('home.absencePending') }}</p>
        } @else if (absence.status === 'confirmed') {
          <p class="state"><app-status-chip [status]="excused" /></p>
        } @else {
          <p class="state notice"><app-icon name="error" />{{ t('home.absenceDeclined') }}</p>
        }
        @if (!absence.answered && !started()) {
          <a matButton="text" class="change-absence" [routerLink]="['/home/sessions', item().session.id, 'cant-come']">
            <app-icon matButtonIcon name="undo" />{{ t('cantCome.withdraw') }}
          </a>
        }
      }

      @if (!here()) {
        <div class="buttons">
          <a matButton="filled" class="big-button check-in" routerLink="/check-in">
            <app-icon matButtonIcon name="checkCircle" />
            {{ t('home.checkIn') }}
          </a>
          @if (!started() && (!item().absence || item().absence?.status === 'declined')) {
            <a
              matButton="outlined"
              class="big-button cant-come"
              [routerLink]="['/home/sessions', item().session.id, 'cant-come']"
            >
              <app-icon matButtonIcon name="close" />
              {{ t('home.cantCome') }}
            </a>
          }
        </div>
      }
    </section>
  `,
  styles: `
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 12px;
    }
    .card {
      display: flex;
      flex-direction: column;
      gap: 8px;
      padding: 20px;
      border-radius: 28px;
      border: 2px solid var(--mat-sys-primary);
      background: var(--mat-sys-surface);
    }
    .subtitle {
      margin: 0;
    }
    .label,
    .when,
    .place,
    .state {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px 12px;
      margin: 0;
    }
    .label {
      gap: 8px;
      color: var(--mat-sys-primary);
      font-weight: 700;
    }
    .label.now {
      align-self: flex-start;
      padding: 2px 12px 2px 8px;
      border-radius: 14px;
      background: #1a7f37;
      color: #fff;
    }
    h2 {
      font-size: 1.6rem;
      line-height: 1.2;
      overflow-wrap: anywhere;
    }
    .when {
      font-size: 1.2rem;
      font-weight: 600;
    }
    .day::first-letter {
      text-transform: uppercase;
    }
    .time,
    .place {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .place {
      color: var(--mat-sys-on-surface-variant);
    }
    .notice {
      padding: 10px 14px;
      border-radius: 14px;
      background: var(--mat-sys-surface-container-high);
    }
    .buttons {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      gap: 10px;
      margin-block-start: 8px;
    }
    .check-in.mat-mdc-button-base {
      --mat-button-filled-container-color: #1a7f37;
      --mat-button-filled-label-text-color: #fff;
      min-block-size: 72px;
    }
    .cant-come.mat-mdc-button-base {
      min-block-size: 72px;
      --mat-button-outlined-label-text-color: #7a1410;
      --mat-button-outlined-outline-color: #c62828;
    }
  `,
})
export class NextSessionCard {
  readonly item = input.required<MySession>();
  protected readonly excused = AttendanceStatus.Excused;
  /** Under way: too late to say "I can't come", time to check in. */
  protected readonly started = computed(() => Date.parse(this.item().session.startsAt) <= Date.now());
  /** Already checked in (or marked present or late). */
  protected readonly here = computed(() => {
    const mark = this.item().mark;
    return mark === AttendanceStatus.Present || mark === AttendanceStatus.Late;
  });
}
