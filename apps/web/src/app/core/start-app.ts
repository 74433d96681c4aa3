import { inject } from '@angular/core';
import { LanguageService } from './language';
import { Session } from './session';

/**
 * Runs before the first screen: finds out who is signed in and loads the language to show,
 * so nobody sees untranslated keys or a flash of the wrong page.
 */
export async function startApp(): Promise<void> {
  const session = inject(Session);
  const language = inject(LanguageService);
  const [me] = await Promise.all([session.restore(), language.use(language.deviceLanguage()).catch(() => undefined)]);
  if (me && me.user.preferredLanguage !== language.language()) {
    await language.use(me.user.preferredLanguage).catch(() => undefined);
  }
}
