import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, resource } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { RTL_LANGUAGES, type Language } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError } from '../../core/api-error';
import { ALL_LANGUAGES } from '../../core/language';
import { ProgrammesApi } from '../../core/programmes-api';
import { ErrorMessage } from '../../shared/error-message';
import { Icon } from '../../shared/icon';
import { qrDataUrl } from '../../shared/qr-code';

/** The link a programme's QR code opens: the participant's home, with the join form filled in. */
export function programmeJoinUrl(origin: string, code: string): string {
  return `${origin}/home?programme=${encodeURIComponent(code)}`;
}

/**
 * A programme's poster, to print or project: its title, the join code in big letters, a QR code
 * that opens the join form already filled in, and the address to type — how to join said in every
 * language, as on the room's check-in screen. The buttons do not print.
 */
@Component({
  selector: 'app-programme-poster',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorMessage, Icon, MatButton, RouterLink, TranslocoDirective],
  template: `
    <main class="poster" *transloco="let t">
      <nav class="actions no-print">
        <a matButton="text" [routerLink]="['/staff/programmes', id()]">
          <app-icon matButtonIcon name="arrowBack" />{{ t('programme.poster.back') }}
        </a>
        <button matButton="filled" type="button" class="print" (click)="print()">
          <app-icon matButtonIcon name="print" />{{ t('programme.poster.print') }}
        </button>
      </nav>
      @if (programme.error(); as e) {
        <app-error-message [error]="shownError(e)" />
      } @else if (programme.value(); as p) {
        <h1 dir="auto">{{ p.title }}</h1>
        <ul class="how">
          @for (lang of languages; track lang) {
            <li *transloco="let tl; lang: lang" [attr.lang]="lang" [attr.dir]="isRtl(lang) ? 'rtl' : 'ltr'">
              {{ tl('programme.poster.how') }}
            </li>
          }
        </ul>
        @if (qrCode.value(); as qr) {
          <img class="qr" [src]="qr" [alt]="t('programme.poster.qr')" width="280" height="280" />
        } @else {
          <div class="qr" aria-hidden="true"></div>
        }
        <p class="code" dir="ltr" translate="no" data-code>{{ p.joinCode }}</p>
        <p class="address" dir="ltr" translate="no" data-url>{{ joinUrl() }}</p>
      }
    </main>
  `,
  styles: `
    .poster {
      box-sizing: border-box;
      max-inline-size: 760px;
      margin-inline: auto;
      padding: 16px 20px 32px;
      display: flex;
      flex-direction: column;
      align-items: center;
      gap: 16px;
      text-align: center;
      background: #fff;
      color: #000;
    }
    .actions {
      align-self: stretch;
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      gap: 8px;
    }
    h1 {
      margin: 0;
      font-size: 2rem;
      overflow-wrap: anywhere;
    }
    .how {
      display: grid;
      gap: 4px;
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 1.15rem;
    }
    .qr {
      inline-size: min(280px, 70vw);
      block-size: auto;
      aspect-ratio: 1;
    }
    .code {
      margin: 0;
      font-family: ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace;
      font-size: clamp(2.2rem, 12vw, 4rem);
      font-weight: 700;
      letter-spacing: 0.12em;
    }
    .address {
      margin: 0;
      font-size: 1.1rem;
      overflow-wrap: anywhere;
    }
  `,
})
export class ProgrammePoster {
  /** From the address: `/staff/programmes/:id/poster`. */
  readonly id = input.required<string>();

  private readonly api = inject(ProgrammesApi);
  private readonly document = inject(DOCUMENT);
  protected readonly languages = ALL_LANGUAGES;
  protected readonly isRtl = (lang: Language): boolean => RTL_LANGUAGES.includes(lang);
  protected readonly shownError = toShownError;

  protected readonly programme = resource({ params: () => this.id(), loader: ({ params }) => this.api.get(params) });
  protected readonly joinUrl = computed(() => {
    const code = this.programme.value()?.joinCode;
    return code ? programmeJoinUrl(this.document.location.origin, code) : null;
  });
  protected readonly qrCode = resource({
    params: () => this.joinUrl() ?? undefined,
    loader: ({ params }) => qrDataUrl(params),
  });

  protected print(): void {
    this.document.defaultView?.print();
  }
}
