import { Dir } from '@angular/cdk/bidi';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { LanguageService } from './core/language';
import { ConnectionBar } from './shared/connection-bar';

/** The root: every page, laid out in the direction of the language being shown, under the online/offline bar. */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ConnectionBar, RouterOutlet, Dir],
  template: `
    <div class="app" [dir]="language.direction()">
      <app-connection-bar />
      <router-outlet />
    </div>
  `,
  styles: `
    .app {
      min-block-size: 100dvh;
      display: flex;
      flex-direction: column;
    }
  `,
})
export class App {
  protected readonly language = inject(LanguageService);
}
