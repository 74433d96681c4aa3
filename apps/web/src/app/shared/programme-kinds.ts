import { PathwayStep, ProgrammeKind } from '@atelier/contracts';
import type { IconName } from './icon-paths';

export const PROGRAMME_KINDS: readonly ProgrammeKind[] = [
  ProgrammeKind.VideoCourse,
  ProgrammeKind.WorkshopSeries,
  ProgrammeKind.Pathway,
];

export const KIND_ICONS: Readonly<Record<ProgrammeKind, IconName>> = {
  [ProgrammeKind.VideoCourse]: 'video',
  [ProgrammeKind.WorkshopSeries]: 'workshop',
  [ProgrammeKind.Pathway]: 'pathway',
};

/** The steps of a pathway, in the order people go through them. */
export const PATHWAY_STEPS: readonly PathwayStep[] = [
  PathwayStep.InformationSession,
  PathwayStep.TrainingDay,
  PathwayStep.CharterSigned,
  PathwayStep.Supervision,
  PathwayStep.Evaluation,
];
