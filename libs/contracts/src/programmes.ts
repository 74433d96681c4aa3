import type { Language } from './languages.js';

/** The three shapes of programme the organisations run (see the seeds). */
export enum ProgrammeKind {
  /** ZIN TV: one session a week for two months; punctuality and regular attendance required. */
  VideoCourse = 'video_course',
  /** IMMERSE: sessions that open with a welcome and close with a farewell. */
  WorkshopSeries = 'workshop_series',
  /** Voisins Solidaires: information session → training day → first meeting with a charter → follow-up. */
  Pathway = 'pathway',
}

/** Steps of a pathway that are recorded per person. */
export enum PathwayStep {
  InformationSession = 'information_session',
  TrainingDay = 'training_day',
  CharterSigned = 'charter_signed',
  Supervision = 'supervision',
  Evaluation = 'evaluation',
}

export interface ProgrammeSettings {
  kind: ProgrammeKind;
  title: string;
  description: string;
  languages: Language[];
  place: string;
  /** Places available; null for no limit. */
  capacity: number | null;
  /** Minimum attendance rate (0–100 %) to complete the programme. */
  requiredAttendanceRate: number;
  /** Whether a (symbolic) contribution is asked. */
  contributionAsked: boolean;
  /** Points a "late" mark is worth for the rate (present = 1, absent = 0). */
  lateWeight: number;
  /** Minutes after the start a check-in still counts as present; later is late. */
  lateGraceMinutes: number;
  /** "I can't come" is confirmed as excused without a trainer. */
  autoExcuse: boolean;
  /** Alert after this many missed sessions in a row. */
  alertAfterMisses: number;
  /** After this many months, per-session marks are reduced to totals; null keeps them. */
  retentionMonths: number | null;
}

export type CreateProgrammeRequest = ProgrammeSettings;
export type UpdateProgrammeRequest = Partial<ProgrammeSettings>;

export interface Programme extends ProgrammeSettings {
  id: string;
  /** Participants can enrol themselves with this code. */
  joinCode: string;
  createdAt: string;
  enrolledCount: number;
  waitingCount: number;
  sessionCount: number;
  nextSessionAt: string | null;
  /** A secret address of the programme's iCalendar feed, for calendar apps. */
  calendarUrl: string;
}

/** A participant's view of a programme they are in (or waiting for). */
export interface MyProgramme {
  programme: Pick<Programme, 'id' | 'kind' | 'title' | 'description' | 'place' | 'calendarUrl' | 'nextSessionAt'>;
  status: EnrolmentStatus;
  waitingPosition: number | null;
}

/** Generates sessions in Brussels time: weekly (or every N weeks) on chosen weekdays. */
export interface GenerateSeriesRequest {
  /** First day to consider, YYYY-MM-DD (Europe/Brussels). */
  startDate: string;
  /** Local start time, HH:mm. */
  startTime: string;
  durationMinutes: number;
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  everyWeeks: number;
  /** Stop after this day (inclusive), YYYY-MM-DD … */
  until?: string;
  /** … or after this many sessions. One of the two is required. */
  count?: number;
  /** Days to leave out (holidays), YYYY-MM-DD. */
  skipDates?: string[];
  title?: string;
  required?: boolean;
}

export interface SessionInput {
  startsAt: string;
  endsAt: string;
  title?: string;
  place?: string;
  required?: boolean;
  step?: PathwayStep | null;
}

export type UpdateSessionRequest = Partial<SessionInput>;

export interface Session {
  id: string;
  programmeId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  required: boolean;
  step: PathwayStep | null;
  cancelledAt: string | null;
}

export enum EnrolmentStatus {
  Invited = 'invited',
  Waiting = 'waiting',
  Enrolled = 'enrolled',
  Completed = 'completed',
  Withdrawn = 'withdrawn',
}

export enum Contribution {
  NotAsked = 'not_asked',
  Unpaid = 'unpaid',
  Paid = 'paid',
  Waived = 'waived',
}

export interface Enrolment {
  id: string;
  programmeId: string;
  participantId: string;
  displayName: string;
  preferredLanguage: Language;
  status: EnrolmentStatus;
  /** 1 for the next person to get a place; null when not waiting. */
  waitingPosition: number | null;
  contribution: Contribution;
  steps: StepRecord[];
  createdAt: string;
}

export interface StepRecord {
  step: PathwayStep;
  completedOn: string;
  note: string;
}

export interface EnrolRequest {
  participantId: string;
}

export interface UpdateEnrolmentRequest {
  status?: EnrolmentStatus.Enrolled | EnrolmentStatus.Completed | EnrolmentStatus.Withdrawn | EnrolmentStatus.Invited;
  contribution?: Contribution;
}

export interface RecordStepRequest {
  step: PathwayStep;
  /** YYYY-MM-DD */
  completedOn: string;
  note?: string;
}

export interface JoinProgrammeRequest {
  code: string;
}
