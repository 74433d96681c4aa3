import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  type ElementRef,
  computed,
  inject,
  input,
  output,
  resource,
  viewChild,
} from '@angular/core';
import { MatButton } from '@angular/material/button';
import { RTL_LANGUAGES, formatJoinCode, type JoinCode, type Language } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { Icon } from '../shared/icon';
import { LocalDatePipe } from '../shared/local-date.pipe';
import { qrDataUrl } from '../shared/qr-code';

/**
 * A participant's join card: the code in big letters, a QR code of the join link and how long it
 * works. The card's text is in the participant's own language; it prints on its own.
 */
@Component({
  selector: 'app-join-card',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [Icon, LocalDatePipe, MatButton, TranslocoDirective],
  templateUrl: './join-card.html',
  styleUrl: './join-card.scss',
})
export class JoinCard {
  readonly joinCode = input.required<JoinCode>();
  readonly participantName = input.required<string>();
  /** The participant's language: the card is written in it. */
  readonly language = input.required<Language>();
  readonly done = output<void>();

  private readonly card = viewChild.required<ElementRef<HTMLElement>>('card');
  private readonly document = inject(DOCUMENT);

  protected readonly code = computed(() => formatJoinCode(this.joinCode().code));
  protected readonly direction = computed(() => (RTL_LANGUAGES.includes(this.language()) ? 'rtl' : 'ltr'));
  /** The join page without the code, to type by hand: "atelier.example.org/join". */
  protected readonly joinAddress = computed(() => {
    const url = this.joinCode().joinUrl;
    try {
      const parsed = new URL(url, this.document.baseURI);
      return `${parsed.host}${parsed.pathname}`;
    } catch {
      return url;
    }
  });
  protected readonly qrCode = resource({
    params: () => this.joinCode().joinUrl,
    loader: ({ params }) => qrDataUrl(params),
  });

  /** Prints a copy of this card alone (see the print rules in styles.scss). */
  protected print(): void {
    const body = this.document.body;
    body.querySelectorAll(':scope > .print-sheet').forEach((old) => old.remove());
    const sheet = this.document.createElement('div');
    sheet.className = 'print-sheet';
    sheet.appendChild(this.card().nativeElement.cloneNode(true));
    body.appendChild(sheet);
    body.classList.add('printing-card');
    const cleanUp = () => {
      sheet.remove();
      body.classList.remove('printing-card');
    };
    const win = this.document.defaultView;
    if (!win) {
      cleanUp();
      return;
    }
    win.addEventListener('afterprint', cleanUp, { once: true });
    win.print();
  }
}
