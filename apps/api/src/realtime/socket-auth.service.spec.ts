import { describe, expect, it } from '@jest/globals';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { Role } from '@atelier/contracts';
import { as, rejection, testConfig } from '../../../../tests/support/unit-fixtures.js';
import { DomainError } from '../common/domain-error.js';
import type { AuthUser } from '../auth/auth-user.js';
import { type AuthService } from '../auth/auth.service.js';
import { SessionRevocations } from '../auth/session-revocations.js';
import { readCookie, SocketAuthService } from './socket-auth.service.js';

function participant(): AuthUser {
  return {
    userId: 'u-amina',
    organisationId: 'org-1',
    role: Role.Participant,
    sessionId: 's-2',
    sessionKind: 'device',
  };
}

function newTestService() {
  const mocks = { auth: strictMock<AuthService>('auth') };
  // testConfig's PUBLIC_URL is https://atelier.example.org
  const revocations = new SessionRevocations();
  return { sut: new SocketAuthService(as<AuthService>(mocks.auth), testConfig(), revocations), mocks, revocations };
}

describe(SocketAuthService.name, () => {
  it('authenticates a browser handshake from the session cookie on the same origin', async () => {
    const { sut, mocks } = newTestService();
    const who = participant();
    mocks.auth.resolve.mockResolvedValue({ ...who, renewedUntil: new Date() });

    const user = await sut.authenticate({
      headers: {
        cookie: 'XSRF-TOKEN=x; atelier_session=tok%2B1',
        origin: 'https://atelier.example.org',
        host: 'atelier.example.org',
      },
    });

    expect(mocks.auth.resolve).toHaveBeenCalledWith('tok+1');
    expect(user).toEqual(who);
  });

  it('prefers handshake.auth.token (scripts) and does not need an Origin for it', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(participant());

    await sut.authenticate({
      headers: { cookie: 'atelier_session=cookie-token', origin: 'https://evil.example' },
      auth: { token: 'script-token' },
    });

    expect(mocks.auth.resolve).toHaveBeenCalledWith('script-token');
  });

  it('refuses a cookie handshake from another site with 403 forbidden, before resolving the session', async () => {
    const { sut, mocks } = newTestService();

    const err = await rejection(
      sut.authenticate({
        headers: { cookie: 'atelier_session=tok', origin: 'https://evil.example', host: 'atelier.example.org' },
      }),
    );

    expect(err).toMatchObject({ code: 'forbidden' });
    expect(mocks.auth.resolve).not.toHaveBeenCalled();
  });

  it('accepts an Origin that matches the Host header (the dev server proxy, a second hostname)', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(participant());

    await expect(
      sut.authenticate({
        headers: { cookie: 'atelier_session=tok', origin: 'http://localhost:4200', host: 'localhost:4200' },
      }),
    ).resolves.toBeDefined();
  });

  it('answers unauthenticated without any credential, and for a malformed token', async () => {
    const { sut } = newTestService();

    expect(await rejection(sut.authenticate({ headers: {} }))).toMatchObject({ code: 'unauthenticated' });
    expect(await rejection(sut.authenticate({ headers: {}, auth: { token: 42 } }))).toMatchObject({
      code: 'unauthenticated',
    });
  });

  it('explains a rejected token (a revoked device is told so)', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValue(null);
    mocks.auth.explainRejected.mockResolvedValue(DomainError.unauthenticated('You were signed out on this device.'));

    const err = await rejection(sut.authenticate({ headers: {}, auth: { token: 'old' } }));

    expect(err.message).toBe('You were signed out on this device.');
  });

  it('as io middleware, stores the person on socket.data or hands connect_error data {code, message}', async () => {
    const { sut, mocks } = newTestService();
    mocks.auth.resolve.mockResolvedValueOnce(participant()).mockResolvedValueOnce(null);
    mocks.auth.explainRejected.mockResolvedValue(DomainError.unauthenticated());
    const run = (socket: {
      handshake: { headers: Record<string, string>; auth: Record<string, unknown> };
      data: { user?: AuthUser };
    }) => new Promise<Error | undefined>((resolve) => sut.middleware()({ ...fakeSocket(), ...socket }, resolve));

    const ok = { handshake: { headers: {}, auth: { token: 'good' } }, data: {} as { user?: AuthUser } };
    expect(await run(ok)).toBeUndefined();
    expect(ok.data.user).toEqual(participant());

    const refused = await run({ handshake: { headers: {}, auth: { token: 'bad' } }, data: {} });
    expect(refused).toMatchObject({
      message: 'Sign in to continue.',
      data: { code: 'unauthenticated', message: 'Sign in to continue.' },
    });
  });
});

/** A socket that records being disconnected and can be made to emit 'disconnect'. */
function fakeSocket() {
  let onDisconnect: (() => void) | null = null;
  const socket = {
    disconnected: false,
    once: (_event: 'disconnect', listener: () => void) => (onDisconnect = listener),
    disconnect: () => {
      socket.disconnected = true;
      onDisconnect?.();
    },
    leaveByItself: () => onDisconnect?.(),
  };
  return socket;
}

describe('SocketAuthService session check', () => {
  const A = '00000000-0000-4000-8000-00000000000a';
  const B = '00000000-0000-4000-8000-00000000000b';

  it('disconnects only the open sockets of sessions no longer active, with one query for all', async () => {
    const { sut, mocks } = newTestService();
    const [a1, a2, b] = [fakeSocket(), fakeSocket(), fakeSocket()];
    sut.track(A, a1);
    sut.track(A, a2);
    sut.track(B, b);
    mocks.auth.activeSessions.mockResolvedValue(new Set([B]));

    expect(await sut.checkSessions()).toBe(2);

    expect(mocks.auth.activeSessions).toHaveBeenCalledTimes(1);
    expect(mocks.auth.activeSessions).toHaveBeenCalledWith([A, B]);
    expect([a1.disconnected, a2.disconnected, b.disconnected]).toEqual([true, true, false]);
    // A is forgotten: the next check asks only about B.
    mocks.auth.activeSessions.mockResolvedValue(new Set([B]));
    expect(await sut.checkSessions()).toBe(0);
    expect(mocks.auth.activeSessions).toHaveBeenLastCalledWith([B]);
  });

  it('checks at once when a session is revoked on this node, and once more for a revocation during a check', async () => {
    const { sut, mocks, revocations } = newTestService();
    sut.onModuleInit(); // the periodic check (15 s in testConfig) does not fire during this test
    try {
      const [a, b] = [fakeSocket(), fakeSocket()];
      sut.track(A, a);
      sut.track(B, b);
      let answer!: (active: Set<string>) => void;
      mocks.auth.activeSessions.mockImplementation(() => new Promise((resolve) => (answer = resolve)));

      revocations.revoked(); // A signed out
      revocations.revoked(); // B's device removed while the first check is still asking
      expect(mocks.auth.activeSessions).toHaveBeenCalledTimes(1);
      answer(new Set([B])); // the first query predates B's revocation
      await new Promise((r) => setImmediate(r));
      expect([a.disconnected, b.disconnected]).toEqual([true, false]);
      expect(mocks.auth.activeSessions).toHaveBeenCalledTimes(2); // one more check, for B
      answer(new Set());
      await sut.checkSoon();
      expect(b.disconnected).toBe(true);
    } finally {
      sut.onModuleDestroy();
    }
  });

  it('tells the other nodes of a revocation and checks at once when they tell it; alone, tells nobody', async () => {
    const channel = () => {
      const listeners = new Map<string, () => void>();
      const sent: string[] = [];
      return {
        sent,
        listeners,
        serverSideEmit: (e: string) => sent.push(e),
        on: (e: string, l: () => void) => listeners.set(e, l),
      };
    };
    const revocations = new SessionRevocations();
    const auth = strictMock<AuthService>('auth');
    const clustered = new SocketAuthService(
      as<AuthService>(auth),
      testConfig({ REALTIME_ADAPTER: 'postgres' }),
      revocations,
    );
    const shared = channel();
    clustered.shareRevocations(shared);
    const s = fakeSocket();
    clustered.track(A, s);
    auth.activeSessions.mockResolvedValue(new Set());

    revocations.revoked();
    expect(shared.sent).toEqual(['atelier:sessions-revoked']);
    shared.listeners.get('atelier:sessions-revoked')!(); // another node revoked a session
    await clustered.checkSoon();
    expect(s.disconnected).toBe(true);

    const single = new SocketAuthService(
      as<AuthService>(strictMock<AuthService>('auth')),
      testConfig(),
      new SessionRevocations(),
    );
    const alone = channel();
    single.shareRevocations(alone);
    expect(alone.listeners.size).toBe(0);
  });

  it('forgets a socket that disconnected by itself, and asks nothing when none is open', async () => {
    const { sut, mocks } = newTestService();
    const s = fakeSocket();
    sut.track(A, s);
    s.leaveByItself();

    expect(await sut.checkSessions()).toBe(0);
    expect(mocks.auth.activeSessions).not.toHaveBeenCalled();
  });
});

describe(readCookie.name, () => {
  it('finds one cookie among several, decoded, and nothing when absent', () => {
    expect(readCookie('a=1; atelier_session=x%3Dy; b=2', 'atelier_session')).toBe('x=y');
    expect(readCookie('a=1', 'atelier_session')).toBeUndefined();
    expect(readCookie(undefined, 'atelier_session')).toBeUndefined();
  });
});
