import { LANGUAGE_INFO, type Language } from '@atelier/contracts';
import { Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { PRINT_TEXTS } from './texts.js';

const require = createRequire(import.meta.url);
/** Fonts shipped in npm packages, so printing needs nothing installed on the machine. */
const FONTS = {
  latin: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  latinBold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
  arabic: require.resolve('@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf'),
  arabicBold: require.resolve('@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf'),
  ethiopic: require.resolve('@expo-google-fonts/noto-sans-ethiopic/400Regular/NotoSansEthiopic_400Regular.ttf'),
  ethiopicBold: require.resolve('@expo-google-fonts/noto-sans-ethiopic/700Bold/NotoSansEthiopic_700Bold.ttf'),
};

/** Arabic script (Arabic and Dari): shaped by fontkit, laid out right-to-left below. */
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/;
/** Ethiopic script (Tigrinya): no shaping, but no Noto Sans / Arabic glyphs either. */
const ETHIOPIC = /[\u1200-\u139F\u2D80-\u2DDF\uAB00-\uAB2F]/;

/**
 * pdfkit lays out a right-to-left line word by word and loses some spaces: where Arabic meets a
 * Latin word, a number or punctuation ("بأن Amal" came out as "Amalبأن"), and before the last word
 * ("شهادة مشاركة" as one word). A second space at script boundaries and a no-break space at the end
 * survive; the visual order of the words is already right. (Checked by eye on rendered PDFs.)
 */
export function spaceRtlBoundaries(text: string): string {
  return `${text.replace(/ (?=[^\u0600-\u06FF ])|(?<=[^\u0600-\u06FF ]) /g, '  ')}\u00A0`;
}

export interface CertificateData {
  language: Language;
  organisationName: string;
  participantName: string;
  programmeTitle: string;
  period: string;
  hours: string;
  attendedSessions: number;
  heldSessions: number;
  rate: string;
  steps: Array<{ name: string; date: string }>;
  issuedOn: string;
}

export interface SignInSheetData {
  language: Language;
  organisationName: string;
  programmeTitle: string;
  sessionTitle: string;
  when: string;
  place: string;
  names: string[];
}

/** Writes the printed documents (attendance certificate, sign-in sheet) with pdfkit. */
@Injectable()
export class PdfRenderer {
  certificate(d: CertificateData): Promise<Buffer> {
    const t = PRINT_TEXTS[d.language];
    const rtl = LANGUAGE_INFO[d.language].dir === 'rtl';
    return this.render({ size: 'A4', layout: 'landscape', margin: 50 }, (doc, line) => {
      doc
        .rect(30, 30, doc.page.width - 60, doc.page.height - 60)
        .lineWidth(3)
        .strokeColor('#8f4c00')
        .stroke();
      line(d.organisationName, { size: 13, color: '#8f4c00', align: 'center' });
      doc.moveDown(0.6);
      line(t.certificateTitle, { size: 28, bold: true, align: 'center' });
      doc.moveDown(0.6);
      line(t.certifies(d.participantName), { size: 15, align: 'center' });
      line(d.programmeTitle, { size: 20, bold: true, align: 'center' });
      doc.moveDown(0.5);
      line(`${t.period}: ${d.period}`, { size: 12, align: 'center' });
      line(t.attended(d.hours, d.attendedSessions, d.heldSessions), { size: 12, align: 'center' });
      line(`${t.rate}: ${d.rate}`, { size: 12, align: 'center' });
      if (d.steps.length > 0) {
        doc.moveDown(0.4);
        line(t.steps, { size: 12, bold: true, align: 'center' });
        for (const s of d.steps.slice(0, 5)) line(`${s.name} — ${s.date}`, { size: 11, align: 'center' });
      }
      // Date and signature at the foot of the one page, on one line.
      const footer = `${t.issued} ${d.issuedOn}     ${t.signature}: ____________________`;
      line(footer, { size: 11, align: rtl ? 'right' : 'left', y: doc.page.height - 95 });
    });
  }

  signInSheet(d: SignInSheetData): Promise<Buffer> {
    const t = PRINT_TEXTS[d.language];
    const rtl = LANGUAGE_INFO[d.language].dir === 'rtl';
    return this.render({ size: 'A4', margin: 40 }, (doc, line) => {
      line(d.organisationName, { size: 11, color: '#8f4c00', align: rtl ? 'right' : 'left' });
      line(`${t.sheetTitle} — ${d.programmeTitle}`, { size: 18, bold: true, align: rtl ? 'right' : 'left' });
      line([d.sessionTitle, d.when, d.place].filter(Boolean).join(' · '), { size: 11, align: rtl ? 'right' : 'left' });
      doc.moveDown(1);
      const left = doc.page.margins.left;
      const width = doc.page.width - left - doc.page.margins.right;
      const columns = rtl ? [t.sign, t.arrival, t.name] : [t.name, t.arrival, t.sign];
      const widths = rtl ? [0.45, 0.15, 0.4] : [0.4, 0.15, 0.45];
      const row = (cells: string[], bold: boolean) => {
        const y = doc.y;
        let x = left;
        cells.forEach((c, i) => {
          const w = widths[i]! * width;
          doc.rect(x, y, w, 28).lineWidth(0.6).strokeColor('#999999').stroke();
          line(c, { size: 11, bold, x: x + 6, y: y + 8, width: w - 12, align: rtl ? 'right' : 'left' });
          x += w;
        });
        doc.y = y + 28;
        if (doc.y > doc.page.height - 80) doc.addPage();
      };
      row(columns, true);
      for (const name of [...d.names, '', '', '']) row(rtl ? ['', '', name] : [name, '', ''], false);
    });
  }

  private render(
    options: PDFKit.PDFDocumentOptions,
    draw: (
      doc: PDFKit.PDFDocument,
      line: (
        text: string,
        o: {
          size: number;
          bold?: boolean;
          color?: string;
          align: 'left' | 'center' | 'right';
          x?: number;
          y?: number;
          width?: number;
        },
      ) => void,
    ) => void,
  ): Promise<Buffer> {
    const doc = new PDFDocument({ ...options, info: { Title: 'Atelier', Producer: 'Atelier' } });
    doc.registerFont('latin', FONTS.latin);
    doc.registerFont('latin-bold', FONTS.latinBold);
    doc.registerFont('arabic', FONTS.arabic);
    doc.registerFont('arabic-bold', FONTS.arabicBold);
    doc.registerFont('ethiopic', FONTS.ethiopic);
    doc.registerFont('ethiopic-bold', FONTS.ethiopicBold);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    // One paragraph of text, in the font its script needs (Noto Sans Arabic and Ethiopic also have Latin letters).
    const line = (
      text: string,
      o: {
        size: number;
        bold?: boolean;
        color?: string;
        align: 'left' | 'center' | 'right';
        x?: number;
        y?: number;
        width?: number;
      },
    ): void => {
      const arabic = ARABIC.test(text);
      const script = arabic ? 'arabic' : ETHIOPIC.test(text) ? 'ethiopic' : 'latin';
      doc
        .font(`${script}${o.bold ? '-bold' : ''}`)
        .fontSize(o.size)
        .fillColor(o.color ?? '#201a17');
      const x = o.x ?? doc.page.margins.left;
      const width = o.width ?? doc.page.width - doc.page.margins.left - doc.page.margins.right;
      if (o.y !== undefined) doc.y = o.y;
      if (!arabic) {
        doc.text(text, x, doc.y, { width, align: o.align });
        return;
      }
      // Centred right-to-left text also loses spaces in pdfkit: centre it ourselves, right-aligned
      // in a box as wide as the text.
      const shaped = spaceRtlBoundaries(text);
      const own = doc.widthOfString(shaped);
      // A box with room to spare (a tight one loses the last space too), its right edge where the centred text ends.
      if (o.align === 'center' && own < width - 80)
        doc.text(shaped, x + (width + own) / 2 - (own + 80), doc.y, { width: own + 80, align: 'right' });
      else doc.text(shaped, x, doc.y, { width, align: o.align === 'left' ? 'left' : 'right' });
    };
    draw(doc, line);
    doc.end();
    return done;
  }
}
