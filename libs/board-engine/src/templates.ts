import {
  BoardAction,
  BoardTemplate,
  type BoardPhase,
  type BoardTemplateInfo,
  type BoardZone,
} from '@atelier/contracts';
import type { BoardState } from './state.js';
import { Table } from './table.js';

const A = BoardAction;
const ALL = [A.AddCard, A.EditCard, A.Group, A.React, A.Vote];

function zone(id: string, title: string, kind: BoardZone['kind'] = 'cards'): BoardZone {
  return { id, titleKey: `board.zones.${id}`, title, kind };
}

function phase(id: string, title: string, allows: BoardAction[], zoneIds: string[] = []): BoardPhase {
  return { id, titleKey: `board.phases.${id}`, title, allows, zoneIds };
}

/**
 * The templates. Titles are English fallbacks; the web client shows `board.zones.<id>` and
 * `board.phases.<id>` in the viewer's language.
 */
export const TEMPLATES: Record<BoardTemplate, BoardTemplateInfo> = {
  [BoardTemplate.CoCreation]: {
    id: BoardTemplate.CoCreation,
    zones: [
      zone('welcome', 'Welcome round'),
      zone('ideas', 'Ideas'),
      zone('next-steps', 'Next steps'),
      zone('farewell', 'Farewell round'),
    ],
    phases: [
      phase('welcome', 'Welcome round', [A.AddCard, A.EditCard, A.React], ['welcome']),
      phase('ideas', 'Ideas', [A.AddCard, A.EditCard, A.React], ['ideas']),
      phase('cluster', 'Cluster', [A.Group, A.React], ['ideas']),
      phase('vote', 'Dot vote', [A.Vote, A.React], ['ideas']),
      phase('next-steps', 'Next steps', [A.AddCard, A.EditCard, A.React], ['next-steps']),
      phase('farewell', 'Farewell round', [A.AddCard, A.EditCard, A.React], ['farewell']),
    ],
    hidden: false,
  },
  [BoardTemplate.VideoStoryboard]: {
    id: BoardTemplate.VideoStoryboard,
    zones: [
      zone('ideas', 'Ideas'),
      zone('opening', 'Opening', 'scenes'),
      zone('middle', 'Middle', 'scenes'),
      zone('ending', 'Ending', 'scenes'),
    ],
    phases: [
      phase('ideas', 'Ideas', [A.AddCard, A.EditCard, A.React], ['ideas']),
      phase('choose', 'Choose', [A.Vote, A.React], ['ideas']),
      phase('scenes', 'Scenes', [A.AddCard, A.EditCard, A.Group, A.React], ['opening', 'middle', 'ending']),
    ],
    hidden: false,
  },
  [BoardTemplate.Retrospective]: {
    id: BoardTemplate.Retrospective,
    zones: [zone('went-well', 'What went well'), zone('to-improve', 'What to improve'), zone('actions', 'Actions')],
    phases: [
      phase('reflect', 'Reflect', [A.AddCard, A.EditCard], ['went-well', 'to-improve']),
      phase('group', 'Group', [A.Group, A.React], ['went-well', 'to-improve']),
      phase('vote', 'Vote', [A.Vote, A.React], ['went-well', 'to-improve']),
      phase('actions', 'Actions', [A.AddCard, A.EditCard, A.React], ['actions']),
    ],
    hidden: true,
  },
  [BoardTemplate.Blank]: {
    id: BoardTemplate.Blank,
    zones: [zone('main', 'Board')],
    phases: [phase('open', 'Open', ALL)],
    hidden: false,
  },
};

export interface NewBoard {
  id: string;
  title: string;
  template: BoardTemplate;
  facilitator: { id: string; name: string };
}

/** A fresh board (seq 0) from a template, in its first phase. */
export function createBoard(b: NewBoard): BoardState {
  const t = TEMPLATES[b.template];
  return {
    id: b.id,
    title: b.title,
    template: b.template,
    zones: t.zones.map((z) => ({ ...z })),
    phases: t.phases.map((p) => ({ ...p, allows: [...p.allows], zoneIds: [...p.zoneIds] })),
    phaseId: t.phases[0]!.id,
    facilitator: { ...b.facilitator },
    hidden: t.hidden,
    anonymous: false,
    locked: false,
    vote: { status: 'idle', votesPerPerson: 3, maxPerCard: 1 },
    timer: { deadline: null, seconds: 0 },
    follow: { on: false, zoneId: null },
    cards: Table.empty(),
    groups: {},
    votes: Table.empty(),
    nextOrder: 1,
    seq: 0,
  };
}
