import { loadConfig, type AppConfig } from '@atelier/config';
import { Role } from '@atelier/contracts';
import type { AuthUser } from '../../apps/api/src/auth/auth-user.js';
import type { Clock } from '../../apps/api/src/common/clock.js';
import { DomainError } from '../../apps/api/src/common/domain-error.js';
import { strictMock } from './strict-mock.js';

/** Builders for unit tests of the API's services: configuration, a clock you move by hand, callers. */

const MINIMAL_ENV = {
  DATABASE_URL: 'postgres://atelier:secret@localhost:5432/atelier',
  S3_ENDPOINT: 'http://127.0.0.1:9000',
  S3_ACCESS_KEY: 'key',
  S3_SECRET_KEY: 'secret',
  PUBLIC_URL: 'https://atelier.example.org/',
};

/** A real, validated configuration (defaults plus `env`), as the API would load it. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ ...MINIMAL_ENV, ...env });
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A strictly mocked `Clock` whose `now()` stays put until the test advances it. */
export function fixedClock(start = new Date('2025-03-10T09:00:00.000Z')) {
  let t = start.getTime();
  const clock = strictMock<Clock>('clock');
  clock.now.mockImplementation(() => new Date(t));
  return {
    clock,
    now: (): Date => new Date(t),
    /** `now()` plus `ms`, as a Date. */
    after: (ms: number): Date => new Date(t + ms),
    advance(ms: number): void {
      t += ms;
    },
  };
}

/** Hands a strict mock to a constructor that expects the real class (with its private fields). */
export function as<T>(mock: object): T {
  return mock as T;
}

export function staff(overrides: Partial<AuthUser> = {}): AuthUser {
  return {
    userId: 'u-admin',
    organisationId: 'org-1',
    role: Role.Admin,
    sessionId: 's-admin',
    sessionKind: 'password',
    ...overrides,
  };
}

/** The DomainError a promise rejects with; fails the test if it resolves or fails with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected the call to fail with a DomainError, but it succeeded');
}
