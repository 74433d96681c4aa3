import { ChangeDetectionStrategy, Component, computed, inject, resource, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { BOARD_LIMITS, BoardTemplate, ErrorCode, type BoardSummary } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { BoardsApi } from '../core/boards-api';
import { LanguageService } from '../core/language';
import { ProgrammesApi } from '../core/programmes-api';
import { formatInBrussels } from '../shared/brussels-time.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import type { IconName } from '../shared/icon-paths';
import { TopBar } from '../shared/top-bar';
import { FormSubmit } from '../shared/form-submit';

const TEMPLATE_ICONS: Record<BoardTemplate, IconName> = {
  [BoardTemplate.CoCreation]: 'workshop',
  [BoardTemplate.VideoStoryboard]: 'video',
  [BoardTemplate.Retrospective]: 'undo',
  [BoardTemplate.Blank]: 'board',
};

/** Staff: the organisation's boards, and a new board from a template, optionally for a session. */
@Component({
  selector: 'app-boards-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, RouterLink, TopBar, TranslocoDirective],
  templateUrl: './boards-page.html',
  styleUrl: './boards-page.scss',
})
export class BoardsPage {
  private readonly api = inject(BoardsApi);
  private readonly programmesApi = inject(ProgrammesApi);
  private readonly router = inject(Router);
  private readonly language = inject(LanguageService);
  protected readonly templates = Object.values(BoardTemplate);
  protected readonly icons = TEMPLATE_ICONS;
  protected readonly maxTitle = BOARD_LIMITS.boardTitle;

  protected readonly boards = resource({ loader: () => this.api.list() });
  protected readonly programmes = resource({ loader: () => this.programmesApi.list() });
  protected readonly template = signal<BoardTemplate>(BoardTemplate.CoCreation);
  protected readonly title = signal('');
  protected readonly programmeId = signal('');
  protected readonly sessionId = signal('');
  protected readonly sessions = resource({
    params: () => this.programmeId() || undefined,
    loader: ({ params }) => this.programmesApi.sessions(params),
  });
  protected readonly upcomingSessions = computed(() => {
    const now = Date.now() - 12 * 3600_000;
    return (this.sessions.value() ?? []).filter((s) => !s.cancelledAt && Date.parse(s.endsAt) > now);
  });
  private readonly sending = new FormSubmit();
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  protected readonly listError = computed(() => {
    const e = this.boards.error();
    return e ? toShownError(e) : null;
  });

  protected sessionLabel(startsAt: string, title: string): string {
    const when = formatInBrussels(startsAt, 'dayTime', this.language.language());
    return title ? `${when} · ${title}` : when; // an untitled session is just its day and time
  }

  protected async create(): Promise<void> {
    const title = this.title().trim();
    if (!title) {
      this.error.set({ code: ErrorCode.ValidationFailed });
      return;
    }
    await this.sending.run(async () => {
      const board = await this.api.create({ template: this.template(), title, sessionId: this.sessionId() || null });
      await this.router.navigate(['/board', board.id]);
    });
  }

  protected async setOpen(board: BoardSummary, open: boolean): Promise<void> {
    try {
      await (open ? this.api.open(board.id) : this.api.close(board.id));
      this.boards.reload();
    } catch (e) {
      this.error.set(toShownError(e));
    }
  }
}
