import { describe, expect, it } from '@jest/globals';
import { formatLogLine } from './child.js';

const line = (entry: Record<string, unknown>): string =>
  JSON.stringify({ time: 1741597200000, pid: 42, hostname: 'box', app: 'api', ...entry });

describe(formatLogLine.name, () => {
  it('turns a pino line into the level and message', () => {
    expect(formatLogLine('api', line({ level: 30, msg: 'Atelier is listening on http://localhost:3000' }))).toBe(
      '[api] INFO  Atelier is listening on http://localhost:3000',
    );
  });

  it.each([
    [10, 'TRACE'],
    [20, 'DEBUG'],
    [40, 'WARN '],
    [50, 'ERROR'],
    [60, 'FATAL'],
  ])('names level %i %j', (level, label) => {
    expect(formatLogLine('worker', line({ level, msg: 'm' }))).toBe(`[worker] ${label} m`);
  });

  it('shows a request as method, path, status and duration', () => {
    const request = line({
      level: 30,
      req: { id: 7, method: 'POST', url: '/api/auth/login', headers: {} },
      res: { statusCode: 401, headers: {} },
      responseTime: 12,
      msg: 'request completed',
    });

    expect(formatLogLine('api', request)).toBe('[api] INFO  POST /api/auth/login 401 12ms');
  });

  it('shows the message of a log written during a request, which carries the request but no response', () => {
    expect(
      formatLogLine(
        'api',
        line({
          level: 30,
          req: { id: 8, method: 'POST', url: '/api/organisation/invitations' },
          context: 'OrganisationsService',
          msg: 'Invitation created',
        }),
      ),
    ).toBe('[api] INFO  Invitation created');
  });

  it('adds the error message to a failure', () => {
    expect(
      formatLogLine(
        'api',
        line({
          level: 50,
          context: 'Errors',
          msg: 'Unhandled error',
          err: { type: 'Error', message: 'connect ECONNREFUSED', stack: '…' },
        }),
      ),
    ).toBe('[api] ERROR Unhandled error — connect ECONNREFUSED');
  });

  it.each(['InstanceLoader', 'RoutesResolver', 'RouterExplorer'])('drops start-up chatter from %s', (context) => {
    expect(formatLogLine('api', line({ level: 30, context, msg: 'AuthModule dependencies initialized' }))).toBeNull();
  });

  it('keeps warnings even from quiet contexts', () => {
    expect(formatLogLine('api', line({ level: 40, context: 'RoutesResolver', msg: 'Duplicate route' }))).toBe(
      '[api] WARN  Duplicate route',
    );
  });

  it('keeps info from other contexts', () => {
    expect(
      formatLogLine(
        'api',
        line({ level: 30, context: 'NestApplication', msg: 'Nest application successfully started' }),
      ),
    ).toBe('[api] INFO  Nest application successfully started');
  });

  it.each([
    ['plain text', 'Server listening', '[db] Server listening'],
    ['text that only looks like JSON', '{not json', '[db] {not json'],
    ['an empty line', '', '[db] '],
  ])('passes %s through with the prefix', (_, input, shown) => {
    expect(formatLogLine('db', input)).toBe(shown);
  });
});
