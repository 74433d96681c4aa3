import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import {
  normaliseSpokenText,
  readAloudUrl,
  type ReadAloudAudio,
  type ReadAloudFormat,
  type ReadAloudRequest,
  type ReadAloudScreenRequest,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** The server's read-aloud (`/api/read-aloud`): espeak-ng speech, stored by language and text hash. */
@Injectable({ providedIn: 'root' })
export class ReadAloudApi {
  private readonly http = inject(HttpClient);

  speak(request: ReadAloudRequest): Promise<ReadAloudAudio> {
    return firstValueFrom(this.http.post<ReadAloudAudio>('/api/read-aloud', request));
  }

  /** A signed-out screen's own UI strings, by translation key. */
  speakScreen(request: ReadAloudScreenRequest): Promise<ReadAloudAudio> {
    return firstValueFrom(this.http.post<ReadAloudAudio>('/api/read-aloud/screen', request));
  }

  /**
   * The audio itself, fetched whole (a plain 200, not the media element's range requests) so the
   * browser's HTTP cache and the service worker's data group keep it under its immutable URL.
   */
  audio(url: string): Promise<Blob> {
    return firstValueFrom(this.http.get(url, { responseType: 'blob' }));
  }

  /**
   * The stable URL of a text's audio, computed here (same normalisation and SHA-256 as the server),
   * for a phone that is offline: the browser or service worker cache has it if it was heard before.
   * Null where the page cannot hash (plain-http LAN addresses have no `crypto.subtle`).
   */
  async cachedUrl(language: string, text: string, format: ReadAloudFormat): Promise<string | null> {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) return null;
    const digest = await subtle.digest('SHA-256', new TextEncoder().encode(normaliseSpokenText(text)));
    const hash = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    return readAloudUrl(language, hash, format);
  }
}
