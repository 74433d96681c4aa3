import { randomBytes } from 'node:crypto';
import type { Me } from '@atelier/contracts';

export interface DemoSeed {
  password: string;
  staff: Array<{ email: string; role: string }>;
  participants: Array<{ displayName: string; code: string; joinUrl: string }>;
}

export const baseUrl = (): string => process.env.ATELIER_E2E_URL!;
export const seed = (): DemoSeed => JSON.parse(process.env.ATELIER_E2E_SEED!) as DemoSeed;
export const artifacts = (): string => process.env.ATELIER_E2E_ARTIFACTS!;

/**
 * A tiny cookie-keeping HTTP client, as a browser would be: it stores Set-Cookie, sends cookies
 * back, and echoes the XSRF-TOKEN cookie in the X-XSRF-TOKEN header like Angular's HttpClient.
 * `forwardedFor` makes it look like a different client address (the API trusts loopback proxies).
 */
export class Browserish {
  readonly cookies = new Map<string, string>();

  constructor(private readonly forwardedFor?: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size > 0) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const xsrf = this.cookies.get('XSRF-TOKEN');
    if (xsrf && method !== 'GET' && !('x-xsrf-token' in h)) h['x-xsrf-token'] = xsrf;
    if (this.forwardedFor) h['x-forwarded-for'] = this.forwardedFor;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl()}${path}`, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request('POST', path, body ?? {}, headers);
  patch = (path: string, body: unknown) => this.request('PATCH', path, body);
  put = (path: string, body: unknown) => this.request('PUT', path, body);
  delete = (path: string) => this.request('DELETE', path);

  async signIn(email: string, password: string): Promise<Me> {
    const res = await this.post('/api/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Me;
  }
}

/**
 * A fresh client address (from the IPv6 documentation range, only ever sent as a header) per
 * client, unique across test files, so one test's per-address rate limit never touches another.
 */
export function newClient(): Browserish {
  return new Browserish(`2001:db8::${randomBytes(6).toString('hex').match(/.{4}/g)!.join(':')}`);
}

/** Polls `read` until it returns `expected` (or fails after `ms`), for state a page changes asynchronously. */
export async function eventually<T>(read: () => Promise<T>, expected: T, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${String(expected)} within ${ms} ms, last saw ${String(last)}`);
}
