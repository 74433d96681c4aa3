import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  output,
  signal,
  viewChild,
  type ElementRef,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { BOARD_LIMITS, ErrorCode, SHOT_SIZES, type SceneDetails } from '@atelier/contracts';
import { visibleLength } from '@atelier/board-engine';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { BoardsApi } from '../core/boards-api';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { DrawingPad } from './drawing-pad';
import { shrinkPhoto } from './photo-resize';

/** What the composer hands to the board: text, an uploaded photo, scene fields. */
export interface NewCard {
  text: string;
  photoId: string | null;
  details: SceneDetails | null;
}

/** Pictograms that carry meaning without reading (home, food, family, work, school, health, …). */
const PICTOGRAMS = [
  '🏠',
  '🍲',
  '👨‍👩‍👧',
  '💼',
  '📚',
  '🏥',
  '🚌',
  '⚽',
  '🎵',
  '🎨',
  '🤝',
  '❤️',
  '😊',
  '😢',
  '😡',
  '👍',
  '👎',
  '💡',
  '⭐',
  '❓',
  '🌱',
  '☀️',
  '🌧️',
  '🎥',
];

/**
 * Writing a card: a big text field, pictograms to tap in, a photo from the camera, a count of what
 * is left, one big button. Scene zones (video storyboard) also ask who, where and which shot.
 * The photo is sent when the card is added (it needs the network; the card itself can wait).
 */
@Component({
  selector: 'app-card-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DrawingPad, ErrorMessage, Icon, MatButton, TranslocoDirective],
  template: `
    <form class="composer" *transloco="let t" (submit)="$event.preventDefault(); add()">
      <label class="label" for="card-text"><app-icon name="edit" />{{ t('board.composer.label') }}</label>
      <textarea
        #box
        id="card-text"
        class="card-text"
        dir="auto"
        rows="3"
        maxlength="8000"
        enterkeyhint="send"
        [placeholder]="t('board.composer.placeholder')"
        [value]="text()"
        (input)="text.set(box.value)"
      ></textarea>
      <div class="under">
        <button
          type="button"
          class="emoji-toggle"
          [attr.aria-expanded]="showPictograms()"
          (click)="showPictograms.set(!showPictograms())"
        >
          <app-icon name="smile" />{{ t('board.composer.pictograms') }}
        </button>
        <span class="count" [class.over]="left() < 0">{{ t('board.composer.left', { n: left() }) }}</span>
      </div>
      @if (showPictograms()) {
        <div class="pictograms" role="group" [attr.aria-label]="t('board.composer.pictograms')">
          @for (p of pictograms; track p) {
            <button type="button" class="pictogram" (click)="insert(p)">{{ p }}</button>
          }
        </div>
      }
      @if (scene()) {
        <div class="scene">
          <input
            class="scene-field"
            dir="auto"
            maxlength="120"
            [placeholder]="t('board.scene.who')"
            [value]="who()"
            (input)="who.set($any($event.target).value)"
          />
          <input
            class="scene-field"
            dir="auto"
            maxlength="120"
            [placeholder]="t('board.scene.where')"
            [value]="where()"
            (input)="where.set($any($event.target).value)"
          />
          <select
            class="scene-field"
            [value]="shot()"
            (change)="shot.set($any($event.target).value)"
            [attr.aria-label]="t('board.scene.shot')"
          >
            <option value="">{{ t('board.scene.shot') }}</option>
            @for (s of shots; track s) {
              <option [value]="s">{{ t('board.shots.' + s) }}</option>
            }
          </select>
        </div>
      }
      <div class="photo-row">
        <input
          #file
          class="photo-input"
          type="file"
          accept="image/jpeg,image/png,image/*"
          capture="environment"
          (change)="pickPhoto(file)"
        />
        @if (preview(); as src) {
          <img class="preview" [src]="src" [alt]="t('board.composer.photoPreview')" />
          <button type="button" class="emoji-toggle remove-photo" (click)="dropPhoto(file)">
            <app-icon name="close" />{{ t('board.composer.removePhoto') }}
          </button>
        } @else {
          <button type="button" class="emoji-toggle add-photo" (click)="file.click()">
            <app-icon name="camera" />{{ t('board.composer.photo') }}
          </button>
          <button
            type="button"
            class="emoji-toggle add-drawing"
            [attr.aria-expanded]="drawing()"
            (click)="drawing.set(!drawing())"
          >
            <app-icon name="edit" />{{ t('board.drawing.draw') }}
          </button>
        }
      </div>
      @if (drawing() && !preview()) {
        <app-drawing-pad (drawn)="useDrawing($event)" />
      }
      <app-error-message [error]="error()" />
      <button
        matButton="filled"
        class="big-button add-card"
        type="submit"
        [disabled]="busy() || (!text().trim() && !photo()) || left() < 0"
      >
        <app-icon matButtonIcon name="add" />{{ t('board.composer.add') }}
      </button>
    </form>
  `,
  styleUrl: './card-composer.scss',
})
export class CardComposer {
  readonly scene = input(false);
  readonly boardId = input.required<string>();
  readonly added = output<NewCard>();

  private readonly boards = inject(BoardsApi);
  protected readonly photo = signal<Blob | null>(null);
  protected readonly preview = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);

  private readonly box = viewChild<ElementRef<HTMLTextAreaElement>>('box');
  protected readonly pictograms = PICTOGRAMS;
  protected readonly shots = SHOT_SIZES;
  protected readonly text = signal('');
  protected readonly who = signal('');
  protected readonly where = signal('');
  protected readonly shot = signal('');
  protected readonly showPictograms = signal(false);
  protected readonly drawing = signal(false);
  protected readonly left = computed(() => BOARD_LIMITS.cardText - visibleLength(this.text().trim()));

  /** Puts a pictogram where the cursor is. */
  protected insert(p: string): void {
    const el = this.box()?.nativeElement;
    const text = this.text();
    const at = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? at;
    this.text.set(text.slice(0, at) + p + text.slice(end));
    queueMicrotask(() => {
      el?.focus();
      el?.setSelectionRange(at + p.length, at + p.length);
    });
  }

  constructor() {
    inject(DestroyRef).onDestroy(() => this.setPreview(null));
  }

  protected async pickPhoto(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    this.error.set(null);
    try {
      const small = await shrinkPhoto(file);
      this.photo.set(small);
      this.setPreview(URL.createObjectURL(small));
    } catch {
      this.error.set({ code: ErrorCode.BoardPhotoInvalid });
      input.value = '';
    }
  }

  /** A finished drawing becomes the card's photo: the same upload path and checks as a camera photo. */
  protected useDrawing(png: Blob): void {
    this.error.set(null);
    this.photo.set(png);
    this.setPreview(URL.createObjectURL(png));
    this.drawing.set(false);
  }

  protected dropPhoto(input: HTMLInputElement): void {
    input.value = '';
    this.photo.set(null);
    this.setPreview(null);
  }

  protected async add(): Promise<void> {
    const text = this.text().trim();
    const photo = this.photo();
    if ((!text && !photo) || this.left() < 0 || this.busy()) return;
    let photoId: string | null = null;
    if (photo) {
      this.busy.set(true);
      this.error.set(null);
      try {
        photoId = (await this.boards.uploadPhoto(this.boardId(), photo)).photoId;
      } catch (e) {
        // Nothing is lost: the text and the photo stay in the form for another try.
        this.error.set(toShownError(e));
        return;
      } finally {
        this.busy.set(false);
      }
    }
    let details: SceneDetails | null = null;
    if (this.scene()) {
      const shot = (SHOT_SIZES as readonly string[]).includes(this.shot())
        ? (this.shot() as (typeof SHOT_SIZES)[number])
        : undefined;
      details = { who: this.who() || undefined, where: this.where() || undefined, shot };
    }
    this.added.emit({ text, photoId, details });
    this.text.set('');
    this.who.set('');
    this.where.set('');
    this.shot.set('');
    this.photo.set(null);
    this.setPreview(null);
    this.showPictograms.set(false);
    this.drawing.set(false);
  }

  private setPreview(url: string | null): void {
    const old = this.preview();
    if (old) URL.revokeObjectURL(old);
    this.preview.set(url);
  }
}
