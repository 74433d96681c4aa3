/**
 * The espeak-ng voice for each UI language (`espeak-ng --voices` lists them). `null` says plainly
 * that espeak-ng has no voice for a language we show: Tigrinya (`ti`) has none — Amharic (`am`)
 * shares its script but is another language, and reading Tigrinya with it would be wrong. Dari
 * (`fa-AF`) uses espeak's Persian voice (`fa`): Dari and Iranian Persian are one written language and
 * understood by each other's speakers, though the accent is Iranian. A language missing here has no voice either.
 */
export const SPEECH_VOICES: Readonly<Record<string, string | null>> = {
  fr: 'fr-be',
  nl: 'nl',
  en: 'en-gb',
  ar: 'ar',
  fa: 'fa',
  'fa-AF': 'fa',
  uk: 'uk',
  ti: null,
};

export function voiceFor(language: string): string | null {
  return Object.hasOwn(SPEECH_VOICES, language) ? SPEECH_VOICES[language]! : null;
}
