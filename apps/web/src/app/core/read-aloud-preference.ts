import { DOCUMENT, Injectable, inject, signal } from '@angular/core';

const STORAGE_KEY = 'atelier.readAloud.phoneVoice';

/**
 * Whether this participant prefers the phone's own voice to the server's. Off by default: cheap
 * phones often have no Arabic, Persian or Tigrinya voice, and the server's voice is the same on every
 * phone. Kept on this device only, like the language choice before sign-in.
 */
@Injectable({ providedIn: 'root' })
export class ReadAloudPreference {
  private readonly storage = inject(DOCUMENT).defaultView?.localStorage;
  private readonly preferred = signal(this.storage?.getItem(STORAGE_KEY) === '1');

  readonly phoneVoice = this.preferred.asReadonly();

  setPhoneVoice(on: boolean): void {
    this.preferred.set(on);
    if (on) this.storage?.setItem(STORAGE_KEY, '1');
    else this.storage?.removeItem(STORAGE_KEY);
  }

  /** The phone's voice for `language`, if it has one (`fa-AF` matches a `fa-AF` or `fa` voice). */
  phoneVoiceFor(language: string): SpeechSynthesisVoice | null {
    const synth = globalThis.speechSynthesis;
    if (!synth) return null;
    const primary = language.split('-')[0]!.toLowerCase();
    const voices = synth.getVoices();
    return (
      voices.find((v) => v.lang.toLowerCase() === language.toLowerCase()) ??
      voices.find((v) => v.lang.toLowerCase().split(/[-_]/)[0] === primary) ??
      null
    );
  }
}
