import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  effect,
  inject,
  input,
  signal,
  type OnInit,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { BoardAction, Role, type BoardReaction, type ProjectedCard } from '@atelier/contracts';
import { allowedActions, type AllowedActions } from '@atelier/board-engine';
import { TranslocoDirective, TranslocoService } from '@jsverse/transloco';
import { BoardsApi } from '../core/boards-api';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { ReadAloud } from '../shared/read-aloud';
import { Notifier } from '../shared/notifier';
import { TopBar } from '../shared/top-bar';
import { BoardCard, type CardAbilities } from './board-card';
import { BoardLive } from './board-live';
import { BoardTimer } from './board-timer';
import { CardComposer, type NewCard } from './card-composer';
import { FacilitatorBar } from './facilitator-bar';

/**
 * The live board, for participants (phone first) and for the facilitator (with the control bar).
 * One zone is shown at a time (tabs); the phase says which zone, and "follow me" pins it.
 */
@Component({
  selector: 'app-board-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [BoardLive],
  imports: [
    BoardCard,
    BoardTimer,
    CardComposer,
    ErrorMessage,
    FacilitatorBar,
    Icon,
    MatButton,
    ReadAloud,
    RouterLink,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './board-page.html',
  styleUrl: './board-page.scss',
})
export class BoardPage implements OnInit {
  /** The board, from `/board/:id`. */
  readonly id = input.required<string>();

  protected readonly A = BoardAction;
  protected readonly live = inject(BoardLive);
  private readonly session = inject(Session);
  private readonly boards = inject(BoardsApi);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly notifier = inject(Notifier);
  private readonly transloco = inject(TranslocoService);

  protected readonly view = this.live.view;
  protected readonly meta = computed(() => this.view()?.meta ?? null);
  protected readonly isFacilitator = computed(() => this.view()?.me.role === 'facilitator');
  protected readonly homeLink = computed(() => (this.session.isStaff() ? '/staff/boards' : '/home'));
  protected readonly phase = computed(() => {
    const m = this.meta();
    return m?.phases.find((p) => p.id === m.phaseId) ?? null;
  });
  protected readonly phaseIndex = computed(() => {
    const m = this.meta();
    return m ? m.phases.findIndex((p) => p.id === m.phaseId) : -1;
  });
  /** The zone the person picked, remembered for the phase they picked it in. */
  private readonly picked = signal<{ zoneId: string; phaseId: string } | null>(null);
  protected readonly zoneId = computed(() => {
    const m = this.meta();
    if (!m) return null;
    const phaseZone = this.phase()?.zoneIds[0] ?? m.zones[0]?.id ?? null;
    if (m.follow.on && !this.isFacilitator()) return m.follow.zoneId ?? phaseZone;
    const picked = this.picked();
    if (picked && picked.phaseId === m.phaseId && m.zones.some((z) => z.id === picked.zoneId)) return picked.zoneId;
    return phaseZone;
  });
  protected readonly zone = computed(() => this.meta()?.zones.find((z) => z.id === this.zoneId()) ?? null);
  protected readonly following = computed(() => !!this.meta()?.follow.on && !this.isFacilitator());

  protected readonly cards = computed(() => (this.view()?.cards ?? []).filter((c) => c.zoneId === this.zoneId()));
  protected readonly groups = computed(() =>
    (this.view()?.groups ?? [])
      .filter((g) => g.zoneId === this.zoneId())
      .map((g) => ({ group: g, cards: this.cards().filter((c) => c.groupId === g.id) })),
  );
  protected readonly loose = computed(() =>
    this.cards().filter((c) => !c.groupId || !this.view()?.groups.some((g) => g.id === c.groupId)),
  );
  /** Every zone with its groups and cards, for the printed board (Print / PDF). */
  protected readonly printZones = computed(() => {
    const v = this.view();
    if (!v) return [];
    return v.meta.zones.map((zone) => {
      const cards = v.cards.filter((c) => c.zoneId === zone.id && !c.moderated);
      const groups = v.groups
        .filter((g) => g.zoneId === zone.id)
        .map((group) => ({ group, cards: cards.filter((c) => c.groupId === group.id) }));
      const loose = cards.filter((c) => !c.groupId || !groups.some((g) => g.group.id === c.groupId));
      return { zone, groups, loose };
    });
  });
  /** After the reveal: the zone's cards by dots, most first. */
  protected readonly results = computed(() => {
    if (this.meta()?.vote.status !== 'revealed') return [];
    return [...this.cards()]
      .filter((c) => (c.votes ?? 0) > 0)
      .sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0) || a.order - b.order);
  });
  /** The "results are in" banner belongs to the voting step; the results list stays with the cards. */
  protected readonly showResultsBanner = computed(
    () => this.meta()?.vote.status === 'revealed' && !!this.phase()?.allows.includes(BoardAction.Vote),
  );
  protected readonly hiddenHere = computed(() => this.view()?.hiddenCounts[this.zoneId() ?? ''] ?? 0);

  protected readonly votesUsed = computed(() => Object.values(this.view()?.me.votes ?? {}).reduce((a, b) => a + b, 0));
  protected readonly budget = computed(() => {
    const vote = this.meta()?.vote;
    if (!vote || vote.status !== 'open') return null;
    const left = Math.max(0, vote.votesPerPerson - this.votesUsed());
    return { left, dots: Array.from({ length: vote.votesPerPerson }, (_, i) => i < left) };
  });

  /** The card chosen to be put in a group (tap card → tap group). */
  protected readonly choosing = signal<string | null>(null);
  protected readonly choosingCard = computed(() => this.cards().find((c) => c.id === this.choosing()) ?? null);
  protected readonly dropTarget = signal<string | null>(null);
  private dragging: string | null = null;

  /** What this person may do now: the board engine's rules, the same the server applies. */
  protected readonly allowed = computed<AllowedActions | null>(() => {
    const view = this.view();
    if (!view) return null;
    const kind = view.me.role === 'facilitator' ? 'staff' : view.me.role;
    return allowedActions(view.meta, { userId: view.me.userId, kind, admin: this.session.me()?.role === Role.Admin });
  });
  protected readonly canAdd = computed(() => {
    const zone = this.zoneId();
    const allowed = this.allowed();
    if (!zone || !allowed?.permitted.has(BoardAction.AddCard)) return false;
    return allowed.addZones === null || allowed.addZones.includes(zone);
  });
  protected readonly pendingCount = computed(() => this.live.pending().filter((p) => p.ackedSeq === undefined).length);
  protected readonly offline = computed(
    () => this.live.connectionState() === 'offline' || this.live.connectionState() === 'reconnecting',
  );

  constructor() {
    effect(() => {
      const refused = this.live.refused();
      if (refused) this.notifier.say(`errors.${refused.error.code}`);
    });
    // Grouping ends when the phase no longer allows it.
    effect(() => {
      if (!this.allowed()?.permitted.has(BoardAction.Group)) this.choosing.set(null);
    });
  }

  ngOnInit(): void {
    const me = this.session.me();
    this.live.start({
      boardId: this.id(),
      actor: { name: me?.user.displayName ?? '', admin: me?.role === Role.Admin },
    });
  }

  /** On a phone the controls sit under the board: one tap brings them up. */
  protected showControls(): void {
    this.host.nativeElement
      .querySelector('app-facilitator-bar')
      ?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  /** The step offers this action to this person (the facilitator's buttons follow the step too, so the board stays readable). */
  protected offers(action: BoardAction): boolean {
    return this.allowed()?.offered.has(action) ?? false;
  }

  protected abilities(card: ProjectedCard): CardAbilities {
    const mine = this.view()?.me.cardIds.includes(card.id) ?? false;
    return {
      mine,
      edit: mine && this.offers(BoardAction.EditCard),
      react: !card.moderated && this.offers(BoardAction.React),
      vote: !card.moderated && this.meta()?.vote.status === 'open' && this.offers(BoardAction.Vote),
      group: this.offers(BoardAction.Group),
      moderate: this.allowed()?.facilitate ?? false,
    };
  }

  protected myVotes(card: ProjectedCard): number {
    return this.view()?.me.votes[card.id] ?? 0;
  }

  protected canAddDot(card: ProjectedCard): boolean {
    const vote = this.meta()?.vote;
    return !!vote && (this.budget()?.left ?? 0) > 0 && this.myVotes(card) < vote.maxPerCard;
  }

  protected myReactions(card: ProjectedCard): BoardReaction[] {
    return this.view()?.me.reactions[card.id] ?? [];
  }

  protected pickZone(zoneId: string): void {
    const phaseId = this.meta()?.phaseId;
    if (phaseId) this.picked.set({ zoneId, phaseId });
    this.choosing.set(null);
  }

  protected addCard(card: NewCard): void {
    const zoneId = this.zoneId();
    if (!zoneId) return;
    this.live.send({
      type: 'card.add',
      cardId: this.live.newId(),
      zoneId,
      text: card.text,
      photoId: card.photoId,
      details: card.details,
    });
  }

  protected photoUrl(card: ProjectedCard): string | null {
    return card.photoId ? this.boards.photoUrl(this.id(), card.photoId) : null;
  }

  protected editCard(card: ProjectedCard, text: string): void {
    this.live.send({ type: 'card.edit', cardId: card.id, text });
  }

  protected deleteCard(card: ProjectedCard): void {
    this.live.send({ type: 'card.delete', cardId: card.id });
  }

  protected react(card: ProjectedCard, r: { reaction: BoardReaction; on: boolean }): void {
    this.live.send({ type: 'card.react', cardId: card.id, reaction: r.reaction, on: r.on });
  }

  protected vote(card: ProjectedCard, delta: 1 | -1): void {
    this.live.send({ type: delta === 1 ? 'vote.add' : 'vote.remove', cardId: card.id });
  }

  protected moderate(card: ProjectedCard, action: 'hide' | 'show' | 'remove'): void {
    this.live.send({ type: 'card.moderate', cardId: card.id, action });
  }

  protected toggleChoosing(card: ProjectedCard): void {
    this.choosing.set(this.choosing() === card.id ? null : card.id);
  }

  /** Tap a group (or "no group") for the chosen card. */
  protected putInGroup(groupId: string | null, cardId = this.choosing()): void {
    if (!cardId) return;
    this.live.send({ type: 'card.group', cardId, groupId });
    this.choosing.set(null);
  }

  protected newGroup(title: string, cardId = this.choosing()): void {
    const zoneId = this.zoneId();
    if (!cardId || !zoneId) return;
    const name = title.trim() || this.defaultGroupTitle();
    this.live.send({ type: 'group.create', groupId: this.live.newId(), zoneId, title: name, cardIds: [cardId] });
    this.choosing.set(null);
  }

  protected deleteGroup(groupId: string): void {
    this.live.send({ type: 'group.delete', groupId });
  }

  protected defaultGroupTitle(): string {
    return this.transloco.translate('board.group.defaultTitle', { n: this.groups().length + 1 });
  }

  // Desktop: drag a card onto a group, onto "no group", or onto "new group".
  protected dragStarted(cardId: string): void {
    this.dragging = cardId;
  }

  protected dragOver(event: DragEvent, target: string): void {
    if (!this.dragging) return;
    event.preventDefault();
    this.dropTarget.set(target);
  }

  protected drop(event: DragEvent, target: string, newTitle = ''): void {
    event.preventDefault();
    const cardId = this.dragging ?? event.dataTransfer?.getData('text/plain') ?? null;
    this.dragging = null;
    this.dropTarget.set(null);
    if (!cardId) return;
    if (target === 'new') this.newGroup(newTitle, cardId);
    else this.putInGroup(target === 'none' ? null : target, cardId);
  }

  protected dragEnd(): void {
    this.dragging = null;
    this.dropTarget.set(null);
  }
}
