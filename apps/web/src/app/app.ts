import { Dir } from '@angular/cdk/bidi';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterOutlet } from '@angular/router';
import { LanguageService } from './core/language';

/** The root: every page, laid out in the direction of the language being shown. */
@Component({
  selector: 'app-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterOutlet, Dir],
  template: `
    <div class="app" [dir]="language.direction()">
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
