import type { Response } from 'express';

export const SESSION_COOKIE = 'atelier_session';
/** Angular's HttpClient reads this cookie and echoes it in the X-XSRF-TOKEN header. */
export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

export function setSessionCookies(res: Response, token: string, csrf: string, expiresAt: Date, secure: boolean): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
  res.cookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'strict', secure, path: '/', expires: expiresAt });
}

/** Only the CSRF cookie, for as long as the browser runs (the next request sets it again if needed). */
export function setCsrfCookie(res: Response, csrf: string, secure: boolean): void {
  res.cookie(CSRF_COOKIE, csrf, { httpOnly: false, sameSite: 'strict', secure, path: '/' });
}

export function clearSessionCookies(res: Response, secure: boolean): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
  res.clearCookie(CSRF_COOKIE, { httpOnly: false, sameSite: 'strict', secure, path: '/' });
}
