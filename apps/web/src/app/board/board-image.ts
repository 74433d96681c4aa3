import type { BoardView, ProjectedCard } from '@atelier/contracts';

export interface BoardImageOptions {
  translate: (key: string, params?: Record<string, unknown>) => string;
  rtl: boolean;
  code: string | null;
}

const COLUMN = 340;
const GAP = 16;
const PAD = 12;
const LINE = 22;
const FONT = '16px "Noto Sans", "Noto Sans Arabic", system-ui, sans-serif';
const BOLD = 'bold 18px "Noto Sans", "Noto Sans Arabic", system-ui, sans-serif';
const RTL_TEXT = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * The board as a PNG, drawn on a canvas from the view the facilitator has (what they may see):
 * one column per zone, groups with their cards, dots after the reveal. Drawn as text, so it works
 * offline and needs no server.
 */
export async function downloadBoardImage(view: BoardView, options: BoardImageOptions): Promise<void> {
  const blob = await renderBoardImage(view, options);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${view.meta.title.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60) || 'board'}.png`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function renderBoardImage(view: BoardView, options: BoardImageOptions): Promise<Blob> {
  const measure = document.createElement('canvas').getContext('2d')!;
  measure.font = FONT;
  const columns = view.meta.zones.map((zone) => {
    const cards = view.cards.filter((c) => c.zoneId === zone.id);
    const sections: { title: string | null; group: boolean; cards: { card: ProjectedCard; lines: string[] }[] }[] = [];
    const groups = view.groups.filter((g) => g.zoneId === zone.id);
    const layout = (list: ProjectedCard[]) =>
      list.map((card) => ({ card, lines: wrap(measure, card.text, COLUMN - 2 * PAD - 8) }));
    for (const g of groups)
      sections.push({ title: g.title, group: true, cards: layout(cards.filter((c) => c.groupId === g.id)) });
    const loose = cards.filter((c) => !c.groupId || !groups.some((g) => g.id === c.groupId));
    if (loose.length)
      sections.push({
        title: groups.length ? options.translate('board.group.loose') : null,
        group: false,
        cards: layout(loose),
      });
    let height = 40;
    for (const s of sections) {
      if (s.title) height += 34;
      for (const c of s.cards) height += c.lines.length * LINE + 2 * PAD + 10 + (c.card.votes ? LINE : 0);
    }
    return { zone, sections, height };
  });
  const width = Math.max(600, columns.length * (COLUMN + GAP) + GAP);
  const height = 90 + Math.max(120, ...columns.map((c) => c.height)) + GAP;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const text = (s: string, x: number, y: number, w: number, font = FONT, colour = '#1a1c1e') => {
    const rtl = RTL_TEXT.test(s) || (options.rtl && !/[A-Za-z]/.test(s));
    ctx.font = font;
    ctx.fillStyle = colour;
    ctx.direction = rtl ? 'rtl' : 'ltr';
    ctx.textAlign = rtl ? 'right' : 'left';
    ctx.fillText(s, rtl ? x + w : x, y);
  };
  const phase = view.meta.phases.find((p) => p.id === view.meta.phaseId);
  text(view.meta.title, GAP, 36, width - 2 * GAP, 'bold 26px "Noto Sans", "Noto Sans Arabic", system-ui, sans-serif');
  const sub = [
    phase ? options.translate(phase.titleKey) : '',
    options.code ? `${options.translate('board.code')} ${options.code}` : '',
    new Date().toLocaleString(),
  ]
    .filter(Boolean)
    .join(' · ');
  text(sub, GAP, 66, width - 2 * GAP, FONT, '#44474e');
  // Columns run right to left in Arabic, like the screen.
  columns.forEach((col, i) => {
    const x = options.rtl ? width - GAP - (i + 1) * COLUMN - i * GAP : GAP + i * (COLUMN + GAP);
    let y = 90;
    ctx.fillStyle = '#e8eef7';
    ctx.fillRect(x, y, COLUMN, col.height);
    text(options.translate(col.zone.titleKey), x + PAD, y + 26, COLUMN - 2 * PAD, BOLD);
    y += 40;
    for (const section of col.sections) {
      if (section.title) {
        text(
          section.group ? `▣ ${section.title}` : section.title,
          x + PAD,
          y + 22,
          COLUMN - 2 * PAD,
          BOLD,
          section.group ? '#3b4c7a' : '#44474e',
        );
        y += 34;
      }
      for (const { card, lines } of section.cards) {
        const h = lines.length * LINE + 2 * PAD + (card.votes ? LINE : 0);
        ctx.fillStyle = card.moderated ? '#f3e0e0' : '#ffffff';
        ctx.strokeStyle = '#c4c6d0';
        ctx.fillRect(x + 4, y, COLUMN - 8, h);
        ctx.strokeRect(x + 4, y, COLUMN - 8, h);
        lines.forEach((line, n) => text(line, x + PAD, y + PAD + 16 + n * LINE, COLUMN - 2 * PAD - 8));
        if (card.votes)
          text(
            `● ${options.translate('board.vote.total', { n: card.votes })}`,
            x + PAD,
            y + PAD + 16 + lines.length * LINE,
            COLUMN - 2 * PAD - 8,
            BOLD,
            '#6b3fa0',
          );
        y += h + 10;
      }
    }
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The image could not be made.'))), 'image/png'),
  );
}

/** Breaks text into lines that fit the width (words first, long words by characters). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/(\s+)/)) {
      const tryLine = line + word;
      if (ctx.measureText(tryLine).width <= width || line === '') {
        line = tryLine;
        while (ctx.measureText(line).width > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      } else {
        lines.push(line.trimEnd());
        line = word.trimStart();
      }
    }
    lines.push(line);
  }
  return lines.length ? lines : [''];
}
