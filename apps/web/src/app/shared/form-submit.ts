import { signal } from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import { toShownError, type ShownError } from '../core/api-error';

/**
 * The busy flag and the shown error of one form, and the one way to send it: an invalid form is
 * marked touched instead of sent; while sending, the button is busy; a failure becomes an error the
 * page translates.
 */
export class FormSubmit {
  readonly busy = signal(false);
  readonly error = signal<ShownError | null>(null);

  /** `shown`: an error to show before anything is sent (why the last session ended). */
  constructor(shown: ShownError | null = null) {
    this.error.set(shown);
  }

  /** Sends with `send` unless `form` is invalid; true when `send` finished without throwing. */
  async run(send: () => Promise<unknown>, form?: AbstractControl): Promise<boolean> {
    if (form?.invalid) {
      form.markAllAsTouched();
      return false;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      await send();
      return true;
    } catch (error) {
      this.error.set(toShownError(error));
      return false;
    } finally {
      this.busy.set(false);
    }
  }
}
