/**
 * The one CSV cell writer for every export. A cell a spreadsheet could run as a formula gets a
 * leading apostrophe (OWASP "CSV injection"): one starting — after any spaces or control
 * characters — with = + - @, their fullwidth and small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫, folded by NFKC),
 * the minus sign −, or a tab, CR or LF. Cells with a quote, separator, line break or outer spaces
 * are quoted.
 */
export function csvCell(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(s.normalize('NFKC'))) s = `'${s}`;
  return /[",\r\n;]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

// eslint-disable-next-line no-control-regex -- control characters before a formula are exactly what this looks for
const FORMULA_START = /^[\t\r\n]|^[\s\u0000-\u001f]*[=+\-@\u2212]/u;
