import { Injectable, inject } from '@angular/core';
import type { Language } from '@atelier/contracts';
import { AuthApi } from './auth-api';
import { LanguageService } from './language';
import { Session } from './session';

/**
 * A person picking a language: shown at once and remembered on this device, and saved to the
 * signed-in person so it follows them to other devices.
 */
@Injectable({ providedIn: 'root' })
export class LanguageChoice {
  private readonly language = inject(LanguageService);
  private readonly session = inject(Session);
  private readonly api = inject(AuthApi);

  async choose(lang: Language): Promise<void> {
    await this.language.use(lang);
    const me = this.session.me();
    if (!me) this.language.pickBeforeSignIn(lang);
    if (me && me.user.preferredLanguage !== lang) {
      try {
        this.session.update(await this.api.updateMe({ preferredLanguage: lang }));
      } catch {
        // The device remembers the choice; the server copy can catch up next time.
      }
    }
  }
}
