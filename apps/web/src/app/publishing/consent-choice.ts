import { CreditName, Visibility, type ConsentChoice } from '@atelier/contracts';
import type { IconName } from '../shared/icon-paths';

/** The answers the consent screens ask for, in order, one per screen. */
export type ConsentStep = 'screen' | 'voice' | 'name' | 'audience' | 'review';
export const CONSENT_STEPS: readonly ConsentStep[] = ['screen', 'voice', 'name', 'audience', 'review'];

export const NAME_OPTIONS: ReadonlyArray<{ value: CreditName; icon: IconName }> = [
  { value: CreditName.FullName, icon: 'person' },
  { value: CreditName.FirstName, icon: 'smile' },
  { value: CreditName.Pseudonym, icon: 'badge' },
  { value: CreditName.None, icon: 'visibilityOff' },
];

/** Who may watch, narrowest first; `none` withdraws consent to any showing. */
export const AUDIENCE_OPTIONS: ReadonlyArray<{ value: Visibility | 'none'; icon: IconName }> = [
  { value: Visibility.Organisation, icon: 'group' },
  { value: Visibility.Unlisted, icon: 'link' },
  { value: Visibility.Public, icon: 'public' },
  { value: 'none', icon: 'cancel' },
];

export interface ConsentDraft {
  appearOnScreen: boolean | null;
  voice: boolean | null;
  creditAs: CreditName | null;
  pseudonym: string;
  audience: Visibility | 'none' | null;
}

export function draftFrom(c: ConsentChoice | null): ConsentDraft {
  if (!c) return { appearOnScreen: null, voice: null, creditAs: null, pseudonym: '', audience: null };
  return {
    appearOnScreen: c.appearOnScreen,
    voice: c.voice,
    creditAs: c.creditAs,
    pseudonym: c.pseudonym ?? '',
    audience: c.maxVisibility ?? 'none',
  };
}

export function choiceFrom(d: ConsentDraft): ConsentChoice | null {
  if (d.appearOnScreen === null || d.voice === null || d.creditAs === null || d.audience === null) return null;
  if (d.creditAs === CreditName.Pseudonym && !d.pseudonym.trim()) return null;
  return {
    appearOnScreen: d.appearOnScreen,
    voice: d.voice,
    creditAs: d.creditAs,
    pseudonym: d.creditAs === CreditName.Pseudonym ? d.pseudonym.trim() : null,
    maxVisibility: d.audience === 'none' ? null : d.audience,
  };
}
