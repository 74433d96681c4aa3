import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  ErrorCode,
  Visibility,
  VISIBILITY_ORDER,
  type MissingConsent,
  type PublishingOverview,
} from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import type { IconName } from '../shared/icon-paths';
import { Notifier } from '../shared/notifier';
import { PublishingApi } from './publishing-api';

const ICONS: Record<Visibility, IconName> = { organisation: 'group', unlisted: 'link', public: 'public' };

/** Choose who may watch, see who still blocks it and why, publish or unpublish, and share the links. */
@Component({
  selector: 'app-publish-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, TranslocoDirective],
  templateUrl: './publish-panel.html',
  styleUrl: './publishing-panels.scss',
  styles: `
    .visibilities {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
      gap: 8px;
    }
    .visibility {
      display: flex;
      align-items: center;
      gap: 10px;
      padding: 12px;
      border: 2px solid var(--mat-sys-outline-variant);
      border-radius: 16px;
      background: var(--mat-sys-surface);
      font: inherit;
      text-align: start;
      cursor: pointer;
      --icon-size: 28px;
    }
    .visibility.selected {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-primary-container);
    }
    .visibility-text {
      display: flex;
      flex-direction: column;
    }
    .small {
      font-size: 0.85rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .state {
      margin: 0;
      font-weight: 600;
    }
    .links {
      display: flex;
      flex-direction: column;
      gap: 6px;
      margin: 0;
      padding: 0;
      list-style: none;
      overflow-wrap: anywhere;
    }
    code {
      font-size: 0.85rem;
    }
  `,
})
export class PublishPanel {
  readonly overview = input.required<PublishingOverview>();
  readonly changed = output<PublishingOverview>();
  private readonly api = inject(PublishingApi);
  private readonly notifier = inject(Notifier);
  protected readonly options = VISIBILITY_ORDER;
  protected readonly icons = ICONS;
  protected readonly chosen = signal<Visibility>(Visibility.Organisation);
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  /** Who blocks the chosen visibility: from the server's refusal if any, else from the overview. */
  protected readonly refused = signal<MissingConsent[] | null>(null);
  protected readonly blockers = computed(() => this.refused() ?? this.overview().blockers[this.chosen()]);
  protected readonly embedCode = computed(() => {
    const links = this.overview().links;
    return links
      ? `<iframe src="${links.embed}" width="640" height="400" allow="fullscreen" style="border:0"></iframe>`
      : '';
  });

  constructor() {
    effect(() => {
      const d = this.overview().documentary;
      if (d) this.chosen.set(d.visibility);
    });
  }

  protected choose(v: Visibility): void {
    this.chosen.set(v);
    this.refused.set(null);
    this.error.set(null);
  }

  protected async publish(): Promise<void> {
    await this.run(() => this.api.publish(this.overview().project.id, this.chosen()), 'publishing.publish.done');
  }

  protected async unpublish(): Promise<void> {
    await this.run(() => this.api.unpublish(this.overview().project.id), 'publishing.publish.undone');
  }

  private async run(call: () => Promise<PublishingOverview>, done: string): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    this.refused.set(null);
    try {
      this.changed.emit(await call());
      this.notifier.say(done);
    } catch (e) {
      const shown = toShownError(e);
      if (shown.code === ErrorCode.ConsentMissing && Array.isArray(shown.details?.['missing'])) {
        this.refused.set(shown.details['missing'] as MissingConsent[]);
      }
      this.error.set(shown);
    } finally {
      this.busy.set(false);
    }
  }
}
