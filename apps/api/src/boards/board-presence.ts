import type { BoardState } from '@atelier/board-engine';
import type { BoardEventsRepository } from './board-events.repository.js';
import type { LogSink } from './board-log.js';

const PRESENCE_DEBOUNCE_MS = 300;

/**
 * Who is on a board, sent to its room at most every PRESENCE_DEBOUNCE_MS after people come and go.
 * Ephemeral: never logged.
 */
export class BoardPresence {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly events: BoardEventsRepository,
    /** The board's memory copy, when this node holds one (who facilitates, whether it is anonymous). */
    private readonly stateOf: (boardId: string) => BoardState | undefined,
    private readonly log: LogSink,
  ) {}

  changed(boardId: string): void {
    if (this.timers.has(boardId)) return;
    const timer = setTimeout(() => {
      this.timers.delete(boardId);
      this.send(boardId).catch((e: unknown) => this.log.warn(`presence of board ${boardId}: ${(e as Error).message}`));
    }, PRESENCE_DEBOUNCE_MS);
    timer.unref();
    this.timers.set(boardId, timer);
  }

  stop(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async send(boardId: string): Promise<void> {
    const state = this.stateOf(boardId);
    if (!state) return;
    const people = await this.events.present(boardId);
    this.events.presence(boardId, {
      boardId,
      people: people.map((p) => {
        const role = p.kind === 'staff' && p.userId === state.facilitator.id ? 'facilitator' : p.kind;
        // Anonymous boards name nobody but staff: who is here would otherwise hint at who wrote what.
        const hide = state.anonymous && p.kind === 'participant';
        return { id: state.anonymous ? null : p.userId, name: hide ? null : p.name, role };
      }),
    });
  }
}
