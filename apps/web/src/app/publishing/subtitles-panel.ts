import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { ErrorCode, SUBTITLE_MAX_BYTES, type PublishingOverview } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { LanguageService } from '../core/language';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { ownName, spokenLanguageChoices } from '../shared/spoken-languages';
import { PublishingApi } from './publishing-api';

/** Subtitles per language: WebVTT or SRT files (SRT is converted); a bad file says which line to fix. */
@Component({
  selector: 'app-subtitles-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, TranslocoDirective],
  template: `
    <section class="box" *transloco="let t">
      <h2><app-icon name="subtitles" />{{ t('publishing.subtitles.title') }}</h2>
      <ul class="tracks">
        @for (s of overview().subtitles; track s.language) {
          <li class="row">
            <span class="grow"
              ><bdi>{{ s.label }}</bdi> <span class="code" dir="ltr">({{ s.language }})</span> ·
              {{ t('publishing.subtitles.cues', { count: s.cueCount }) }}</span
            >
            <button matButton type="button" (click)="remove(s.language)">
              <app-icon matButtonIcon name="delete" />{{ t('publishing.credits.remove') }}
            </button>
          </li>
        } @empty {
          <li class="lead">{{ t('publishing.subtitles.none') }}</li>
        }
      </ul>
      <div class="row">
        <label class="field">
          <span>{{ t('publishing.subtitles.language') }}</span>
          <!-- Picked by name, not typed as an ISO code; the label follows in that language's own name. -->
          <select class="subtitle-language" [value]="language()" (change)="pick($any($event.target).value)">
            <option value="" disabled>—</option>
            @for (l of choices(); track l.code) {
              <option [value]="l.code">{{ l.name }}</option>
            }
          </select>
        </label>
        <label class="field grow">
          <span>{{ t('publishing.subtitles.label') }}</span>
          <input dir="auto" maxlength="60" [value]="label()" (input)="label.set($any($event.target).value)" />
        </label>
      </div>
      <label class="file">
        <span>{{ t('publishing.subtitles.file') }}</span>
        <input
          type="file"
          accept=".vtt,.srt,text/vtt,application/x-subrip"
          (change)="upload($event)"
          [disabled]="busy() || !language()"
        />
      </label>
      @if (badLine(); as bad) {
        <p class="missing" role="alert">
          {{ t('publishing.subtitles.badLine', { line: bad.line }) }} <span dir="ltr">{{ bad.problem }}</span>
        </p>
      } @else {
        <app-error-message [error]="error()" />
      }
    </section>
  `,
  styleUrl: './publishing-panels.scss',
  styles: `
    .tracks {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .code {
      color: var(--mat-sys-on-surface-variant);
    }
    .field {
      flex: 1 1 140px;
      display: flex;
      flex-direction: column;
      gap: 4px;
      input,
      select {
        min-block-size: 40px;
        padding-inline: 10px;
        border-radius: 10px;
        border: 1px solid var(--mat-sys-outline);
        font: inherit;
      }
    }
    .file {
      display: flex;
      flex-direction: column;
      gap: 4px;
    }
  `,
})
export class SubtitlesPanel {
  readonly overview = input.required<PublishingOverview>();
  readonly changed = output<void>();
  private readonly api = inject(PublishingApi);
  private readonly uiLanguage = inject(LanguageService);
  protected readonly choices = computed(() => spokenLanguageChoices(this.uiLanguage.language()));
  protected readonly language = signal('');
  protected readonly label = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly badLine = signal<{ line: number; problem: string } | null>(null);

  protected pick(code: string): void {
    this.language.set(code);
    this.label.set(ownName(code));
  }

  protected async upload(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    this.error.set(null);
    this.badLine.set(null);
    if (file.size > SUBTITLE_MAX_BYTES) {
      this.error.set({ code: ErrorCode.FileTooLarge });
      input.value = '';
      return;
    }
    this.busy.set(true);
    try {
      await this.api.uploadSubtitles(
        this.overview().project.id,
        this.language(),
        this.label() || this.language(),
        await file.text(),
      );
      this.changed.emit();
    } catch (e) {
      const shown = toShownError(e);
      if (shown.code === ErrorCode.SubtitleMalformed && typeof shown.details?.['line'] === 'number') {
        this.badLine.set({
          line: shown.details['line'],
          problem: typeof shown.details['problem'] === 'string' ? shown.details['problem'] : '',
        });
      } else {
        this.error.set(shown);
      }
    } finally {
      this.busy.set(false);
      input.value = '';
    }
  }

  protected async remove(language: string): Promise<void> {
    try {
      await this.api.deleteSubtitles(this.overview().project.id, language);
      this.changed.emit();
    } catch (e) {
      this.error.set(toShownError(e));
    }
  }
}
