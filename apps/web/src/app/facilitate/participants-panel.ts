import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import {
  MatAccordion,
  MatExpansionPanel,
  MatExpansionPanelContent,
  MatExpansionPanelDescription,
  MatExpansionPanelHeader,
  MatExpansionPanelTitle,
} from '@angular/material/expansion';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import type { ParticipantWithJoinCode } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { LANGUAGE_NAMES } from '../core/language';
import { ParticipantsApi } from '../core/participants-api';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { AddParticipantForm } from './add-participant-form';
import { JoinCard } from './join-card';
import { ParticipantDetails } from './participant-details';

/** The participants of the organisation: add one, give a join code, manage their devices. */
@Component({
  selector: 'app-participants-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BidiIsolatePipe,
    AddParticipantForm,
    ErrorMessage,
    Icon,
    JoinCard,
    MatAccordion,
    MatButton,
    MatExpansionPanel,
    MatExpansionPanelContent,
    MatExpansionPanelDescription,
    MatExpansionPanelHeader,
    MatExpansionPanelTitle,
    MatProgressSpinner,
    ParticipantDetails,
    TranslocoDirective,
  ],
  templateUrl: './participants-panel.html',
  styleUrls: ['./panel.scss', './participants-panel.scss'],
})
export class ParticipantsPanel {
  private readonly api = inject(ParticipantsApi);

  protected readonly participants = resource({ loader: () => this.api.list() });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.participants.error();
    return error ? toShownError(error) : null;
  });
  protected readonly sorted = computed(() =>
    [...(this.participants.value() ?? [])].sort((a, b) => a.displayName.localeCompare(b.displayName)),
  );
  protected readonly names = LANGUAGE_NAMES;
  protected readonly adding = signal(false);
  protected readonly created = signal<ParticipantWithJoinCode | null>(null);

  protected startAdding(): void {
    this.created.set(null);
    this.adding.set(true);
  }

  protected onCreated(result: ParticipantWithJoinCode): void {
    this.adding.set(false);
    this.created.set(result);
    this.participants.reload();
  }
}
