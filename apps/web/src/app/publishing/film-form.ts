import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOptgroup, MatOption, MatSelect } from '@angular/material/select';
import type { DocumentaryInput, PublishingOverview } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { Notifier } from '../shared/notifier';
import { formatDuration } from '../catalogue/catalogue-api';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { PublishingApi } from './publishing-api';
import { LanguageService } from '../core/language';
import { spokenLanguageChoices } from '../shared/spoken-languages';
import { FormSubmit } from '../shared/form-submit';

/** The film control's value: `render:<id>`, `clip:<id>` or null (none chosen yet). */
type FilmValue = string | null;

function filmOf(v: FilmValue): Pick<DocumentaryInput, 'videoClipId' | 'renderId'> {
  if (v?.startsWith('render:')) return { videoClipId: null, renderId: v.slice('render:'.length) };
  if (v?.startsWith('clip:')) return { videoClipId: v.slice('clip:'.length), renderId: null };
  return { videoClipId: null, renderId: null };
}

/**
 * The documentary's details and its film: a finished render of the group's timeline, or a finished
 * edit uploaded to the clip bin (a ready video clip) — one of the two.
 */
@Component({
  selector: 'app-film-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorMessage,
    Icon,
    LocalDatePipe,
    MatButton,
    MatFormField,
    MatHint,
    MatInput,
    MatLabel,
    MatOptgroup,
    MatOption,
    MatSelect,
    ReactiveFormsModule,
    TranslocoDirective,
  ],
  template: `
    <form class="box" [formGroup]="form" (ngSubmit)="save()" novalidate *transloco="let t">
      <h2><app-icon name="movie" />{{ t('publishing.film.title') }}</h2>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('publishing.film.name') }}</mat-label>
        <input matInput formControlName="title" dir="auto" maxlength="200" required />
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('publishing.film.description') }}</mat-label>
        <textarea matInput formControlName="description" rows="3" dir="auto" maxlength="5000"></textarea>
      </mat-form-field>
      <mat-form-field appearance="outline">
        <mat-label>{{ t('publishing.film.language') }}</mat-label>
        <mat-select formControlName="language" class="language-select">
          @for (l of spokenLanguages(); track l.code) {
            <mat-option [value]="l.code"
              ><bdi>{{ l.name }}</bdi></mat-option
            >
          }
        </mat-select>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>{{ t('publishing.film.video') }}</mat-label>
        <mat-select formControlName="film" class="film-select">
          <mat-option [value]="null">{{ t('publishing.film.noVideo') }}</mat-option>
          @if (overview().renderCandidates.length) {
            <mat-optgroup [label]="t('publishing.film.renders')">
              @for (r of overview().renderCandidates; track r.renderId) {
                <mat-option [value]="'render:' + r.renderId">
                  {{ t('publishing.film.renderOption', { version: r.timelineVersion }) }} ·
                  {{ duration(r.durationMs) }} · {{ r.finishedAt | localDate: 'dateTime' }}
                </mat-option>
              }
            </mat-optgroup>
          }
          @if (overview().candidates.length) {
            <mat-optgroup [label]="t('publishing.film.uploads')">
              @for (c of overview().candidates; track c.clipId) {
                <mat-option [value]="'clip:' + c.clipId"
                  >{{ c.title || c.originalFilename }} · {{ duration(c.durationMs) }}</mat-option
                >
              }
            </mat-optgroup>
          }
        </mat-select>
        <mat-hint>{{
          overview().candidates.length || overview().renderCandidates.length
            ? t('publishing.film.videoHint')
            : t('publishing.film.noCandidates')
        }}</mat-hint>
      </mat-form-field>
      <app-error-message [error]="error()" />
      <button matButton="filled" type="submit" [disabled]="busy()">
        <app-icon matButtonIcon name="check" />{{
          overview().documentary ? t('publishing.film.save') : t('publishing.film.create')
        }}
      </button>
    </form>
  `,
  styleUrl: './publishing-panels.scss',
})
export class FilmForm {
  readonly overview = input.required<PublishingOverview>();
  readonly changed = output<PublishingOverview>();
  readonly saved = output<void>();
  private readonly api = inject(PublishingApi);
  private readonly notifier = inject(Notifier);
  private readonly uiLanguage = inject(LanguageService);
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly duration = formatDuration;
  protected readonly form = new FormGroup({
    title: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(200)] }),
    description: new FormControl('', { nonNullable: true }),
    language: new FormControl('fr', { nonNullable: true, validators: [Validators.required] }),
    film: new FormControl<FilmValue>(null),
  });

  /** The picker's choices by name, the film's current code included even when it is not in the list. */
  protected readonly spokenLanguages = computed(() =>
    spokenLanguageChoices(this.uiLanguage.language(), this.overview().documentary?.language),
  );

  /** Which saved state the form shows: it is reset only when that changes, never over someone's typing. */
  private shownKey = '';

  constructor() {
    effect(() => {
      const o = this.overview();
      const d = o.documentary;
      const key = `${o.project.id}|${d?.updatedAt ?? 'new'}|${o.candidates.length}|${o.renderCandidates.length}`;
      if (key === this.shownKey) return;
      this.shownKey = key;
      this.form.reset({
        title: d?.title ?? o.project.title,
        description: d?.description ?? '',
        language: d?.language ?? 'fr',
        film: d
          ? d.renderId
            ? `render:${d.renderId}`
            : d.videoClipId
              ? `clip:${d.videoClipId}`
              : null
          : o.renderCandidates[0]
            ? `render:${o.renderCandidates[0].renderId}`
            : o.candidates[0]
              ? `clip:${o.candidates[0].clipId}`
              : null,
      });
    });
  }

  protected async save(): Promise<void> {
    await this.sending.run(async () => {
      const { film, ...v } = this.form.getRawValue();
      await this.api.saveDocumentary(this.overview().project.id, {
        ...v,
        ...filmOf(film),
        language: v.language.trim(),
      });
      this.notifier.say('publishing.film.saved');
      this.saved.emit();
    }, this.form);
  }
}
