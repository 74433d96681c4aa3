import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import type { ConsentHistoryEntry, Credit, CreditInput, PublishingOverview } from '@atelier/contracts';
import { TranslocoDirective, TranslocoService } from '@jsverse/transloco';

import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { ConsentSummary } from './consent-summary';
import { PaperConsentForm } from './paper-consent-form';
import { PublishingApi } from './publishing-api';
import { FormSubmit } from '../shared/form-submit';

/** Who is credited or appears in the film, each person's consent, paper consent and its history. */
@Component({
  selector: 'app-credits-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ConsentSummary,
    ErrorMessage,
    Icon,
    LocalDatePipe,
    MatButton,
    MatCheckbox,
    PaperConsentForm,
    TranslocoDirective,
  ],
  templateUrl: './credits-panel.html',
  styleUrls: ['./publishing-panels.scss', './credits-panel.scss'],
})
export class CreditsPanel {
  readonly overview = input.required<PublishingOverview>();
  readonly changed = output<PublishingOverview>();
  private readonly api = inject(PublishingApi);
  private readonly transloco = inject(TranslocoService);

  protected readonly rows = signal<CreditInput[]>([]);
  protected readonly dirty = signal(false);
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly paperFor = signal<string | null>(null);
  protected readonly history = signal<{ personId: string; entries: ConsentHistoryEntry[] } | null>(null);
  protected readonly adding = signal('');

  /** They answered before the film was replaced: their answer holds, but they have not seen this cut. */
  protected answeredBeforeNewCut(personId: string): boolean {
    const changed = this.overview().documentary?.filmChangedAt;
    const answered = this.credit(personId)?.consent?.recordedAt;
    return !!changed && !!answered && Date.parse(answered) < Date.parse(changed);
  }

  private readonly byId = computed(() => new Map(this.overview().credits.map((c) => [c.personId, c])));
  private readonly names = computed(() => new Map(this.overview().people.map((p) => [p.id, p.displayName])));
  protected readonly addable = computed(() => {
    const inRows = new Set(this.rows().map((r) => r.personId));
    return this.overview().people.filter((p) => !inRows.has(p.id));
  });
  /**
   * Members of the group who are not in the credits: usually people who joined the group after the
   * credits were first set (they start as the group). Shown until added or the trainer decides not to.
   */
  protected readonly newMembers = computed(() => this.addable().filter((p) => p.inGroup));
  protected readonly newMemberNames = computed(() =>
    new Intl.ListFormat(this.transloco.getActiveLang(), { type: 'conjunction' }).format(
      this.newMembers().map((p) => p.displayName),
    ),
  );

  constructor() {
    effect(() => {
      this.rows.set(
        this.overview().credits.map(({ personId, credited, appearing }) => ({ personId, credited, appearing })),
      );
      this.dirty.set(false);
    });
  }

  protected credit(personId: string): Credit | undefined {
    return this.byId().get(personId);
  }

  protected nameOf(personId: string): string {
    return this.names().get(personId) ?? this.credit(personId)?.displayName ?? '';
  }

  protected toggle(personId: string, field: 'credited' | 'appearing', value: boolean): void {
    this.rows.update((rows) => rows.map((r) => (r.personId === personId ? { ...r, [field]: value } : r)));
    this.dirty.set(true);
  }

  protected remove(personId: string): void {
    this.rows.update((rows) => rows.filter((r) => r.personId !== personId));
    this.dirty.set(true);
  }

  protected add(): void {
    const id = this.adding();
    if (!id) return;
    this.rows.update((rows) => [...rows, { personId: id, credited: true, appearing: true }]);
    this.adding.set('');
    this.dirty.set(true);
  }

  /** Adds every group member missing from the credits, credited and appearing (the trainer can uncheck). */
  protected addNewMembers(): void {
    const adding = this.newMembers().map((p) => ({ personId: p.id, credited: true, appearing: true }));
    this.rows.update((rows) => [...rows, ...adding]);
    this.dirty.set(true);
  }

  protected async save(): Promise<void> {
    await this.sending.run(async () => {
      this.changed.emit(await this.api.setCredits(this.overview().project.id, this.rows()));
    });
  }

  protected async showHistory(personId: string): Promise<void> {
    if (this.history()?.personId === personId) return this.history.set(null);
    this.history.set({ personId, entries: await this.api.history(this.overview().project.id, personId) });
  }

  protected paperFormUrl(personId: string): string {
    return this.api.paperFormUrl(this.overview().project.id, personId);
  }

  protected recorded(o: PublishingOverview): void {
    this.paperFor.set(null);
    this.history.set(null);
    this.changed.emit(o);
  }
}
