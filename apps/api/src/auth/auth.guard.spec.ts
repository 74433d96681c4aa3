import { Role } from '@atelier/contracts';
import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, rejection, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { DomainError } from '../common/domain-error.js';
import { csrfTokenFor } from '../common/secrets.js';
import type { AuthUser } from './auth-user.js';
import { Public, Roles } from './auth.decorators.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';

/** Routes as a controller would declare them; the guard reads their metadata through a real Reflector. */
@Roles(Role.Admin, Role.Trainer)
class StaffController {
  @Public()
  open(): void {}

  list(): void {}

  @Roles(Role.Admin)
  adminOnly(): void {}
}

class AnyoneController {
  mine(): void {}
}

interface FakeRequest {
  method: string;
  headers: Record<string, string | undefined>;
  cookies?: Record<string, string>;
  auth?: AuthUser;
}

interface SetCookie {
  name: string;
  value: string;
  options: { expires?: Date; httpOnly?: boolean };
}

function contextFor(
  controller: new () => object,
  handler: string,
  req: FakeRequest,
  setCookies: SetCookie[] = [],
): ExecutionContext {
  const fn = (controller.prototype as Record<string, () => void>)[handler];
  const res = {
    cookie: (name: string, value: string, options: SetCookie['options']) => setCookies.push({ name, value, options }),
  };
  return as<ExecutionContext>({
    getType: () => 'http',
    getHandler: () => fn,
    getClass: () => controller,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  });
}

function newTestService() {
  const mocks = { auth: strictMock<AuthService>('auth') };
  return { sut: new AuthGuard(new Reflector(), as<AuthService>(mocks.auth), testConfig()), mocks };
}

const trainer: AuthUser = {
  userId: 'u-trainer',
  organisationId: 'org-1',
  role: Role.Trainer,
  sessionId: 's-1',
  sessionKind: 'password',
};
const participant: AuthUser = {
  userId: 'u-amina',
  organisationId: 'org-1',
  role: Role.Participant,
  sessionId: 's-2',
  sessionKind: 'device',
};

/** The CSRF token of the session whose secret is 'tok'. */
const CSRF = csrfTokenFor('tok');

function cookieRequest(
  method: string,
  headers: Record<string, string> = {},
  cookies: Record<string, string> = { atelier_session: 'tok', 'XSRF-TOKEN': CSRF },
): FakeRequest {
  return { method, headers, cookies };
}

describe(AuthGuard.name, () => {
  it('leaves socket events to the handshake authentication (SocketAuthService)', async () => {
    const { sut, mocks } = newTestService();

    expect(await sut.canActivate(as<ExecutionContext>({ getType: () => 'ws' }))).toBe(true);
    expect(mocks.auth.resolve).not.toHaveBeenCalled();
  });

  it('lets anyone through a public route without looking for a token', async () => {
    const { sut, mocks } = newTestService();

    expect(await sut.canActivate(contextFor(StaffController, 'open', { method: 'POST', headers: {} }))).toBe(true);
    expect(mocks.auth.resolve).not.toHaveBeenCalled();
  });

  it('answers 401 unauthenticated when there is neither cookie nor bearer token', async () => {
    const { sut } = newTestService();

    const err = await rejection(
      sut.canActivate(contextFor(StaffController, 'list', { method: 'GET', headers: {}, cookies: {} })),
    );

    expect(err).toMatchObject({ code: 'unauthenticated', message: 'Sign in to continue.' });
  });

  it('accepts a bearer token on a POST without any CSRF header, and records who it is', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);
    const req: FakeRequest = { method: 'POST', headers: { authorization: 'bearer device-token' } };

    expect(await sut.canActivate(contextFor(StaffController, 'list', req))).toBe(true);
    expect(mocks.auth.resolve).toHaveBeenCalledWith('device-token');
    expect(req.auth).toEqual(trainer);
  });

  it('prefers the bearer token over the cookie', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);

    await sut.canActivate(
      contextFor(StaffController, 'list', cookieRequest('DELETE', { authorization: 'Bearer from-header' })),
    );

    expect(mocks.auth.resolve).toHaveBeenCalledWith('from-header');
  });

  it.each([
    ['without the X-XSRF-TOKEN header', {}],
    ['with a header that does not match the cookie', { 'x-xsrf-token': 'csrf-forged' }],
  ])('refuses a cookie session on POST %s with 403 csrf_mismatch', async (_, headers) => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);
    const req = cookieRequest('POST', headers);

    const err = await rejection(sut.canActivate(contextFor(StaffController, 'list', req)));

    expect(err).toMatchObject({ code: 'csrf_mismatch' });
    expect(err.message).toContain('Reload the page');
    expect(req.auth).toBeUndefined();
  });

  it('refuses a cookie session on PATCH when neither the CSRF cookie nor the header is there', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);

    const err = await rejection(
      sut.canActivate(contextFor(StaffController, 'list', cookieRequest('PATCH', {}, { atelier_session: 'tok' }))),
    );

    expect(err).toMatchObject({ code: 'csrf_mismatch' });
  });

  it('accepts a cookie session on POST whose header matches the CSRF cookie', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);
    const req = cookieRequest('POST', { 'x-xsrf-token': CSRF });

    expect(await sut.canActivate(contextFor(StaffController, 'list', req))).toBe(true);
    expect(mocks.auth.resolve).toHaveBeenCalledWith('tok');
    expect(req.auth).toEqual(trainer);
  });

  it('renews both cookies when the session slid forward, so a phone in use stays signed in', async () => {
    const { sut, mocks } = newTestService();
    const renewedUntil = new Date('2026-06-01T10:00:00.000Z');
    mocks.auth.resolve.mockResolvedValue({ ...participant, renewedUntil });
    const req = cookieRequest('GET');
    const set: SetCookie[] = [];

    expect(await sut.canActivate(contextFor(AnyoneController, 'mine', req, set))).toBe(true);

    expect(set.map((c) => [c.name, c.value, c.options.expires])).toEqual([
      ['atelier_session', 'tok', renewedUntil],
      ['XSRF-TOKEN', CSRF, renewedUntil],
    ]);
    expect(set[0]!.options.httpOnly).toBe(true);
    expect(req.auth).toEqual(participant);
  });

  it('refuses a CSRF cookie and header that agree but belong to another session (the token is bound to its session)', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);
    const planted = csrfTokenFor('someone-elses-session');
    const req = cookieRequest('POST', { 'x-xsrf-token': planted }, { atelier_session: 'tok', 'XSRF-TOKEN': planted });

    const err = await rejection(sut.canActivate(contextFor(StaffController, 'list', req)));

    expect(err).toMatchObject({ code: 'csrf_mismatch' });
  });

  it("gives a page holding another session's CSRF token this session's token on its next GET", async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(participant);
    const set: SetCookie[] = [];

    await sut.canActivate(
      contextFor(
        AnyoneController,
        'mine',
        cookieRequest('GET', {}, { atelier_session: 'tok', 'XSRF-TOKEN': 'old-random' }),
        set,
      ),
    );

    expect(set.map((c) => [c.name, c.value])).toEqual([['XSRF-TOKEN', CSRF]]);
  });

  it('sets no cookie when the session did not move', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(participant);
    const set: SetCookie[] = [];

    await sut.canActivate(contextFor(AnyoneController, 'mine', cookieRequest('GET'), set));

    expect(set).toEqual([]);
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('needs no CSRF header for a cookie session on %s', async (method) => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);

    expect(await sut.canActivate(contextFor(StaffController, 'list', cookieRequest(method)))).toBe(true);
  });

  it('answers 403 forbidden when the route is for other roles', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(trainer);
    const req = cookieRequest('GET');

    const err = await rejection(sut.canActivate(contextFor(StaffController, 'adminOnly', req)));

    expect(err).toMatchObject({ code: 'forbidden', message: 'Your role does not allow this.' });
    expect(req.auth).toBeUndefined();
  });

  it('applies the controller’s roles to routes that set none', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(participant);

    expect(await rejection(sut.canActivate(contextFor(StaffController, 'list', cookieRequest('GET'))))).toMatchObject({
      code: 'forbidden',
    });
  });

  it('lets any signed-in role through a route without roles', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(participant);

    expect(
      await sut.canActivate(
        contextFor(AnyoneController, 'mine', { method: 'GET', headers: { authorization: 'Bearer device-token' } }),
      ),
    ).toBe(true);
  });

  it('throws the explanation AuthService gives for a rejected token', async () => {
    const { sut, mocks } = newTestService();
    const explanation = DomainError.unauthenticated(
      'You were signed out on this device. Sign in again, or ask your trainer for a new code.',
    );
    mocks.auth.resolve.mockResolvedValue(null);
    mocks.auth.explainRejected.mockResolvedValue(explanation);

    const err = await rejection(
      sut.canActivate(
        contextFor(StaffController, 'list', { method: 'GET', headers: { authorization: 'Bearer revoked' } }),
      ),
    );

    expect(err).toBe(explanation);
    expect(mocks.auth.explainRejected).toHaveBeenCalledWith('revoked');
  });
});
