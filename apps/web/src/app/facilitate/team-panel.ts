import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatOption } from '@angular/material/core';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { MatSelect } from '@angular/material/select';
import { Role, isStaff, type Member, type PasswordResetLink } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { OrganisationApi } from '../core/organisation-api';
import { Session } from '../core/session';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { CopyLink } from '../shared/copy-link';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { Notifier } from '../shared/notifier';

/** Admins see the organisation's staff, change their role or remove them. */
@Component({
  selector: 'app-team-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    CopyLink,
    BidiIsolatePipe,
    ErrorMessage,
    Icon,
    MatButton,
    MatFormField,
    MatLabel,
    MatOption,
    MatProgressSpinner,
    MatSelect,
    TranslocoDirective,
  ],
  templateUrl: './team-panel.html',
  styleUrls: ['./panel.scss', './team-panel.scss'],
})
export class TeamPanel {
  private readonly api = inject(OrganisationApi);
  private readonly session = inject(Session);
  private readonly notifier = inject(Notifier);

  protected readonly staffRoles = [Role.Admin, Role.Trainer] as const;
  protected readonly members = resource({ loader: () => this.api.members() });
  /** Participants are managed on their own tab. */
  protected readonly staff = computed(() =>
    (this.members.value() ?? [])
      .filter((m) => isStaff(m.role))
      .sort((a, b) => a.displayName.localeCompare(b.displayName)),
  );
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.members.error();
    return error ? toShownError(error) : null;
  });
  protected readonly myId = computed(() => this.session.me()?.user.id);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<ShownError | null>(null);

  protected async changeRole(member: Member, role: Role): Promise<void> {
    if (role === member.role) return;
    await this.act(member, async () => {
      await this.api.changeRole(member.userId, { role });
      this.notifier.say('team.roleChanged', { name: member.displayName });
      if (member.userId === this.myId()) {
        await this.session.restore(); // Giving up admin hides the admin tabs.
      }
    });
  }

  /** A one-time link for this person to choose a new password (also unlocks a locked account). */
  protected readonly resetLink = signal<{ name: string; link: PasswordResetLink } | null>(null);

  protected async issueResetLink(member: Member): Promise<void> {
    this.resetLink.set(null);
    await this.act(member, async () => {
      this.resetLink.set({ name: member.displayName, link: await this.api.issuePasswordReset(member.userId) });
    });
  }

  protected async remove(member: Member): Promise<void> {
    await this.act(member, async () => {
      await this.api.removeMember(member.userId);
      this.notifier.say('team.removed', { name: member.displayName });
    });
    this.confirming.set(null);
  }

  private async act(member: Member, action: () => Promise<void>): Promise<void> {
    this.busy.set(member.userId);
    this.error.set(null);
    try {
      await action();
    } catch (error) {
      this.error.set(toShownError(error));
    } finally {
      this.busy.set(null);
      this.members.reload(); // Also puts a refused role change back in the list.
    }
  }
}
