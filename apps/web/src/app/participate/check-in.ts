import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  inject,
  input,
  signal,
  viewChild,
  type OnInit,
} from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import type { CheckInResult } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';
import { toShownError, type ShownError } from '../core/api-error';
import { ActionQueue } from '../core/action-queue';
import { BrusselsTimePipe } from '../shared/brussels-time.pipe';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { ReadAloud } from '../shared/read-aloud';
import { TopBar } from '../shared/top-bar';
import { codeDigits, completeCode, shownCode } from './check-in-code';
import { BusyIcon } from '../shared/busy-icon';

/**
 * A participant checks in with the code on the room's screen. Scanning the screen's QR code opens
 * `/check-in?s=<session>&c=<code>`, which checks in straight away. With no network the code is
 * kept in the phone's queue with the time it was typed; the server judges it at that time.
 */
@Component({
  selector: 'app-check-in',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    BrusselsTimePipe,
    ErrorMessage,
    Icon,
    MatButton,
    ReactiveFormsModule,
    ReadAloud,
    RouterLink,
    TopBar,
    TranslocoDirective,
  ],
  templateUrl: './check-in.html',
  styleUrl: './check-in.scss',
})
export class CheckIn implements OnInit {
  /** From the QR code: the session … */
  readonly s = input<string>();
  /** … and its code at the time of scanning. */
  readonly c = input<string>();

  private readonly queue = inject(ActionQueue);
  private readonly router = inject(Router);
  private readonly field = viewChild<ElementRef<HTMLInputElement>>('field');
  private sessionId: string | undefined;

  protected readonly form = new FormGroup({ code: new FormControl('', { nonNullable: true }) });
  private readonly code = this.form.controls.code;
  protected readonly busy = signal(false);
  protected readonly error = signal<ShownError | null>(null);
  protected readonly badFormat = signal(false);
  protected readonly result = signal<CheckInResult | null>(null);
  /** Typed with no network: kept on the phone with the time it was typed, sent when the network is back. */
  protected readonly queuedAt = signal<string | null>(null);

  ngOnInit(): void {
    const code = this.c();
    if (code) {
      this.sessionId = this.s();
      this.code.setValue(codeDigits(code));
      // The address had the code in it: clear it so a reload does not send an old code again.
      void this.router.navigate([], { queryParams: {}, replaceUrl: true });
      void this.submit();
    }
  }

  /** Keeps only digits, with a space in the middle for reading ("123 456"). */
  protected reformat(): void {
    const shown = shownCode(this.code.value);
    if (shown !== this.code.value) this.code.setValue(shown);
    this.badFormat.set(false);
  }

  protected async submit(): Promise<void> {
    const digits = completeCode(this.code.value);
    if (!digits) {
      this.badFormat.set(true);
      this.field()?.nativeElement.focus();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.badFormat.set(false);
    try {
      const typedAt = Date.now();
      const sent = await this.queue.send<CheckInResult>({
        kind: 'checkIn',
        method: 'POST',
        url: '/api/me/check-in',
        body: { code: digits, ...(this.sessionId ? { sessionId: this.sessionId } : {}) },
        doneAt: typedAt,
        label: shownCode(digits),
      });
      if (sent.queued) this.queuedAt.set(new Date(typedAt).toISOString());
      else this.result.set(sent.value);
    } catch (error) {
      this.error.set(toShownError(error));
      // A typed code is for whichever session it belongs to, not the scanned one.
      this.sessionId = undefined;
      // The code stays (wrong, one digit may be all to fix),
      // selected so that typing a new one replaces it.
      setTimeout(() => this.field()?.nativeElement.select());
    } finally {
      this.busy.set(false);
    }
  }
}
