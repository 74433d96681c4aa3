import { ChangeDetectionStrategy, Component, computed, effect, inject, resource, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSelect, MatOption } from '@angular/material/select';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import { ProgrammeKind, type MediaGroup } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { MediaApi } from '../core/media-api';
import { ParticipantsApi } from '../core/participants-api';
import { ProgrammesApi } from '../core/programmes-api';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { TopBar } from '../shared/top-bar';

/**
 * The groups whose clips one can see. A participant in exactly one group goes straight to its
 * bin. Staff also create groups (in a video course or on their own) and choose who is in them.
 */
@Component({
  selector: 'app-studio-home',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorMessage,
    FormsModule,
    Icon,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MatOption,
    MatProgressSpinner,
    MatSelect,
    RouterLink,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './studio-home.html',
  styleUrl: './studio.scss',
})
export class StudioHome {
  protected readonly session = inject(Session);
  private readonly api = inject(MediaApi);
  private readonly router = inject(Router);
  private readonly programmesApi = inject(ProgrammesApi);
  private readonly participantsApi = inject(ParticipantsApi);

  protected readonly groups = resource({ loader: () => this.api.groups() });
  protected readonly courses = resource({
    loader: async () =>
      this.session.isStaff()
        ? (await this.programmesApi.list()).filter((p) => p.kind === ProgrammeKind.VideoCourse)
        : [],
  });
  protected readonly participants = resource({
    loader: async () => (this.session.isStaff() ? this.participantsApi.list() : []),
  });
  protected readonly loadError = computed<ShownError | null>(() =>
    this.groups.error() ? toShownError(this.groups.error()) : null,
  );
  protected readonly actionError = signal<ShownError | null>(null);
  protected readonly busy = signal(false);
  protected newName = '';
  protected newCourse = '';
  protected readonly adding = signal<Record<string, string>>({});

  constructor() {
    effect(() => {
      const groups = this.groups.value();
      if (groups?.length === 1 && !this.session.isStaff())
        void this.router.navigate(['/studio/groups', groups[0]!.id], { replaceUrl: true });
    });
  }

  protected courseTitle(id: string | null): string | null {
    return id ? (this.courses.value()?.find((c) => c.id === id)?.title ?? null) : null;
  }

  protected notMembers(group: MediaGroup) {
    const inGroup = new Set(group.members.map((m) => m.participantId));
    return (this.participants.value() ?? []).filter((p) => !inGroup.has(p.id));
  }

  protected async createGroup(): Promise<void> {
    const name = this.newName.trim();
    if (!name) return;
    await this.act(async () => {
      await this.api.createGroup({ name, programmeId: this.newCourse || null });
      this.newName = '';
      this.groups.reload();
    });
  }

  protected async addMember(group: MediaGroup, participantId: string): Promise<void> {
    if (!participantId) return;
    await this.act(async () => {
      await this.api.addMember(group.id, participantId);
      this.groups.reload();
    });
  }

  protected async removeMember(group: MediaGroup, participantId: string): Promise<void> {
    await this.act(async () => {
      await this.api.removeMember(group.id, participantId);
      this.groups.reload();
    });
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.actionError.set(null);
    try {
      await work();
    } catch (e) {
      this.actionError.set(toShownError(e));
    } finally {
      this.busy.set(false);
    }
  }
}
