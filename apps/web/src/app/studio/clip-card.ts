import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  computed,
  inject,
  input,
  output,
  resource,
  signal,
  viewChild,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ClipStatus, ClipTag, type Clip } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { LanguageService } from '../core/language';
import { MediaApi } from '../core/media-api';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { FileSizePipe } from './file-size.pipe';
import { FormSubmit } from '../shared/form-submit';

const TAGS = [ClipTag.Scene, ClipTag.Interview, ClipTag.BRoll];

/**
 * One clip of the bin: poster, name, length, a status chip (processing with its live %, ready,
 * failed with what to do), and — for trainers — rename, tags, download of the original and retry.
 * Deleting asks first, in a dialog.
 */
@Component({
  selector: 'app-clip-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ErrorMessage,
    FileSizePipe,
    FormsModule,
    Icon,
    MatButton,
    MatFormField,
    MatInput,
    MatLabel,
    MatProgressBar,
    TranslocoDirective,
  ],
  templateUrl: './clip-card.html',
  styleUrl: './clip-card.scss',
  host: { '[attr.data-status]': 'clip().status' },
})
export class ClipCard {
  readonly clip = input.required<Clip>();
  /** Its processing waits for the storage to come back (progress is kept, not lost). */
  readonly waitingForStorage = input(false);
  readonly canManage = input(false);
  readonly canDelete = input(false);
  // eslint-disable-next-line @angular-eslint/no-output-native -- a component output, never dispatched on the DOM; the bin's template says (play)
  readonly play = output<void>();
  readonly changed = output<void>();
  private readonly api = inject(MediaApi);
  protected readonly language = inject(LanguageService);
  protected readonly tags = TAGS;
  protected readonly status = ClipStatus;

  protected readonly playback = resource({
    params: () => (this.clip().status === ClipStatus.Ready ? this.clip().id : undefined),
    loader: ({ params }) => this.api.playback(params),
  });
  protected readonly duration = computed(() => {
    const ms = this.clip().durationMs;
    if (ms === null) return null;
    const s = Math.round(ms / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  });
  protected readonly renaming = signal(false);
  protected title = '';
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  private readonly confirmDialog = viewChild<ElementRef<HTMLDialogElement>>('confirmDialog');

  protected startRename(): void {
    this.title = this.clip().title;
    this.renaming.set(true);
  }

  protected async rename(): Promise<void> {
    const title = this.title.trim();
    if (!title) return;
    await this.act(() => this.api.update(this.clip().id, { title }));
    this.renaming.set(false);
  }

  protected toggleTag(tag: ClipTag): void {
    const tags = this.clip().tags.includes(tag)
      ? this.clip().tags.filter((t) => t !== tag)
      : [...this.clip().tags, tag];
    void this.act(() => this.api.update(this.clip().id, { tags }));
  }

  protected retry(): void {
    void this.act(() => this.api.retry(this.clip().id));
  }

  protected askDelete(): void {
    this.confirmDialog()?.nativeElement.showModal();
  }

  protected async deleteNow(): Promise<void> {
    this.confirmDialog()?.nativeElement.close();
    await this.act(() => this.api.delete(this.clip().id));
  }

  protected keep(): void {
    this.confirmDialog()?.nativeElement.close();
  }

  private async act(work: () => Promise<unknown>): Promise<void> {
    await this.sending.run(async () => {
      await work();
      this.changed.emit();
    });
  }
}
