import { Pipe, type PipeTransform } from '@angular/core';

const MB = 1024 * 1024;

/**
 * A size as people read it ("2 GB", "350 MB", "12 KB"), with the page language's digits, isolated
 * left-to-right (U+2066…U+2069) so "4 MB" does not turn into "MB 4" inside an Arabic sentence.
 */
@Pipe({ name: 'fileSize' })
export class FileSizePipe implements PipeTransform {
  transform(bytes: number | null | undefined, lang = 'en'): string {
    if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '';
    const f = (n: number, digits: number): string =>
      new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(n);
    const text =
      bytes >= 1024 * MB
        ? `${f(bytes / (1024 * MB), 1)} GB`
        : bytes >= MB
          ? `${f(Math.ceil(bytes / MB), 0)} MB`
          : `${f(Math.max(1, Math.ceil(bytes / 1024)), 0)} KB`;
    return `\u2066${text}\u2069`;
  }
}
