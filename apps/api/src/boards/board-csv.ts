import type { BoardState } from '@atelier/board-engine';
import { voteTotals } from '@atelier/board-engine';
import { csvCell as cell } from '../common/csv.js';

/**
 * The board as CSV: one row per card with its zone, group, reactions and dots. Cards still hidden
 * (hidden mode, before reveal) are left out — the export obeys the same promise as the screens —
 * authors are left out in anonymous mode and for cards written anonymously, and dots appear only
 * once the vote was revealed.
 */
export function boardCsv(state: BoardState): string {
  const zones = new Map(state.zones.map((z) => [z.id, z.title]));
  const totals = state.vote.status === 'revealed' ? voteTotals(state) : null;
  const header = [
    'card_id',
    'zone',
    'group',
    'text',
    'author',
    'who',
    'where',
    'shot',
    'photo',
    'reactions',
    'dots',
    'moderated',
    'created_at',
  ];
  const rows = [...state.cards.values()]
    .filter((c) => c.revealed)
    .sort((a, b) => a.order - b.order)
    .map((c) => [
      c.id,
      zones.get(c.zoneId) ?? c.zoneId,
      c.groupId ? (state.groups[c.groupId]?.title ?? '') : '',
      c.text,
      c.anonymous || state.anonymous ? '' : c.authorName,
      c.details?.who ?? '',
      c.details?.where ?? '',
      c.details?.shot ?? '',
      c.photoId ?? '',
      Object.entries(c.reactions)
        .map(([r, people]) => `${r}${people.length}`)
        .join(' '),
      totals ? (totals.get(c.id) ?? 0) : '',
      c.moderated ? 'yes' : 'no',
      new Date(c.createdAt).toISOString(),
    ]);
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
