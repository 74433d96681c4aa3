import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { TranslocoDirective } from '@jsverse/transloco';
import { LANGUAGE_NAMES, LanguageService } from '../core/language';
import { Session } from '../core/session';
import { SignOut } from '../core/sign-out';
import { BidiIsolatePipe } from '../shared/bidi-isolate.pipe';
import { Icon } from '../shared/icon';
import { LanguageTiles } from '../shared/language-tiles';
import { TopBar } from '../shared/top-bar';

/**
 * A participant's home screen: a greeting, changing language and signing out of a shared phone.
 * Nothing else yet: their trainer's sessions will appear here.
 */
@Component({
  selector: 'app-participant-home',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BidiIsolatePipe, Icon, LanguageTiles, MatButton, TopBar, TranslocoDirective],
  templateUrl: './participant-home.html',
  styleUrl: './participant-home.scss',
})
export class ParticipantHome {
  protected readonly session = inject(Session);
  protected readonly language = inject(LanguageService);
  private readonly signOutFlow = inject(SignOut);
  protected readonly names = LANGUAGE_NAMES;
  protected readonly choosingLanguage = signal(false);
  protected readonly signingOut = signal(false);

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    try {
      await this.signOutFlow.run();
    } finally {
      this.signingOut.set(false);
    }
  }
}
