import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { BoardsApi } from '../core/boards-api';
import { LANGUAGE_NAMES, LanguageService } from '../core/language';
import { ParticipationApi } from '../core/participation-api';
import { Session } from '../core/session';
import { SignOut } from '../core/sign-out';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LanguageTiles } from '../shared/language-tiles';
import { TopBar } from '../shared/top-bar';
import { JoinProgrammeForm } from './join-programme-form';
import { MyConsents } from '../publishing/my-consents';
import { MySessionsList } from './my-sessions-list';
import { NextSessionCard } from './next-session-card';

/** Most past sessions listed; older ones are in the trainer's report. */
const PAST_SHOWN = 8;

/**
 * A participant's home screen: their next session (check in, or "I can't come"), their other
 * sessions with their own marks, their group's clips, joining a programme with a code, language
 * and signing out.
 */
@Component({
  selector: 'app-participant-home',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BidiIsolatePipe,
    ErrorMessage,
    Icon,
    JoinProgrammeForm,
    LanguageTiles,
    MatButton,
    MatProgressSpinner,
    MyConsents,
    MySessionsList,
    NextSessionCard,
    RouterLink,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './participant-home.html',
  styleUrl: './participant-home.scss',
})
export class ParticipantHome {
  protected readonly session = inject(Session);
  protected readonly language = inject(LanguageService);
  private readonly api = inject(ParticipationApi);
  private readonly signOutFlow = inject(SignOut);
  protected readonly names = LANGUAGE_NAMES;
  protected readonly choosingLanguage = signal(false);
  protected readonly signingOut = signal(false);
  protected readonly joining = signal(false);

  private readonly boardsApi = inject(BoardsApi);
  protected readonly sessions = resource({ loader: () => this.api.sessions() });
  /** Open boards of the person's sessions ("Today's board"); none when they cannot be fetched. */
  protected readonly boards = resource({ loader: () => this.boardsApi.list().catch(() => []) });
  protected readonly programmes = resource({ loader: () => this.api.programmes() });
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.sessions.error();
    return error ? toShownError(error) : null;
  });
  private readonly now = Date.now();
  /** The first session not over yet and not cancelled. */
  protected readonly next = computed(() =>
    (this.sessions.value() ?? []).find(
      (s) => !s.session.cancelledAt && Date.parse(s.session.endsAt) > this.now,
    ),
  );
  protected readonly upcoming = computed(() =>
    (this.sessions.value() ?? []).filter(
      (s) => Date.parse(s.session.endsAt) > this.now && s !== this.next(),
    ),
  );
  protected readonly past = computed(() =>
    (this.sessions.value() ?? [])
      .filter((s) => Date.parse(s.session.endsAt) <= this.now)
      .reverse()
      .slice(0, PAST_SHOWN),
  );

  /** Open boards, today's first: a board of a session going on today is "Today's board". */
  protected readonly openBoards = computed(() => {
    const today = new Set(
      (this.sessions.value() ?? [])
        .filter((s) => Date.parse(s.session.startsAt) < this.now + 12 * 3600_000 && Date.parse(s.session.endsAt) > this.now - 12 * 3600_000)
        .map((s) => s.session.id),
    );
    return (this.boards.value() ?? [])
      .map((board) => ({ board, today: board.sessionId !== null && today.has(board.sessionId) }))
      .sort((a, b) => Number(b.today) - Number(a.today));
  });

  protected showJoined(): void {
    this.sessions.reload();
    this.programmes.reload();
  }

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.signOutFlow.run();
    } finally {
      this.signingOut.set(false);
    }
  }
}
