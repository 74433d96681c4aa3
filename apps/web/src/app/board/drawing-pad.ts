import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterNextRender,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';

interface Stroke {
  colour: string;
  points: Array<[number, number]>;
}

/** The canvas's own pixels (square); CSS scales it to the phone's width. 480 px keeps a PNG small. */
const SIZE = 480;
const COLOURS = ['#1b1b1f', '#c62828', '#1565c0', '#2e7d32'] as const;

/**
 * A finger drawing for a card: strokes with pointer events (finger, pen or mouse), four colours,
 * undo and clear. "Use this drawing" hands a PNG on a white background to the composer, which sends
 * it as the card's photo (same upload, same checks, same metadata stripping as a camera photo).
 */
@Component({
  selector: 'app-drawing-pad',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatButton, TranslocoDirective],
  template: `
    <div class="pad" *transloco="let t">
      <canvas
        #canvas
        class="drawing"
        [attr.width]="size"
        [attr.height]="size"
        role="img"
        [attr.aria-label]="t('board.drawing.canvas')"
        (pointerdown)="start($event)"
        (pointermove)="move($event)"
        (pointerup)="end()"
        (pointercancel)="end()"
      ></canvas>
      <div class="tools" role="group" [attr.aria-label]="t('board.drawing.colours')">
        @for (c of colours; track c; let i = $index) {
          <button
            type="button"
            class="colour"
            [style.background]="c"
            [attr.aria-pressed]="colour() === c"
            [attr.aria-label]="t('board.drawing.colour' + i)"
            (click)="colour.set(c)"
          ></button>
        }
        <button type="button" class="tool undo" [disabled]="!strokes().length" (click)="undo()">
          <app-icon name="undo" />{{ t('board.drawing.undo') }}
        </button>
        <button type="button" class="tool clear" [disabled]="!strokes().length" (click)="clear()">
          <app-icon name="close" />{{ t('board.drawing.clear') }}
        </button>
      </div>
      <button
        matButton="tonal"
        type="button"
        class="big-button use-drawing"
        [disabled]="!strokes().length"
        (click)="finish()"
      >
        <app-icon matButtonIcon name="checkCircle" />{{ t('board.drawing.use') }}
      </button>
    </div>
  `,
  styles: `
    .pad {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .drawing {
      inline-size: 100%;
      max-inline-size: 360px;
      aspect-ratio: 1;
      border: 2px solid var(--mat-sys-outline);
      border-radius: 12px;
      background: #fff;
      touch-action: none;
    }
    .tools {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
      align-items: center;
    }
    .colour {
      inline-size: 44px;
      block-size: 44px;
      border-radius: 50%;
      border: 3px solid transparent;
      cursor: pointer;
    }
    .colour[aria-pressed='true'] {
      border-color: var(--mat-sys-primary);
      box-shadow: 0 0 0 2px var(--mat-sys-surface) inset;
    }
    .tool {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      min-block-size: 44px;
      padding-inline: 12px;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 22px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
      font: inherit;
    }
    .colour:focus-visible,
    .tool:focus-visible {
      outline: 3px solid var(--mat-sys-primary);
      outline-offset: 2px;
    }
  `,
})
export class DrawingPad {
  /** The finished drawing, as a PNG. */
  readonly drawn = output<Blob>();

  protected readonly size = SIZE;
  protected readonly colours = COLOURS;
  protected readonly colour = signal<string>(COLOURS[0]);
  protected readonly strokes = signal<Stroke[]>([]);
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private current: Stroke | null = null;

  constructor() {
    afterNextRender(() => this.redraw());
  }

  protected start(event: PointerEvent): void {
    event.preventDefault();
    this.canvas().nativeElement.setPointerCapture?.(event.pointerId);
    this.current = { colour: this.colour(), points: [this.at(event)] };
    this.strokes.update((s) => [...s, this.current!]);
    this.redraw();
  }

  protected move(event: PointerEvent): void {
    if (!this.current) return;
    for (const e of event.getCoalescedEvents?.() ?? [event]) this.current.points.push(this.at(e));
    this.redraw();
  }

  protected end(): void {
    this.current = null;
  }

  protected undo(): void {
    this.strokes.update((s) => s.slice(0, -1));
    this.redraw();
  }

  protected clear(): void {
    this.strokes.set([]);
    this.redraw();
  }

  protected finish(): void {
    this.canvas().nativeElement.toBlob((blob) => blob && this.drawn.emit(blob), 'image/png');
  }

  /** A pointer position in the canvas's own pixels, whatever size CSS shows it at. */
  private at(event: PointerEvent): [number, number] {
    const box = this.canvas().nativeElement.getBoundingClientRect();
    return [((event.clientX - box.left) * SIZE) / box.width, ((event.clientY - box.top) * SIZE) / box.height];
  }

  private redraw(): void {
    const ctx = this.canvas().nativeElement.getContext('2d');
    if (!ctx) return;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, SIZE, SIZE);
    ctx.lineWidth = 8;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const stroke of this.strokes()) {
      const [first, ...rest] = stroke.points;
      if (!first) continue;
      ctx.strokeStyle = stroke.colour;
      ctx.beginPath();
      ctx.moveTo(first[0], first[1]);
      // A tap is a dot: a zero-length line with round caps.
      for (const [x, y] of rest.length ? rest : [first]) ctx.lineTo(x, y);
      ctx.stroke();
    }
  }
}
