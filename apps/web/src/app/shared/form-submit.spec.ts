import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, Validators } from '@angular/forms';
import { ErrorCode } from '@atelier/contracts';
import { describe, expect, it, jest } from '@jest/globals';
import { FormSubmit } from './form-submit';

describe(FormSubmit.name, () => {
  it('does not send an invalid form, and marks its fields touched so their errors show', async () => {
    const submit = new FormSubmit();
    const field = new FormControl('', { nonNullable: true, validators: [Validators.required] });
    const send = jest.fn(() => Promise.resolve());

    expect(await submit.run(send, field)).toBe(false);
    expect(send).not.toHaveBeenCalled();
    expect(field.touched).toBe(true);
    expect(submit.busy()).toBe(false);
  });

  it('is busy while sending, clears the last error, and is idle again after', async () => {
    const submit = new FormSubmit({ code: ErrorCode.Unauthenticated });
    let busyWhileSending: boolean | undefined;
    let errorWhileSending: unknown;

    const sent = await submit.run(() => {
      busyWhileSending = submit.busy();
      errorWhileSending = submit.error();
      return Promise.resolve();
    });

    expect(sent).toBe(true);
    expect(busyWhileSending).toBe(true);
    expect(errorWhileSending).toBeNull();
    expect(submit.busy()).toBe(false);
  });

  it('turns a failure into an error the page can translate', async () => {
    const submit = new FormSubmit();
    const failure = new HttpErrorResponse({ status: 409, error: { code: ErrorCode.Conflict, message: 'Taken.' } });

    // HttpClient rejects with the response itself, which is not an Error.
    const send = jest.fn<() => Promise<void>>().mockRejectedValue(failure);

    expect(await submit.run(send)).toBe(false);
    expect(submit.error()).toEqual({ code: ErrorCode.Conflict, details: undefined });
    expect(submit.busy()).toBe(false);
  });
});
