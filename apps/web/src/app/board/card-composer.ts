import { ChangeDetectionStrategy, Component, computed, input, output, signal, viewChild, type ElementRef } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { BOARD_LIMITS, SHOT_SIZES } from '@atelier/contracts';
import { visibleLength } from '@atelier/board-engine';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';

/** Pictograms that carry meaning without reading (home, food, family, work, school, health, …). */
const PICTOGRAMS = ['🏠', '🍲', '👨‍👩‍👧', '💼', '📚', '🏥', '🚌', '⚽', '🎵', '🎨', '🤝', '❤️', '😊', '😢', '😡', '👍', '👎', '💡', '⭐', '❓', '🌱', '☀️', '🌧️', '🎥'];

/**
 * Writing a card: a big text field, pictograms to tap in, a count of what is left, one big button.
 * Scene zones (video storyboard) also ask who, where and which shot.
 */
@Component({
  selector: 'app-card-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatButton, TranslocoDirective],
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
        <button type="button" class="emoji-toggle" [attr.aria-expanded]="showPictograms()" (click)="showPictograms.set(!showPictograms())">
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
          <input class="scene-field" dir="auto" maxlength="120" [placeholder]="t('board.scene.who')" [value]="who()" (input)="who.set($any($event.target).value)" />
          <input class="scene-field" dir="auto" maxlength="120" [placeholder]="t('board.scene.where')" [value]="where()" (input)="where.set($any($event.target).value)" />
          <select class="scene-field" [value]="shot()" (change)="shot.set($any($event.target).value)" [attr.aria-label]="t('board.scene.shot')">
            <option value="">{{ t('board.scene.shot') }}</option>
            @for (s of shots; track s) {
              <option [value]="s">{{ t('board.shots.' + s) }}</option>
            }
          </select>
        </div>
      }
      <button matButton="filled" class="big-button add-card" type="submit" [disabled]="!text().trim() || left() < 0">
        <app-icon matButtonIcon name="add" />{{ t('board.composer.add') }}
      </button>
    </form>
  `,
  styleUrl: './card-composer.scss',
})
export class CardComposer {
  readonly scene = input(false);
  readonly added = output<string>();
  readonly addedScene = output<{ text: string; details: { who?: string; where?: string; shot?: (typeof SHOT_SIZES)[number] } }>();

  private readonly box = viewChild<ElementRef<HTMLTextAreaElement>>('box');
  protected readonly pictograms = PICTOGRAMS;
  protected readonly shots = SHOT_SIZES;
  protected readonly text = signal('');
  protected readonly who = signal('');
  protected readonly where = signal('');
  protected readonly shot = signal('');
  protected readonly showPictograms = signal(false);
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

  protected add(): void {
    const text = this.text().trim();
    if (!text || this.left() < 0) return;
    if (this.scene()) {
      const shot = (SHOT_SIZES as readonly string[]).includes(this.shot()) ? (this.shot() as (typeof SHOT_SIZES)[number]) : undefined;
      this.addedScene.emit({ text, details: { who: this.who() || undefined, where: this.where() || undefined, shot } });
    } else {
      this.added.emit(text);
    }
    this.text.set('');
    this.who.set('');
    this.where.set('');
    this.shot.set('');
    this.showPictograms.set(false);
  }
}
