import { ChangeDetectionStrategy, Component, computed, inject, input, resource } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { PublishingOverview } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { TopBar } from '../shared/top-bar';
import { CreditsPanel } from './credits-panel';
import { FilmForm } from './film-form';
import { NoticesPanel } from './notices-panel';
import { PublishPanel } from './publish-panel';
import { PublishingApi } from './publishing-api';
import { SubtitlesPanel } from './subtitles-panel';

/** Staff: one project's documentary — the film, credits and consent, subtitles, and publishing. */
@Component({
  selector: 'app-documentary-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CreditsPanel,
    ErrorMessage,
    FilmForm,
    Icon,
    MatButton,
    NoticesPanel,
    PublishPanel,
    RouterLink,
    SubtitlesPanel,
    TopBar,
    TranslocoDirective,
  ],
  template: `
    <app-top-bar />
    <main class="page" *transloco="let t">
      <a matButton="text" routerLink="/staff" [queryParams]="{ tab: 'documentaries' }"
        ><app-icon matButtonIcon name="arrowBack" />{{ t('publishing.page.back') }}</a
      >
      <app-error-message [error]="error()" />
      @if (loaded(); as o) {
        <header>
          <h1 dir="auto">{{ o.documentary?.title || o.project.title || o.project.groupName }}</h1>
          <p class="group" dir="auto">{{ t('publishing.page.group', { name: o.project.groupName }) }}</p>
        </header>
        <app-notices-panel [overview]="o" (changed)="reload()" />
        <app-film-form [overview]="o" (changed)="show($event)" (saved)="reload()" />
        <app-credits-panel [overview]="o" (changed)="show($event)" />
        @if (o.documentary) {
          <app-subtitles-panel [overview]="o" (changed)="reload()" />
          <app-publish-panel [overview]="o" (changed)="show($event)" />
        }
      }
    </main>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-block-size: 100dvh;
    }
    .page {
      box-sizing: border-box;
      inline-size: 100%;
      max-inline-size: 880px;
      margin-inline: auto;
      padding: 12px 12px 48px;
      display: flex;
      flex-direction: column;
      gap: 16px;
    }
    .page > a {
      align-self: flex-start;
    }
    h1 {
      font-size: 1.6rem;
      overflow-wrap: anywhere;
    }
    .group {
      margin: 4px 0 0;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class DocumentaryPage {
  readonly projectId = input.required<string>();
  private readonly api = inject(PublishingApi);
  protected readonly overview = resource({
    params: () => this.projectId(),
    loader: ({ params }) => this.api.overview(params),
  });
  /** The loaded value, or undefined while loading or after an error (reading `value()` then throws). */
  protected readonly loaded = computed(() => (this.overview.hasValue() ? this.overview.value() : undefined));
  protected readonly error = computed(() => (this.overview.error() ? toShownError(this.overview.error()) : null));

  protected show(o: PublishingOverview): void {
    this.overview.set(o);
  }

  protected reload(): void {
    this.overview.reload();
  }
}
