import type { Language } from '@atelier/contracts';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PdfRenderer, type CertificateData } from './pdf-renderer.js';
import { PRINT_TEXTS } from './texts.js';

/** The text pdfjs finds in the first page's text layer. */
async function textLayer(pdf: Buffer): Promise<{ text: string }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const page = await doc.getPage(1);
  const content = await page.getTextContent();
  const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
  await doc.destroy();
  return { text };
}

const certificate = (language: Language, participantName: string): CertificateData => ({
  language,
  organisationName: 'Atelier',
  participantName,
  programmeTitle: 'Parcours 2026',
  period: '1 – 30',
  hours: '12',
  attendedSessions: 5,
  heldSessions: 6,
  rate: '83 %',
  steps: [{ name: PRINT_TEXTS[language].stepNames.training_day, date: '12' }],
  issuedOn: '30',
});

/**
 * pdfkit's text layer maps each shaped Arabic-script glyph back to one letter, and Noto Sans Arabic
 * draws letters that differ only by their dots (س/ش, ی/ت/ن…) with one skeleton glyph plus dot marks,
 * so extraction returns the right skeleton with some dots moved. Compare skeletons (rasm), word by
 * word (a right-to-left line comes out with its words in visual order), ignoring spaces and marks.
 */
const SKELETON: Record<string, string> = Object.fromEntries(
  ['بتثپنیيئى', 'جحخچ', 'دذ', 'رزژ', 'سش', 'صض', 'طظ', 'عغ', 'فق', 'کكگ'].flatMap((group) =>
    [...group].map((c) => [c, group[0]!]),
  ),
);
const ignored = (c: string) => {
  const code = c.codePointAt(0)!;
  return /\s/.test(c) || code < 0x20 || code === 0x200c || (code >= 0x064b && code <= 0x065f) || code === 0x0670;
};
const rasm = (s: string) =>
  [...s]
    .filter((c) => !ignored(c))
    .map((c) => SKELETON[c] ?? c)
    .join('');
const words = (s: string) => s.split(/\s+/).filter(Boolean);

describe(PdfRenderer.name, () => {
  const sut = new PdfRenderer();

  it('writes a Dari certificate whose text layer holds its Persian words, not missing glyphs', async () => {
    const t = PRINT_TEXTS['fa-AF'];
    const { text } = await textLayer(await sut.certificate(certificate('fa-AF', 'مریم')));
    const found = rasm(text);
    for (const w of [...words(t.certificateTitle), ...words(t.certifies('مریم')), t.signature])
      expect(found).toContain(rasm(w));
    expect(text).not.toMatch(/[\uFFFD]/);
  });

  it('writes a Tigrinya certificate in Ethiopic letters from Noto Sans Ethiopic', async () => {
    const t = PRINT_TEXTS.ti;
    const { text } = await textLayer(await sut.certificate(certificate('ti', 'ሳባ')));
    for (const line of [t.certificateTitle, t.certifies('ሳባ'), t.stepNames.training_day]) expect(text).toContain(line);
    expect(text).not.toMatch(/[\uFFFD]/);
  });

  it('writes a Ukrainian sign-in sheet in Cyrillic', async () => {
    const t = PRINT_TEXTS.uk;
    const pdf = await sut.signInSheet({
      language: 'uk',
      organisationName: 'Atelier',
      programmeTitle: 'Курс',
      sessionTitle: 'Заняття 1',
      when: '8 грудня',
      place: 'Брюссель',
      names: ['Олена'],
    });
    const { text } = await textLayer(pdf);
    for (const w of [t.sheetTitle, t.name, t.arrival, t.sign, 'Олена']) expect(text).toContain(w);
  });
});
