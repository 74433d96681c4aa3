import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  input,
  resource,
  signal,
  type OnInit,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinner } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { BoardsApi } from '../core/boards-api';
import { LANGUAGE_NAMES, LanguageService } from '../core/language';
import { OfflineCopy } from '../core/offline-copy';
import { ParticipationApi } from '../core/participation-api';
import { Session } from '../core/session';
import { SignOut } from '../core/sign-out';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { SavedCopyNote } from '../shared/saved-copy-note';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { ReadAloud } from '../shared/read-aloud';
import { ReadAloudSetting } from '../shared/read-aloud-setting';
import { LanguageTiles } from '../shared/language-tiles';
import { TopBar } from '../shared/top-bar';
import { JoinProgrammeForm } from './join-programme-form';
import { MyConsents } from '../publishing/my-consents';
import { MyConsentApi } from '../publishing/publishing-api';
import { MySessionsList } from './my-sessions-list';
import { NextSessionCard } from './next-session-card';

/** Most past sessions listed; older ones are in the trainer's report. */
const PAST_SHOWN = 8;
/** Sessions after the next one listed before "See all": the home stays one short scroll. */
const UPCOMING_SHOWN = 2;

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
    ReadAloud,
    ReadAloudSetting,
    RouterLink,
    SavedCopyNote,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './participant-home.html',
  styleUrl: './participant-home.scss',
})
export class ParticipantHome implements OnInit {
  /** From a programme's QR code (`/home?programme=<code>`): the join form opens with the code filled in. */
  readonly programme = input<string>();
  protected readonly session = inject(Session);
  protected readonly language = inject(LanguageService);
  private readonly api = inject(ParticipationApi);
  private readonly signOutFlow = inject(SignOut);
  protected readonly names = LANGUAGE_NAMES;
  protected readonly choosingLanguage = signal(false);
  protected readonly signingOut = signal(false);
  protected readonly joining = signal(false);

  private readonly boardsApi = inject(BoardsApi);
  /** Every read goes through the phone's copy: offline, the home shows what it last knew. */
  private readonly copy = inject(OfflineCopy);
  private readonly sessionsRead = resource({ loader: () => this.copy.read('sessions', () => this.api.sessions()) });
  private readonly sessions = computed(() => this.sessionsRead.value()?.value);
  /** Open boards of the person's sessions ("Today's board"); none when they cannot be fetched. */
  private readonly boardsRead = resource({
    loader: () => this.copy.read('boards', () => this.boardsApi.list()).catch(() => ({ value: [], savedAt: null })),
  });
  private readonly programmesRead = resource({
    loader: () => this.copy.read('programmes', () => this.api.programmes()),
  });
  protected readonly programmes = computed(() => this.programmesRead.value()?.value);
  /** Films they are credited in; the ones waiting for their answer come first on the home. */
  private readonly consentApi = inject(MyConsentApi);
  private readonly consentsRead = resource({
    loader: () => this.copy.read('consents', () => this.consentApi.list()).catch(() => ({ value: [], savedAt: null })),
  });
  protected readonly pendingConsents = computed(() =>
    (this.consentsRead.value()?.value ?? []).filter((c) => !c.consent || c.filmChangedSinceAnswer),
  );
  protected readonly answeredConsents = computed(() =>
    (this.consentsRead.value()?.value ?? []).filter((c) => c.consent && !c.filmChangedSinceAnswer),
  );
  /** Offline: when the oldest of the copies shown was read ("last updated …"); null when all is fresh. */
  protected readonly savedAt = computed(() => {
    const times = [this.sessionsRead, this.boardsRead, this.programmesRead, this.consentsRead]
      .map((read) => read.value()?.savedAt ?? null)
      .filter((at): at is number => at !== null);
    return times.length ? Math.min(...times) : null;
  });
  /**
   * Everything below the greeting appears at once, when all of it has loaded: a button that
   * arrives late would push the others down under a finger about to tap (Lighthouse CLS 0.45).
   * A reload (after joining a programme…) keeps what is shown: hiding it would also take away the
   * join form and the "You joined" it just said.
   */
  protected readonly ready = computed(() =>
    [
      this.sessionsRead.status(),
      this.boardsRead.status(),
      this.programmesRead.status(),
      this.consentsRead.status(),
    ].every((status) => status !== 'idle' && status !== 'loading'),
  );
  protected readonly showAllUpcoming = signal(false);
  protected readonly loadError = computed<ShownError | null>(() => {
    const error = this.sessionsRead.error();
    return error ? toShownError(error) : null;
  });
  private readonly now = Date.now();
  /** A cancelled session is the trainer's business: participants only see what still takes place. */
  private readonly held = computed(() => (this.sessions() ?? []).filter((s) => !s.session.cancelledAt));
  /** The first session not over yet. */
  protected readonly next = computed(() => this.held().find((s) => Date.parse(s.session.endsAt) > this.now));
  protected readonly allUpcoming = computed(() =>
    this.held().filter((s) => Date.parse(s.session.endsAt) > this.now && s !== this.next()),
  );
  protected readonly upcoming = computed(() =>
    this.showAllUpcoming() ? this.allUpcoming() : this.allUpcoming().slice(0, UPCOMING_SHOWN),
  );
  protected readonly past = computed(() =>
    this.held()
      .filter((s) => Date.parse(s.session.endsAt) <= this.now)
      .reverse()
      .slice(0, PAST_SHOWN),
  );

  /**
   * Open boards: one big "Today's board" button — the newest board of a session going on today —
   * and every other open board as a smaller link under it, each once, newest first.
   */
  protected readonly openBoards = computed(() => {
    const today = new Set(
      (this.sessions() ?? [])
        .filter(
          (s) =>
            Date.parse(s.session.startsAt) < this.now + 12 * 3600_000 &&
            Date.parse(s.session.endsAt) > this.now - 12 * 3600_000,
        )
        .map((s) => s.session.id),
    );
    const open = [...(this.boardsRead.value()?.value ?? [])]
      .filter((board) => board.status === 'open')
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    const todays = open.find((board) => board.sessionId !== null && today.has(board.sessionId)) ?? null;
    return { todays, others: open.filter((board) => board !== todays) };
  });

  protected reloadSessions(): void {
    this.sessionsRead.reload();
  }

  ngOnInit(): void {
    if (this.programme()) this.joining.set(true);
  }

  protected showJoined(): void {
    this.sessionsRead.reload();
    this.programmesRead.reload();
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
