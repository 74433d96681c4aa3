import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { BOARD_REACTIONS, type BoardReaction, type ProjectedCard } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';

/** What the person looking at a card may do with it right now. */
export interface CardAbilities {
  mine: boolean;
  edit: boolean;
  react: boolean;
  vote: boolean;
  group: boolean;
  moderate: boolean;
}

/**
 * One card. Its text is always rendered as text (interpolation, never innerHTML). Actions are big
 * buttons with an icon and a word; on phones grouping is "tap the card, then tap a group".
 */
@Component({
  selector: 'app-board-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatButton, TranslocoDirective],
  host: {
    class: 'board-card',
    '[class.mine]': 'can().mine',
    '[class.selected]': 'selected()',
    '[class.moderated]': 'card().moderated',
    '[attr.data-card]': 'card().id',
    '[attr.draggable]': 'can().group ? "true" : null',
    '(dragstart)': 'dragStart($event)',
  },
  template: `
    <ng-container *transloco="let t">
      @if (card().moderated) {
        <p class="flag"><app-icon name="visibilityOff" />{{ t('board.card.moderated') }}</p>
      }
      @if (editing()) {
        <textarea
          class="edit-text"
          dir="auto"
          rows="3"
          maxlength="4000"
          [attr.aria-label]="t('board.card.editLabel')"
          [value]="card().text"
          #editBox
        ></textarea>
        <div class="row">
          <button matButton="filled" type="button" class="save" (click)="saveEdit(editBox.value)">
            <app-icon matButtonIcon name="check" />{{ t('common.save') }}
          </button>
          <button matButton="text" type="button" (click)="editing.set(false)">{{ t('common.cancel') }}</button>
        </div>
      } @else {
        @if (card().text) {
          <p class="text" dir="auto">{{ card().text }}</p>
        }
      }
      @if (photoUrl(); as src) {
        <img class="photo" [src]="src" loading="lazy" [alt]="t('board.card.photo')" />
      }
      @if (card().details; as d) {
        <p class="details" dir="auto">
          @if (d.who) {
            <span
              ><b>{{ t('board.scene.who') }}</b> {{ d.who }}</span
            >
          }
          @if (d.where) {
            <span
              ><b>{{ t('board.scene.where') }}</b> {{ d.where }}</span
            >
          }
          @if (d.shot) {
            <span
              ><b>{{ t('board.scene.shot') }}</b> {{ t('board.shots.' + d.shot) }}</span
            >
          }
        </p>
      }
      <div class="meta">
        @if (card().author; as author) {
          <span class="author" dir="auto"><app-icon name="person" />{{ author.name }}</span>
        } @else {
          <span class="author"><app-icon name="anonymous" />{{ t('board.card.anonymous') }}</span>
        }
        @if (can().mine) {
          <span class="mine-chip">{{ t('board.card.mine') }}</span>
        }
        @if (card().votes) {
          <span class="total" [attr.data-votes]="card().votes">
            <app-icon name="dot" />{{ t('board.vote.total', { n: card().votes }) }}
          </span>
        }
      </div>

      @if (reactionList().length || can().react) {
        <div class="reactions">
          @for (r of reactionList(); track r.reaction) {
            <button
              type="button"
              class="reaction"
              [class.on]="r.mine"
              [disabled]="!can().react"
              [attr.aria-pressed]="r.mine"
              (click)="react.emit({ reaction: r.reaction, on: !r.mine })"
            >
              <span class="emoji">{{ r.reaction }}</span> {{ r.count }}
            </button>
          }
          @if (can().react) {
            <button
              type="button"
              class="reaction add-reaction"
              [attr.aria-expanded]="picking()"
              (click)="picking.set(!picking())"
            >
              <app-icon name="smile" /><span class="cdk-visually-hidden">{{ t('board.card.react') }}</span>
            </button>
          }
        </div>
        @if (picking()) {
          <div class="picker" role="group" [attr.aria-label]="t('board.card.react')">
            @for (r of reactions; track r) {
              <button type="button" class="pick" (click)="pick(r)">{{ r }}</button>
            }
          </div>
        }
      }

      @if (can().vote) {
        <div class="vote-row">
          <button
            matButton="tonal"
            type="button"
            class="vote-remove"
            [disabled]="myVotes() === 0"
            (click)="vote.emit(-1)"
          >
            {{ t('board.vote.remove') }}
          </button>
          <span class="my-dots" role="img" [attr.aria-label]="t('board.vote.mine', { n: myVotes() })">
            @for (d of dots(); track $index) {
              <app-icon name="dot" class="dot on" />
            }
            @if (!myVotes()) {
              <span class="none">{{ t('board.vote.none') }}</span>
            }
          </span>
          <button matButton="filled" type="button" class="vote-add" [disabled]="!canAddDot()" (click)="vote.emit(1)">
            <app-icon matButtonIcon name="add" />{{ t('board.vote.add') }}
          </button>
        </div>
      }

      @if (!editing() && (can().edit || can().group || can().moderate)) {
        <div class="row actions">
          @if (can().group) {
            <button
              matButton="outlined"
              type="button"
              class="group-this"
              [attr.aria-pressed]="selected()"
              (click)="select.emit()"
            >
              <app-icon matButtonIcon name="group" />{{
                selected() ? t('board.group.choosing') : t('board.group.move')
              }}
            </button>
          }
          @if (can().edit) {
            <button matButton="text" type="button" class="edit" (click)="editing.set(true)">
              <app-icon matButtonIcon name="edit" />{{ t('board.card.edit') }}
            </button>
            <button matButton="text" type="button" class="delete" (click)="remove.emit()">
              <app-icon matButtonIcon name="delete" />{{ t('board.card.delete') }}
            </button>
          }
          @if (can().moderate) {
            <button
              matButton="text"
              type="button"
              class="moderate"
              (click)="moderate.emit(card().moderated ? 'show' : 'hide')"
            >
              <app-icon matButtonIcon [name]="card().moderated ? 'visibility' : 'visibilityOff'" />
              {{ card().moderated ? t('board.card.show') : t('board.card.hide') }}
            </button>
            @if (!can().mine) {
              <button matButton="text" type="button" class="moderate-remove" (click)="moderate.emit('remove')">
                <app-icon matButtonIcon name="delete" />{{ t('board.card.remove') }}
              </button>
            }
          }
        </div>
      }
    </ng-container>
  `,
  styleUrl: './board-card.scss',
})
export class BoardCard {
  readonly card = input.required<ProjectedCard>();
  readonly can = input.required<CardAbilities>();
  readonly photoUrl = input<string | null>(null);
  readonly myVotes = input(0);
  readonly myReactions = input<readonly BoardReaction[]>([]);
  readonly selected = input(false);
  /** Dots left and this card below its maximum (the server checks it too). */
  readonly canAddDot = input(true);

  readonly react = output<{ reaction: BoardReaction; on: boolean }>();
  readonly vote = output<1 | -1>();
  readonly edit = output<string>();
  readonly remove = output<void>();
  // eslint-disable-next-line @angular-eslint/no-output-native -- a component output, never dispatched on the DOM; the parents' templates say (select)
  readonly select = output<void>();
  readonly moderate = output<'hide' | 'show' | 'remove'>();
  readonly dragged = output<string>();

  protected readonly reactions = BOARD_REACTIONS;
  protected readonly editing = signal(false);
  protected readonly picking = signal(false);
  protected readonly dots = computed(() => Array.from({ length: this.myVotes() }));
  protected readonly reactionList = computed(() =>
    (Object.entries(this.card().reactions) as [BoardReaction, number][])
      .filter(([, n]) => n > 0)
      .map(([reaction, count]) => ({ reaction, count, mine: this.myReactions().includes(reaction) })),
  );

  protected pick(reaction: BoardReaction): void {
    this.picking.set(false);
    this.react.emit({ reaction, on: !this.myReactions().includes(reaction) });
  }

  protected saveEdit(text: string): void {
    this.editing.set(false);
    if (text.trim() !== this.card().text) this.edit.emit(text);
  }

  protected dragStart(event: DragEvent): void {
    if (!this.can().group) return;
    event.dataTransfer?.setData('text/plain', this.card().id);
    this.dragged.emit(this.card().id);
  }
}
