import { ChangeDetectionStrategy, Component, computed, inject, input, resource, signal } from '@angular/core';
import { Location } from '@angular/common';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../core/api-error';
import { LanguageService } from '../core/language';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { LanguageMenu } from '../shared/language-menu';
import { CatalogueApi, formatDuration, languageName } from './catalogue-api';
import { VideoPlayer } from './video-player';

/** The watch page of one documentary (public, secret link, or members only): player, details, credits, sharing. */
@Component({
  selector: 'app-watch-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, LanguageMenu, MatButton, RouterLink, TranslocoDirective, VideoPlayer],
  templateUrl: './watch-page.html',
  styleUrl: './catalogue.scss',
})
export class WatchPage {
  readonly id = input.required<string>();
  /** The secret of an unlisted link. */
  readonly k = input<string>();
  private readonly api = inject(CatalogueApi);
  private readonly location = inject(Location);
  protected readonly language = inject(LanguageService);
  protected readonly doc = resource({
    params: () => ({ id: this.id(), k: this.k() }),
    loader: ({ params }) => this.api.watch(params.id, params.k),
  });
  /** The loaded value, or undefined while loading or after an error (reading `value()` then throws). */
  protected readonly loaded = computed(() => (this.doc.hasValue() ? this.doc.value() : undefined));
  protected readonly error = computed(() => (this.doc.error() ? toShownError(this.doc.error()) : null));
  protected readonly copied = signal(false);
  protected readonly duration = formatDuration;
  /** Subtitles on when the film is not in the language the viewer reads. */
  protected readonly subtitlesOn = computed(() => this.loaded()?.language !== this.language.language());

  protected languageOf(code: string): string {
    return languageName(code, this.language.language());
  }

  /** Back where the person came from (the consent screen, the documentary's page). */
  protected back(): void {
    this.location.back();
  }

  protected async copyLink(url: string): Promise<void> {
    await navigator.clipboard?.writeText(new URL(url, location.origin).toString()).catch(() => undefined);
    this.copied.set(true);
  }
}
