import { ConsentGap, CreditName, Visibility, type ConsentChoice } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import { enforce, missingFor, publicName, widestAllowed, type CreditFacts } from './consent-rules.js';

const yes: ConsentChoice = {
  appearOnScreen: true,
  voice: true,
  creditAs: CreditName.FullName,
  pseudonym: null,
  maxVisibility: Visibility.Public,
};

function person(name: string, consent: Partial<ConsentChoice> | null, credit: Partial<CreditFacts> = {}): CreditFacts {
  return {
    personId: `p-${name}`,
    displayName: name,
    credited: true,
    appearing: true,
    consent: consent ? { ...yes, ...consent } : null,
    ...credit,
  };
}

describe('consent rules', () => {
  describe('what blocks which visibility', () => {
    it('blocks every visibility for someone who has not answered yet', () => {
      const credits = [person('Amina Haddad', null)];
      for (const v of [Visibility.Organisation, Visibility.Unlisted, Visibility.Public]) {
        expect(missingFor(credits, v)).toEqual([
          { personId: 'p-Amina Haddad', displayName: 'Amina Haddad', reasons: [ConsentGap.NoConsent], accepts: null },
        ]);
      }
    });

    it('lets an organisation-only consent publish inside the organisation but not as a link or in public', () => {
      const credits = [person('Dawit', { maxVisibility: Visibility.Organisation }), person('Lina', {})];
      expect(missingFor(credits, Visibility.Organisation)).toEqual([]);
      expect(missingFor(credits, Visibility.Unlisted)).toEqual([
        {
          personId: 'p-Dawit',
          displayName: 'Dawit',
          reasons: [ConsentGap.Visibility],
          accepts: Visibility.Organisation,
        },
      ]);
      expect(missingFor(credits, Visibility.Public).map((m) => m.displayName)).toEqual(['Dawit']);
    });

    it('blocks someone marked appearing who refuses the screen or their voice, at any visibility, naming each refusal', () => {
      const credits = [
        person('Sara', { appearOnScreen: false }),
        person('Yonas', { voice: false }),
        person('Marie', { appearOnScreen: false, voice: false }, { appearing: false }),
      ];
      const missing = missingFor(credits, Visibility.Organisation);
      expect(missing.map((m) => [m.displayName, m.reasons])).toEqual([
        ['Sara', [ConsentGap.Screen]],
        ['Yonas', [ConsentGap.Voice]],
      ]);
      expect(missing.every((m) => m.accepts === null)).toBe(true);
    });

    it('treats a withdrawal (no visibility at all) as blocking even the organisation', () => {
      expect(missingFor([person('Ali', { maxVisibility: null })], Visibility.Organisation)[0]!.reasons).toEqual([
        ConsentGap.Visibility,
      ]);
    });

    it('allows a film that credits nobody at any visibility', () => {
      expect(widestAllowed([])).toBe(Visibility.Public);
      expect(missingFor([], Visibility.Public)).toEqual([]);
    });
  });

  describe('withdrawal outcomes', () => {
    const published = { published: true, visibility: Visibility.Public };

    it('keeps a public film public while everyone still accepts public', () => {
      expect(enforce(published, [person('A', {}), person('B', {})])).toEqual({ action: 'keep' });
    });

    it('lowers a public film to what everyone still accepts when one person narrows their consent', () => {
      expect(enforce(published, [person('A', {}), person('B', { maxVisibility: Visibility.Unlisted })])).toEqual({
        action: 'lower',
        from: Visibility.Public,
        to: Visibility.Unlisted,
      });
      expect(
        enforce(published, [
          person('A', { maxVisibility: Visibility.Unlisted }),
          person('B', { maxVisibility: Visibility.Organisation }),
        ]),
      ).toEqual({
        action: 'lower',
        from: Visibility.Public,
        to: Visibility.Organisation,
      });
    });

    it('unpublishes when someone withdraws entirely or refuses to appear while appearing', () => {
      expect(enforce(published, [person('A', {}), person('B', { maxVisibility: null })])).toEqual({
        action: 'unpublish',
        from: Visibility.Public,
      });
      expect(
        enforce({ published: true, visibility: Visibility.Organisation }, [person('A', { appearOnScreen: false })]),
      ).toEqual({ action: 'unpublish', from: Visibility.Organisation });
    });

    it('never widens: a film shown to the organisation stays there when consents allow more', () => {
      expect(enforce({ published: true, visibility: Visibility.Organisation }, [person('A', {})])).toEqual({
        action: 'keep',
      });
    });

    it('changes nothing on an unpublished film', () => {
      expect(
        enforce({ published: false, visibility: Visibility.Public }, [person('A', { maxVisibility: null })]),
      ).toEqual({ action: 'keep' });
    });
  });

  describe('credits as consented', () => {
    it('shows each person only as they chose', () => {
      expect(publicName(person('Amina Haddad', { creditAs: CreditName.FullName }))).toBe('Amina Haddad');
      expect(publicName(person('Amina Haddad', { creditAs: CreditName.FirstName }))).toBe('Amina');
      expect(publicName(person('Amina Haddad', { creditAs: CreditName.Pseudonym, pseudonym: ' Zahra ' }))).toBe(
        'Zahra',
      );
      expect(publicName(person('Amina Haddad', { creditAs: CreditName.None }))).toBeNull();
    });

    it('never names someone without consent, or someone only appearing (not credited)', () => {
      expect(publicName(person('Amina Haddad', null))).toBeNull();
      expect(publicName(person('Amina Haddad', {}, { credited: false }))).toBeNull();
    });
  });
});
