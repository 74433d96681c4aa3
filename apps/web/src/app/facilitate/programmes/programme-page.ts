import { CdkCopyToClipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatTab, MatTabContent, MatTabGroup, MatTabLabel } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';
import type { Programme } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { LANGUAGE_NAMES } from '../../core/language';
import { ProgrammesApi } from '../../core/programmes-api';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { Notifier } from '../../shared/notifier';
import { KIND_ICONS } from '../../shared/programme-kinds';
import { TopBar } from '../../shared/top-bar';
import { PeoplePanel } from './people-panel';
import { ProgrammeForm } from './programme-form';
import { ReportPanel } from './report-panel';
import { SessionsPanel } from './sessions-panel';

const TABS = ['sessions', 'people', 'attendance'] as const;
type Tab = (typeof TABS)[number];

/** One programme: how to join it, its settings, and its sessions, people and attendance. */
@Component({
  selector: 'app-programme-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CdkCopyToClipboard,
    ErrorMessage,
    Icon,
    MatButton,
    MatProgressSpinner,
    MatTab,
    MatTabContent,
    MatTabGroup,
    MatTabLabel,
    PeoplePanel,
    ProgrammeForm,
    ReportPanel,
    RouterLink,
    SessionsPanel,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './programme-page.html',
  styleUrl: './programme-page.scss',
})
export class ProgrammePage {
  /** From the address: `/staff/programmes/:id?tab=people`. */
  readonly id = input.required<string>();
  readonly tab = input<string>();

  private readonly api = inject(ProgrammesApi);
  private readonly router = inject(Router);
  private readonly notifier = inject(Notifier);
  protected readonly kindIcons = KIND_ICONS;
  protected readonly names = LANGUAGE_NAMES;

  protected readonly programme = resource({
    params: () => this.id(),
    loader: ({ params }) => this.api.get(params),
  });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.programme.error();
    return error ? toShownError(error) : null;
  });
  protected readonly selectedIndex = computed(() => Math.max(0, TABS.indexOf(this.tab() as Tab)));
  protected readonly editing = signal(false);

  protected selectTab(index: number): void {
    const tab = TABS[index] ?? TABS[0];
    void this.router.navigate([], {
      queryParams: { tab: tab === TABS[0] ? null : tab },
      replaceUrl: true,
    });
  }

  protected showSaved(programme: Programme): void {
    this.programme.set(programme);
    this.editing.set(false);
    this.notifier.say('programme.saved');
  }

  /** Sessions or people changed: the counts and next session in the header follow. */
  protected refresh(): void {
    this.programme.reload();
  }

  protected copied(ok: boolean): void {
    this.notifier.say(ok ? 'programme.copied' : 'programme.copyFailed');
  }

  protected selectText(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }
}
