import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { Role } from '@atelier/contracts';
import { TranslocoDirective, TranslocoService } from '@jsverse/transloco';
import { BoardsApi } from '../core/boards-api';
import { LanguageService } from '../core/language';
import { OrganisationApi } from '../core/organisation-api';
import { Icon } from '../shared/icon';
import { BoardLive } from './board-live';
import { downloadBoardImage } from './board-image';

const TIMER_PRESETS = [1, 3, 5, 10];

/**
 * The facilitator's controls: the agenda (phases), the timer, hidden mode and reveal, anonymity,
 * lock, follow me, the dot vote, handing over, who is here, and exports. Every control sends an op
 * through the same queue as everyone's cards, so it also survives a bad network.
 */
@Component({
  selector: 'app-facilitator-bar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, MatButton, TranslocoDirective],
  templateUrl: './facilitator-bar.html',
  styleUrl: './facilitator-bar.scss',
})
export class FacilitatorBar {
  readonly zoneId = input<string | null>(null);
  readonly boardId = input.required<string>();

  protected readonly live = inject(BoardLive);
  private readonly boards = inject(BoardsApi);
  private readonly organisation = inject(OrganisationApi);
  private readonly transloco = inject(TranslocoService);
  private readonly language = inject(LanguageService);
  protected readonly presets = TIMER_PRESETS;

  protected readonly meta = computed(() => this.live.view()?.meta ?? null);
  protected readonly phaseIndex = computed(() => {
    const m = this.meta();
    return m ? m.phases.findIndex((p) => p.id === m.phaseId) : -1;
  });
  protected readonly hiddenTotal = computed(() =>
    Object.values(this.live.view()?.hiddenCounts ?? {}).reduce((a, b) => a + b, 0),
  );
  protected readonly summary = resource({
    params: () => this.boardId(),
    loader: ({ params }) => this.boards.get(params),
  });
  protected readonly csvUrl = computed(() => this.boards.exportCsvUrl(this.boardId()));
  protected readonly presenterUrl = computed(() => `/board/${encodeURIComponent(this.boardId())}/present`);
  protected readonly votesPerPerson = signal(3);
  protected readonly maxPerCard = signal(1);
  protected readonly handing = signal(false);
  protected readonly trainers = resource({
    params: () => (this.handing() ? true : undefined),
    loader: async () => {
      const me = this.live.view()?.me.userId;
      return (await this.organisation.members()).filter(
        (m) => m.userId !== me && (m.role === Role.Trainer || m.role === Role.Admin),
      );
    },
  });
  protected readonly people = computed(() => {
    const list = this.live.presence();
    return { total: list.length, participants: list.filter((p) => p.role === 'participant').length, list };
  });

  protected setPhase(phaseId: string): void {
    this.live.send({ type: 'phase.set', phaseId });
  }

  protected nextPhase(): void {
    const m = this.meta();
    const next = m?.phases[this.phaseIndex() + 1];
    if (next) this.setPhase(next.id);
  }

  protected startTimer(minutes: number): void {
    this.live.send({ type: 'timer.start', seconds: minutes * 60 });
  }

  /** One more minute on the running timer (from what is left now). */
  protected addMinute(): void {
    const left = this.live.secondsLeft() ?? 0;
    this.live.send({ type: 'timer.start', seconds: Math.max(1, left) + 60 });
  }

  protected stopTimer(): void {
    this.live.send({ type: 'timer.stop' });
  }

  protected setHidden(on: boolean): void {
    this.live.send({ type: 'hidden.set', on });
  }

  protected setAnonymous(on: boolean): void {
    this.live.send({ type: 'anonymous.set', on });
  }

  protected setLocked(on: boolean): void {
    this.live.send({ type: 'lock.set', on });
  }

  protected setFollow(on: boolean): void {
    this.live.send({ type: 'follow.set', on, zoneId: on ? this.zoneId() : null });
  }

  protected startVote(): void {
    const perPerson = this.votesPerPerson();
    this.live.send({
      type: 'vote.start',
      votesPerPerson: perPerson,
      maxPerCard: Math.min(this.maxPerCard(), perPerson),
    });
  }

  protected endVote(): void {
    this.live.send({ type: 'vote.end' });
  }

  protected handTo(userId: string, name: string): void {
    this.live.send({ type: 'facilitator.hand', to: { id: userId, name } });
    this.handing.set(false);
  }

  protected number(value: string, min: number, max: number): number {
    const n = Math.round(Number(value));
    return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : min;
  }

  protected async saveImage(): Promise<void> {
    const view = this.live.view();
    if (!view) return;
    await downloadBoardImage(view, {
      translate: (key, params) => this.transloco.translate(key, params),
      rtl: this.language.direction() === 'rtl',
      code: this.summary.value()?.code ?? null,
    });
  }

  protected print(): void {
    globalThis.print?.();
  }
}
