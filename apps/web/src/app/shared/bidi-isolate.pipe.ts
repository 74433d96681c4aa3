import { Pipe, type PipeTransform } from '@angular/core';

/**
 * Wraps text typed by people (names, e-mail addresses) in Unicode isolates before it is put into a
 * translated sentence, so "Amina" or "Maison des Langues" do not scramble an Arabic sentence.
 */
@Pipe({ name: 'bidiIsolate' })
export class BidiIsolatePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return bidiIsolate(value);
  }
}

/** First Strong Isolate … Pop Directional Isolate around `value`. */
export function bidiIsolate(value: string | null | undefined): string {
  return value ? `\u2068${value}\u2069` : '';
}
