import { ChangeDetectionStrategy, Component, computed, inject, input, resource } from '@angular/core';
import { TranslocoDirective } from '@jsverse/transloco';
import { LanguageService } from '../core/language';
import { CatalogueApi } from './catalogue-api';
import { VideoPlayer } from './video-player';

/** The embeddable player (/embed/:id, allowed in other sites' iframes): the video and its title only. */
@Component({
  selector: 'app-embed-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoDirective, VideoPlayer],
  template: `
    <div class="embed" *transloco="let t">
      @if (loaded(); as d) {
        <app-video-player class="embed-player" [documentary]="d" [showSubtitles]="d.language !== language.language()" />
        <a class="embed-title" [href]="d.watchUrl" target="_blank" rel="noopener" dir="auto"
          >{{ d.title }} · {{ d.organisation.name }}</a
        >
      } @else if (doc.error()) {
        <p class="embed-missing">{{ t('catalogue.notAvailable') }}</p>
      }
    </div>
  `,
  styles: `
    .embed {
      position: fixed;
      inset: 0;
      display: flex;
      flex-direction: column;
      background: #000;
      color: #fff;
    }
    .embed-player {
      flex: 1;
      min-block-size: 0;
      display: flex;
      flex-direction: column;
      justify-content: center;
    }
    .embed-title {
      padding: 6px 10px;
      color: #fff;
      font-size: 0.95rem;
      text-decoration: none;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .embed-missing {
      margin: auto;
      padding: 16px;
    }
  `,
})
export class EmbedPage {
  readonly id = input.required<string>();
  readonly k = input<string>();
  private readonly api = inject(CatalogueApi);
  protected readonly language = inject(LanguageService);
  protected readonly doc = resource({
    params: () => ({ id: this.id(), k: this.k() }),
    loader: ({ params }) => this.api.watch(params.id, params.k),
  });
  /** The loaded value, or undefined while loading or after an error (reading `value()` then throws). */
  protected readonly loaded = computed(() => (this.doc.hasValue() ? this.doc.value() : undefined));
  protected readonly failed = computed(() => !!this.doc.error());
}
