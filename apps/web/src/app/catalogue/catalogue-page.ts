import { ChangeDetectionStrategy, Component, computed, effect, inject, input, resource, signal } from '@angular/core';
import type { PublicDocumentary } from '@atelier/contracts';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { LanguageService } from '../core/language';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LanguageMenu } from '../shared/language-menu';
import { CatalogueApi, formatDuration, languageName } from './catalogue-api';

/** An organisation's public catalogue (no sign-in): its published public documentaries. */
@Component({
  selector: 'app-catalogue-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, LanguageMenu, MatButton, RouterLink, TranslocoDirective],
  templateUrl: './catalogue-page.html',
  styleUrl: './catalogue.scss',
})
export class CataloguePage {
  readonly slug = input.required<string>();
  private readonly api = inject(CatalogueApi);
  protected readonly language = inject(LanguageService);
  protected readonly catalogue = resource({
    params: () => this.slug(),
    loader: ({ params }) => this.api.catalogue(params),
  });
  /** The loaded value, or undefined while loading or after an error (reading `value()` then throws). */
  protected readonly loaded = computed(() => (this.catalogue.hasValue() ? this.catalogue.value() : undefined));
  protected readonly error = computed(() => (this.catalogue.error() ? toShownError(this.catalogue.error()) : null));
  protected readonly duration = formatDuration;

  constructor() {
    // An old address (the organisation changed its slug) was redirected by the API: show the current one.
    const router = inject(Router);
    effect(() => {
      const current = this.loaded()?.organisation.slug;
      if (current && current !== this.slug()) void router.navigate(['/catalogue', current], { replaceUrl: true });
    });
  }
  /** Older films loaded with "Show more", after the first page, and where the next page starts. */
  private readonly older = signal<{ slug: string; films: PublicDocumentary[]; next: string | null } | null>(null);
  protected readonly loadingMore = signal(false);
  protected readonly moreError = signal<ShownError | null>(null);
  protected readonly films = computed(() => {
    const first = this.loaded();
    if (!first) return [];
    const older = this.older();
    return older && older.slug === this.slug() ? [...first.documentaries, ...older.films] : first.documentaries;
  });
  protected readonly nextCursor = computed(() => {
    const older = this.older();
    return older && older.slug === this.slug() ? older.next : (this.loaded()?.nextCursor ?? null);
  });

  protected async showMore(): Promise<void> {
    const after = this.nextCursor();
    if (!after || this.loadingMore()) return;
    const slug = this.slug();
    this.loadingMore.set(true);
    this.moreError.set(null);
    try {
      const page = await this.api.catalogue(slug, after);
      const before = this.older();
      const films = before && before.slug === slug ? before.films : [];
      this.older.set({ slug, films: [...films, ...page.documentaries], next: page.nextCursor });
    } catch (e) {
      this.moreError.set(toShownError(e));
    } finally {
      this.loadingMore.set(false);
    }
  }

  protected languageOf(code: string): string {
    return languageName(code, this.language.language());
  }
}
