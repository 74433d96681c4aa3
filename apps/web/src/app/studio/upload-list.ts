import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import type { ClipStatus } from '@atelier/contracts';
import { MatButton } from '@angular/material/button';
import { MatProgressBar } from '@angular/material/progress-bar';
import { TranslocoDirective } from '@jsverse/transloco';
import { LanguageService } from '../core/language';
import { Icon } from '../shared/icon';
import { ClipUploads, type UploadProblem, type UploadTask } from './clip-uploads';
import { FileSizePipe } from './file-size.pipe';

/** Problems with a message naming the file and the sizes; others use the general error text. */
const REFUSALS = new Set([
  'not_same_file',
  'upload_empty',
  'upload_too_large',
  'quota_exceeded',
  'unsupported_media_type',
  'offline',
]);

/** One bar per file being sent, with what is happening in words and what the person can do. */
@Component({
  selector: 'app-upload-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FileSizePipe, Icon, MatButton, MatProgressBar, TranslocoDirective],
  template: `
    <ul class="uploads" *transloco="let t">
      @for (task of tasks(); track task.key) {
        <li class="upload" [attr.data-state]="task.state()">
          <p class="upload-name" dir="auto">{{ task.name }}</p>
          @if (task.state() === 'uploading' || task.state() === 'retrying' || task.state() === 'done') {
            <mat-progress-bar mode="determinate" [value]="percent(task)" [attr.aria-label]="task.name" />
          }
          <p class="upload-status" role="status">
            @switch (task.state()) {
              @case ('uploading') {
                <app-icon name="upload" />
                {{
                  t('clips.uploading', {
                    percent: percent(task),
                    sent: (task.sent() | fileSize: lang()),
                    size: (task.size | fileSize: lang()),
                  })
                }}
                @if (task.resumedFrom() > 0) {
                  <span class="resumed"
                    >· {{ t('clips.resumed', { from: (task.resumedFrom() | fileSize: lang()) }) }}</span
                  >
                }
              }
              @case ('needsFile') {
                <app-icon name="restore" />
                {{
                  t('clips.needsFile', {
                    sent: (task.sent() | fileSize: lang()),
                    size: (task.size | fileSize: lang()),
                  })
                }}
              }
              @case ('waitingForWifi') {
                <app-icon name="hourglass" />
                {{ t('clips.waitingForWifi') }}
              }
              @case ('retrying') {
                <app-icon name="hourglass" />
                {{ t('clips.retrying') }}
              }
              @case ('done') {
                <app-icon name="checkCircle" />
                <!-- Sent: then what became of the clip, as its card says (it kept "being prepared"). -->
                @switch (clipStatuses()[task.clipId() ?? '']) {
                  @case ('ready') {
                    {{ t('clips.uploadReady') }}
                  }
                  @case ('failed') {
                    {{ t('clips.uploadFailed') }}
                  }
                  @default {
                    {{ t('clips.uploaded') }}
                  }
                }
                @if (task.resumedFrom() > 0) {
                  <span class="resumed"
                    >· {{ t('clips.resumed', { from: (task.resumedFrom() | fileSize: lang()) }) }}</span
                  >
                }
              }
              @default {
                <app-icon name="error" />
                <span>{{ problemText(t, task.problem()) }}</span>
              }
            }
          </p>
          <div class="upload-actions">
            @if (task.state() === 'needsFile') {
              <label class="choose-again">
                <app-icon name="upload" />
                {{ t('clips.chooseAgain') }}
                <input #again type="file" class="choose-again-input" (change)="chooseAgain(task, again)" />
              </label>
              @if (task.problem(); as p) {
                <p class="upload-problem" role="alert">{{ problemText(t, p) }}</p>
              }
            }
            @if (task.state() === 'failed') {
              <button matButton="filled" type="button" (click)="uploads.retry(task)">
                <app-icon matButtonIcon name="refresh" />
                {{ t('clips.tryAgain') }}
              </button>
            }
            @if (task.state() !== 'done' && task.state() !== 'refused') {
              <button matButton="outlined" type="button" (click)="uploads.cancel(task)">
                <app-icon matButtonIcon name="cancel" />
                {{ t('clips.cancelUpload') }}
              </button>
            } @else {
              <button matButton="text" type="button" (click)="uploads.dismiss(task)">
                <app-icon matButtonIcon name="close" />
                {{ t('clips.dismiss') }}
              </button>
            }
          </div>
        </li>
      }
    </ul>
  `,
  styles: `
    .uploads {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 10px;
    }

    .upload {
      display: flex;
      flex-direction: column;
      gap: 6px;
      padding: 12px;
      border-radius: 16px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);

      &[data-state='refused'],
      &[data-state='failed'] {
        background: var(--mat-sys-error-container);
        color: var(--mat-sys-on-error-container);
      }
    }

    .upload-name {
      margin: 0;
      font-weight: 600;
      overflow-wrap: anywhere;
    }

    .upload-status {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
      margin: 0;
    }

    .choose-again {
      position: relative;
      display: inline-flex;
      align-items: center;
      gap: 8px;
      min-block-size: 48px;
      padding-inline: 20px;
      border-radius: 24px;
      background: var(--mat-sys-primary);
      color: var(--mat-sys-on-primary);
      font-weight: 600;
      cursor: pointer;

      &:focus-within {
        outline: 3px solid var(--mat-sys-primary);
        outline-offset: 2px;
      }
    }

    .choose-again-input {
      position: absolute;
      inset: 0;
      opacity: 0;
      cursor: pointer;
    }

    .upload-problem {
      flex-basis: 100%;
      margin: 0;
    }

    .upload-actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
})
export class UploadList {
  readonly tasks = input.required<UploadTask[]>();
  /** The bin's clips' statuses by id: a sent file's row follows its clip to "ready" (or "failed"). */
  readonly clipStatuses = input<Readonly<Record<string, ClipStatus>>>({});
  protected readonly uploads = inject(ClipUploads);
  private readonly language = inject(LanguageService);
  protected readonly lang = this.language.language;
  private readonly size = new FileSizePipe();

  protected chooseAgain(task: UploadTask, input: HTMLInputElement): void {
    const file = input.files?.[0];
    if (file) this.uploads.reattach(task, file);
    input.value = '';
  }

  protected percent(task: UploadTask): number {
    return task.size === 0 ? 100 : Math.floor((task.sent() / task.size) * 100);
  }

  /** The refusal in words, with the sizes that explain it. */
  protected problemText(t: (key: string, params?: Record<string, unknown>) => string, p: UploadProblem | null): string {
    if (!p) return '';
    const d = p.details;
    const s = (k: string): string => this.size.transform(Number(d[k]), this.lang());
    const text = (k: string): string => (typeof d[k] === 'string' ? d[k] : '');
    const params = {
      name: text('filename'),
      type: text('type'),
      size: s('sizeBytes'),
      max: s('maxFileBytes'),
      over: s('overBytes'),
      quota: s('quotaBytes'),
      free: this.size.transform(Math.max(0, Number(d['quotaBytes']) - Number(d['usedBytes'])), this.lang()),
    };
    return REFUSALS.has(p.code) ? t(`clips.refused.${p.code}`, params) : t(`errors.${p.code}`, { minutes: 1 });
  }
}
