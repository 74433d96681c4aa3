import { ChangeDetectionStrategy, Component, computed, inject, input, resource } from '@angular/core';
import type { MyConsent } from '@atelier/contracts';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { TopBar } from '../shared/top-bar';
import { MyConsentApi } from './publishing-api';

/** "My consent": every film a participant is credited in, with what they accepted; opens the questions. */
@Component({
  selector: 'app-my-consents',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.embedded]': 'embedded()' },
  imports: [ErrorMessage, Icon, MatButton, RouterLink, TopBar, TranslocoDirective],
  template: `
    @if (!embedded()) {
      <app-top-bar />
    }
    <section class="my-consents" *transloco="let t">
      @if (loaded()?.length || !embedded()) {
        <h2><app-icon name="movie" />{{ t(waiting() ? 'publishing.mine.waitingTitle' : 'publishing.mine.title') }}</h2>
      }
      <app-error-message [error]="error()" />
      @if (!embedded() && items.hasValue() && !loaded()!.length) {
        <p class="empty">{{ t('publishing.mine.none') }}</p>
      }
      @for (m of loaded() ?? []; track m.projectId) {
        <a
          class="film"
          [routerLink]="['/home/consent', m.projectId]"
          [class.todo]="!m.consent || m.filmChangedSinceAnswer"
        >
          <app-icon
            [name]="
              m.consent && !m.filmChangedSinceAnswer ? (m.consent.maxVisibility ? 'checkCircle' : 'cancel') : 'warning'
            "
          />
          <span class="text">
            <span class="title" dir="auto">{{ m.documentaryTitle || m.projectTitle }}</span>
            <span class="state">
              @if (!m.consent) {
                {{ t('publishing.mine.todo') }}
              } @else if (m.filmChangedSinceAnswer) {
                {{ t('publishing.mine.filmChanged') }}
              } @else {
                {{ t('publishing.consent.audience.' + (m.consent.maxVisibility ?? 'none')) }}
              }
            </span>
          </span>
          <span matButton="tonal" class="open">{{
            t(m.consent ? 'publishing.mine.change' : 'publishing.mine.answer')
          }}</span>
        </a>
      }
      @if (!embedded()) {
        <a matButton="text" class="big-button" routerLink="/home"
          ><app-icon matButtonIcon name="arrowBack" />{{ t('publishing.consent.backHome') }}</a
        >
      }
    </section>
  `,
  styles: `
    .my-consents {
      box-sizing: border-box;
      inline-size: 100%;
      max-inline-size: 560px;
      margin-inline: auto;
      display: flex;
      flex-direction: column;
      gap: 12px;
    }
    :host(:not(.embedded)) .my-consents {
      padding: 24px 16px 40px;
    }
    h2 {
      display: flex;
      align-items: center;
      gap: 10px;
      font-size: 1.3rem;
    }
    .film {
      display: flex;
      align-items: center;
      gap: 12px;
      padding: 14px 16px;
      border-radius: 20px;
      background: var(--mat-sys-surface-container);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
      --icon-size: 32px;
    }
    .film.todo {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .text {
      flex: 1;
      display: flex;
      flex-direction: column;
      gap: 2px;
      min-inline-size: 0;
    }
    .title {
      font-weight: 700;
      font-size: 1.1rem;
      overflow-wrap: anywhere;
    }
    .empty {
      margin: 0;
    }
  `,
})
export class MyConsents {
  /** Inside the participant's home: no top bar, and nothing at all when they are in no film. */
  readonly embedded = input(false);
  /** Films the page has already loaded (the home shows those waiting for an answer apart, first). */
  readonly films = input<readonly MyConsent[]>();
  /** These films wait for the person's answer: titled as a request. */
  readonly waiting = input(false);
  private readonly api = inject(MyConsentApi);
  protected readonly items = resource({
    params: () => (this.films() ? undefined : true),
    loader: () => this.api.list(),
  });
  /** The loaded value, or undefined while loading or after an error (reading `value()` then throws). */
  protected readonly loaded = computed(() => this.films() ?? (this.items.hasValue() ? this.items.value() : undefined));
  protected readonly error = computed(() => (this.items.error() ? toShownError(this.items.error()) : null));
}
