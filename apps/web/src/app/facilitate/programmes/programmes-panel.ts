import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { Router, RouterLink } from '@angular/router';
import type { Programme } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../../core/api-error';
import { ProgrammesApi } from '../../core/programmes-api';
import { BrusselsTimePipe } from '../../shared/brussels-time.pipe';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { KIND_ICONS } from '../../shared/programme-kinds';
import { ProgrammeForm } from './programme-form';

/** The organisation's programmes, soonest session first, and a form to start a new one. */
@Component({
  selector: 'app-programmes-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BrusselsTimePipe,
    ErrorMessage,
    Icon,
    MatButton,
    MatProgressSpinner,
    ProgrammeForm,
    RouterLink,
    TranslocoDirective,
  ],
  templateUrl: './programmes-panel.html',
  styleUrls: ['../panel.scss', './programmes-panel.scss'],
})
export class ProgrammesPanel {
  private readonly api = inject(ProgrammesApi);
  private readonly router = inject(Router);

  protected readonly kindIcons = KIND_ICONS;
  protected readonly programmes = resource({ loader: () => this.api.list() });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.programmes.error();
    return error ? toShownError(error) : null;
  });
  /** Programmes with a session coming up first (soonest first), then the others by title. */
  protected readonly sorted = computed(() =>
    [...(this.programmes.value() ?? [])].sort(
      (a, b) =>
        (a.nextSessionAt ?? '\uffff').localeCompare(b.nextSessionAt ?? '\uffff') || a.title.localeCompare(b.title),
    ),
  );
  protected readonly adding = signal(false);

  protected async openCreated(programme: Programme): Promise<void> {
    this.adding.set(false);
    await this.router.navigate(['/staff/programmes', programme.id]);
  }
}
