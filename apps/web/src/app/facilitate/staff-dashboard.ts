import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatTab, MatTabContent, MatTabGroup, MatTabLabel } from '@angular/material/tabs';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { Session } from '../core/session';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { Icon } from '../shared/icon';
import { TopBar } from '../shared/top-bar';
import { DocumentariesPanel } from '../publishing/documentaries-panel';
import { InvitationsPanel } from './invitations-panel';
import { OrganisationPanel } from './organisation-panel';
import { ParticipantsPanel } from './participants-panel';
import { PasswordPanel } from './password-panel';
import { ProgrammesPanel } from './programmes/programmes-panel';
import { TeamPanel } from './team-panel';
import { WorkerCheck } from './worker-check';

const TRAINER_TABS = ['programmes', 'participants', 'documentaries', 'account'] as const;
const ADMIN_TABS = ['programmes', 'participants', 'documentaries', 'team', 'organisation', 'account'] as const;
type Tab = (typeof ADMIN_TABS)[number];

/** The staff dashboard: programmes, participants and their account for every trainer; team and organisation for admins. */
@Component({
  selector: 'app-staff-dashboard',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BidiIsolatePipe,
    DocumentariesPanel,
    Icon,
    InvitationsPanel,
    MatButton,
    MatTab,
    MatTabContent,
    MatTabGroup,
    MatTabLabel,
    OrganisationPanel,
    ParticipantsPanel,
    PasswordPanel,
    ProgrammesPanel,
    RouterLink,
    TeamPanel,
    TopBar,
    TranslocoDirective,
    WorkerCheck,
  ],
  templateUrl: './staff-dashboard.html',
  styleUrl: './staff-dashboard.scss',
})
export class StaffDashboard {
  /** The open tab, kept in the address (`?tab=team`) so a reload stays on it. */
  readonly tab = input<string>();

  protected readonly session = inject(Session);
  private readonly router = inject(Router);

  private readonly tabs = computed<readonly Tab[]>(() => (this.session.isAdmin() ? ADMIN_TABS : TRAINER_TABS));
  protected readonly selectedIndex = computed(() => Math.max(0, this.tabs().indexOf(this.tab() as Tab)));

  protected selectTab(index: number): void {
    const tabs = this.tabs();
    const tab = tabs[index] ?? tabs[0];
    void this.router.navigate([], {
      queryParams: { tab: tab === tabs[0] ? null : tab },
      replaceUrl: true,
    });
  }
}
