import {
  ConsentGap,
  CreditName,
  Visibility,
  VISIBILITY_ORDER,
  type ConsentChoice,
  type MissingConsent,
} from '@atelier/contracts';

/**
 * The consent rules, pure: which credited person blocks which visibility, what a documentary may
 * still be after someone lowers or withdraws their consent, and how a person is named publicly.
 */

export interface CreditFacts {
  personId: string;
  displayName: string;
  credited: boolean;
  appearing: boolean;
  consent: ConsentChoice | null;
}

const rank = (v: Visibility): number => VISIBILITY_ORDER.indexOf(v);

export function narrower(a: Visibility | null, b: Visibility | null): Visibility | null {
  if (a === null || b === null) return null;
  return rank(a) <= rank(b) ? a : b;
}

/** The widest visibility this person's consent allows for this credit (null: none at all). */
export function acceptedBy(credit: CreditFacts): Visibility | null {
  const c = credit.consent;
  if (!c) return null;
  if (credit.appearing && (!c.appearOnScreen || !c.voice)) return null;
  return c.maxVisibility;
}

/** Why this person keeps the documentary from `visibility` (empty: they do not). */
export function gapsFor(credit: CreditFacts, visibility: Visibility): ConsentGap[] {
  const c = credit.consent;
  if (!c) return [ConsentGap.NoConsent];
  const gaps: ConsentGap[] = [];
  if (credit.appearing && !c.appearOnScreen) gaps.push(ConsentGap.Screen);
  if (credit.appearing && !c.voice) gaps.push(ConsentGap.Voice);
  if (c.maxVisibility === null || rank(c.maxVisibility) < rank(visibility)) gaps.push(ConsentGap.Visibility);
  return gaps;
}

/** Everyone missing consent for `visibility`, with why. */
export function missingFor(credits: CreditFacts[], visibility: Visibility): MissingConsent[] {
  return credits
    .map((c) => ({
      personId: c.personId,
      displayName: c.displayName,
      reasons: gapsFor(c, visibility),
      accepts: acceptedBy(c),
    }))
    .filter((m) => m.reasons.length > 0);
}

/** The widest visibility everyone accepts (a film nobody is credited in may be public). */
export function widestAllowed(credits: CreditFacts[]): Visibility | null {
  return credits.reduce<Visibility | null>((v, c) => narrower(v, acceptedBy(c)), Visibility.Public);
}

export type Enforcement =
  | { action: 'keep' }
  | { action: 'unpublish'; from: Visibility }
  | { action: 'lower'; from: Visibility; to: Visibility };

/**
 * What a published documentary becomes after consent or credits changed: kept, lowered to what
 * everyone still accepts, or unpublished when someone accepts no showing at all.
 */
export function enforce(
  documentary: { published: boolean; visibility: Visibility },
  credits: CreditFacts[],
): Enforcement {
  if (!documentary.published) return { action: 'keep' };
  const allowed = widestAllowed(credits);
  if (allowed === null) return { action: 'unpublish', from: documentary.visibility };
  if (rank(allowed) < rank(documentary.visibility))
    return { action: 'lower', from: documentary.visibility, to: allowed };
  return { action: 'keep' };
}

/** The first word of a display name (what "first name" shows). */
export function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? '';
}

/** How the public credits show a person: only as they chose, never a name they did not allow. */
export function publicName(credit: CreditFacts): string | null {
  const c = credit.consent;
  if (!credit.credited || !c) return null;
  switch (c.creditAs) {
    case CreditName.FullName:
      return credit.displayName.trim();
    case CreditName.FirstName:
      return firstName(credit.displayName);
    case CreditName.Pseudonym:
      return c.pseudonym?.trim() || null;
    case CreditName.None:
      return null;
  }
}
