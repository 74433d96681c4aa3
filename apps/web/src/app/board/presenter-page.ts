import { ChangeDetectionStrategy, Component, computed, inject, input, resource, type OnInit } from '@angular/core';
import { RTL_LANGUAGES, type Language } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { ALL_LANGUAGES } from '../core/language';
import { BoardsApi } from '../core/boards-api';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { BoardLive } from './board-live';
import { BoardTimer } from './board-timer';
import { qrDataUrl } from '../shared/qr-code';

/**
 * The room's screen: read-only, large type. The current phase and its zones, the timer, cards in
 * their groups, dots after the reveal, and the board's code with a QR code to join.
 */
@Component({
  selector: 'app-presenter-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [BoardLive],
  imports: [BoardTimer, ErrorMessage, Icon, TranslocoDirective],
  templateUrl: './presenter-page.html',
  styleUrl: './presenter-page.scss',
})
export class PresenterPage implements OnInit {
  readonly id = input.required<string>();

  protected readonly live = inject(BoardLive);
  private readonly boards = inject(BoardsApi);
  private readonly session = inject(Session);
  protected readonly view = this.live.view;
  protected readonly languages = ALL_LANGUAGES;
  protected readonly isRtl = (lang: Language): boolean => RTL_LANGUAGES.includes(lang);
  protected readonly phase = computed(() => {
    const m = this.view()?.meta;
    return m?.phases.find((p) => p.id === m.phaseId) ?? null;
  });
  /** The phase's zones (all of them when the phase names none). */
  protected readonly zones = computed(() => {
    const v = this.view();
    if (!v) return [];
    const ids = this.phase()?.zoneIds ?? [];
    const shown = ids.length ? v.meta.zones.filter((z) => ids.includes(z.id)) : v.meta.zones;
    const revealed = v.meta.vote.status === 'revealed';
    return shown.map((zone) => {
      const cards = v.cards.filter((c) => c.zoneId === zone.id && !c.moderated);
      const groups = v.groups
        .filter((g) => g.zoneId === zone.id)
        .map((group) => ({ group, cards: cards.filter((c) => c.groupId === group.id) }));
      const loose = cards.filter((c) => !c.groupId || !groups.some((g) => g.group.id === c.groupId));
      const results = revealed
        ? [...cards]
            .filter((c) => (c.votes ?? 0) > 0)
            .sort((a, b) => (b.votes ?? 0) - (a.votes ?? 0))
            .slice(0, 5)
        : [];
      return { zone, groups, loose, results, hidden: v.hiddenCounts[zone.id] ?? 0 };
    });
  });
  protected readonly summary = resource({ params: () => this.id(), loader: ({ params }) => this.boards.get(params) });
  protected readonly joinUrl = computed(() => {
    const code = this.summary.value()?.code;
    return code ? `${globalThis.location.origin}/board?code=${encodeURIComponent(code)}` : null;
  });
  protected readonly qrCode = resource({
    params: () => this.joinUrl() ?? undefined,
    loader: ({ params }) => qrDataUrl(params),
  });

  protected photoUrl(photoId: string): string {
    return this.boards.photoUrl(this.id(), photoId);
  }

  ngOnInit(): void {
    this.live.start({
      boardId: this.id(),
      presenter: true,
      actor: { name: this.session.me()?.user.displayName ?? '' },
    });
  }
}
