import { ChangeDetectionStrategy, Component, computed, inject, input, resource } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { LanguageService } from '../core/language';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LanguageMenu } from '../shared/language-menu';
import { CatalogueApi, formatDuration, languageName } from './catalogue-api';

/** An organisation's public catalogue (no sign-in): its published public documentaries. */
@Component({
  selector: 'app-catalogue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, LanguageMenu, RouterLink, TranslocoDirective],
  templateUrl: './catalogue-page.html',
  styleUrl: './catalogue.scss',
})
export class CataloguePage {
  readonly slug = input.required<string>();
  private readonly api = inject(CatalogueApi);
  protected readonly language = inject(LanguageService);
  protected readonly catalogue = resource({ params: () => this.slug(), loader: ({ params }) => this.api.catalogue(params) });
  /** The loaded value, or undefined while loading or after an error (reading `value()` then throws). */
  protected readonly loaded = computed(() => (this.catalogue.hasValue() ? this.catalogue.value() : undefined));
  protected readonly error = computed(() => (this.catalogue.error() ? toShownError(this.catalogue.error()) : null));
  protected readonly duration = formatDuration;

  protected languageOf(code: string): string {
    return languageName(code, this.language.language());
  }
}
