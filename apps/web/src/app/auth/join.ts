import { ChangeDetectionStrategy, Component, inject, input, type OnInit } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { Router, RouterLink } from '@angular/router';
import { JOIN_CODE_LENGTH, Role, formatJoinCode, normaliseJoinCode } from '@atelier/contracts';
import { TranslocoDirective } from '@jsverse/transloco';

import { homeUrl, isSafeReturnUrl } from '../core/home-url';
import { Session } from '../core/session';
import { ErrorMessage } from '../shared/error-message';
import { Icon } from '../shared/icon';
import { ReadAloud } from '../shared/read-aloud';
import { AuthPage } from './auth-page';
import { joinCodeValidator } from './join-code-validator';
import { BusyIcon } from '../shared/busy-icon';
import { FormSubmit } from '../shared/form-submit';

/**
 * A participant signs this phone in with the short code from their trainer. Scanning the QR code
 * opens `/join?code=…`, which joins straight away.
 */
@Component({
  selector: 'app-join',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    BusyIcon,
    AuthPage,
    ErrorMessage,
    Icon,
    MatButton,
    MatError,
    MatFormField,
    MatHint,
    MatInput,
    ReactiveFormsModule,
    ReadAloud,
    RouterLink,
    TranslocoDirective,
  ],
  templateUrl: './join.html',
  styleUrls: ['./auth-form.scss', './join.scss'],
})
export class Join implements OnInit {
  /** The code from a scanned QR link (`?code=K7MQ4XTR`). */
  readonly code = input<string>();
  /** A participant page to open once joined (`?next=/check-in?…`), set by the participant guard. */
  readonly next = input<string>();

  private readonly session = inject(Session);
  private readonly router = inject(Router);

  protected readonly form = new FormGroup({
    code: new FormControl('', {
      nonNullable: true,
      validators: [Validators.required, joinCodeValidator],
    }),
  });
  /** What the speaker reads before sign-in: the page's own strings, by key (see ReadAloudService). */
  protected readonly screenKeys = ['join.title', 'join.lead'] as const;
  private readonly sending = new FormSubmit(this.session.takeEndedReason());
  protected readonly busy = this.sending.busy;
  protected readonly error = this.sending.error;
  /** Longest a formatted code can be: 8 characters and a dash, plus room for stray spaces. */
  protected readonly maxLength = JOIN_CODE_LENGTH + 4;

  ngOnInit(): void {
    const code = this.code();
    if (code) {
      this.form.setValue({ code: formatJoinCode(code) });
      void this.submit();
    }
  }

  /** Shows the code as XXXX-XXXX while it is typed at the end of the field. */
  protected reformat(event: Event): void {
    const field = event.target as HTMLInputElement;
    if (field.selectionStart !== field.value.length) return;
    const formatted = formatJoinCode(normaliseJoinCode(field.value).slice(0, JOIN_CODE_LENGTH));
    if (formatted !== field.value) {
      this.form.controls.code.setValue(formatted);
    }
  }

  protected async submit(): Promise<void> {
    await this.sending.run(async () => {
      const me = await this.session.join(normaliseJoinCode(this.form.controls.code.value));
      const next = this.next();
      const target = me.role === Role.Participant && isSafeReturnUrl(next) ? next : homeUrl(me);
      await this.router.navigateByUrl(target, { replaceUrl: true });
    }, this.form);
  }
}
