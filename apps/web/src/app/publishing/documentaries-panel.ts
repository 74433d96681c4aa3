import { ChangeDetectionStrategy, Component, computed, inject, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { PublishingApi } from './publishing-api';

/** The staff dashboard's "Documentaries" tab: each group's project, its film and consent progress. */
@Component({
  selector: 'app-documentaries-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, RouterLink, TranslocoDirective],
  template: `
    <ng-container *transloco="let t">
      <div class="panel-head">
        <h2><app-icon name="movie" />{{ t('publishing.list.title') }}</h2>
      </div>
      <app-error-message [error]="error()" />
      @if (projects.hasValue() && !loaded()!.length) {
        <p class="lead">{{ t('publishing.list.empty') }}</p>
      }
      <ul class="projects">
        @for (p of loaded() ?? []; track p.projectId) {
          <li>
            <a class="project" [routerLink]="['/staff/documentaries', p.projectId]">
              <span class="names">
                <span class="title" dir="auto">{{ p.documentaryTitle || p.title || p.groupName }}</span>
                <span class="group" dir="auto">{{ p.groupName }}</span>
              </span>
              <span class="chips">
                <span class="chip" [class.ok]="p.creditCount > 0 && p.consentedCount === p.creditCount">
                  <app-icon name="checkCircle" />{{
                    t('publishing.list.consented', { done: p.consentedCount, total: p.creditCount })
                  }}
                </span>
                <span class="chip" [class.ok]="p.published">
                  <app-icon [name]="p.published ? 'public' : 'lock'" />
                  {{ p.published ? t('publishing.visibility.' + p.visibility) : t('publishing.list.notPublished') }}
                </span>
                @if (p.unreadNotices) {
                  <span class="chip warn"
                    ><app-icon name="bell" />{{ t('publishing.list.notices', { count: p.unreadNotices }) }}</span
                  >
                }
              </span>
            </a>
          </li>
        }
      </ul>
    </ng-container>
  `,
  styleUrl: '../facilitate/panel.scss',
  styles: `
    .projects {
      display: flex;
      flex-direction: column;
      gap: 10px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .project {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 10px;
      padding: 14px 16px;
      border-radius: 18px;
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      text-decoration: none;
    }
    .names {
      display: flex;
      flex-direction: column;
    }
    .title {
      font-weight: 700;
      font-size: 1.1rem;
    }
    .group {
      color: var(--mat-sys-on-surface-variant);
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 6px;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      padding: 4px 10px;
      border-radius: 14px;
      background: var(--mat-sys-surface-container-high);
      font-size: 0.9rem;
      --icon-size: 18px;
    }
    .chip.ok {
      background: #d7f0dc;
      color: #0f4d22;
    }
    .chip.warn {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class DocumentariesPanel {
  private readonly api = inject(PublishingApi);
  protected readonly projects = resource({ loader: () => this.api.projects() });
  /** The loaded value, or undefined while loading or after an error (reading `value()` then throws). */
  protected readonly loaded = computed(() => (this.projects.hasValue() ? this.projects.value() : undefined));
  protected readonly error = computed(() => (this.projects.error() ? toShownError(this.projects.error()) : null));
}
