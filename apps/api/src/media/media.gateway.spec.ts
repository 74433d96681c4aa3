import { ErrorCode, Role } from '@atelier/contracts';
import { describe, expect, it, jest } from '@jest/globals';
import type { Socket } from 'socket.io';
import { strictMock } from '../../../../tests/support/strict-mock.js';
import { as, staff } from '../../../../tests/support/unit-fixtures.js';
import { DomainError } from '../common/domain-error.js';
import { type SocketAuthService } from '../realtime/socket-auth.service.js';
import { type ProjectEventsRepository } from './project-events.repository.js';
import { type MediaAccess } from './media-access.js';
import { MediaGateway } from './media.gateway.js';

const PROJECT = 'c1a1b2c3-0000-4000-8000-000000000001';

function newTestGateway() {
  const mocks = {
    auth: strictMock<SocketAuthService>('auth'),
    access: strictMock<MediaAccess>('access'),
    events: strictMock<ProjectEventsRepository>('events'),
  };
  const sut = new MediaGateway(as(mocks.auth), as(mocks.access), as(mocks.events));
  const emit = jest.fn();
  const to = jest.fn((_room: string) => ({ emit }));
  (sut as unknown as { server: unknown }).server = { local: { to } };
  return { sut, mocks, to, emit };
}

function socketOf(user: unknown) {
  return {
    data: { user },
    join: jest.fn(async (_room: string) => undefined),
    leave: jest.fn(async (_room: string) => undefined),
  };
}

describe(MediaGateway.name, () => {
  it('lets a socket join a project room only when its person may see the bin', async () => {
    const { sut, mocks } = newTestGateway();
    const amina = staff({ userId: 'u-amina', role: Role.Participant });
    mocks.access.project
      .mockResolvedValueOnce({ id: PROJECT, organisationId: 'org-1', groupId: 'g', title: '', quotaBytes: null })
      .mockRejectedValueOnce(DomainError.notFound('This project'));
    const ok = socketOf(amina);
    expect(await sut.join(as<Socket>(ok), { projectId: PROJECT })).toEqual({ ok: true, projectId: PROJECT });
    expect(ok.join).toHaveBeenCalledWith(`project:${PROJECT}`);

    const refused = socketOf(staff({ userId: 'u-bilal', role: Role.Participant }));
    expect(await sut.join(as<Socket>(refused), { projectId: PROJECT })).toMatchObject({
      ok: false,
      error: { code: ErrorCode.NotFound },
    });
    expect(refused.join).not.toHaveBeenCalled();
  });

  it('relays an event to the local sockets of its project room only', () => {
    const { sut, to, emit } = newTestGateway();
    const event = { clipId: 'c', projectId: PROJECT, status: 'processing' as never, progress: 40 };
    sut.relay(event);
    expect(to).toHaveBeenCalledWith(`project:${PROJECT}`);
    expect(emit).toHaveBeenCalledWith('clips:progress', event);
  });

  it('relays render progress to the same project room, under its own event name', () => {
    const { sut, to, emit } = newTestGateway();
    const event = { renderId: 'r', projectId: PROJECT, status: 'rendering' as never, progress: 55 };
    sut.relayRender(event);
    expect(to).toHaveBeenCalledWith(`project:${PROJECT}`);
    expect(emit).toHaveBeenCalledWith('render:progress', event);
    expect(emit).not.toHaveBeenCalledWith('clips:progress', expect.anything());
  });

  it('listens for clip and render events when the application starts, each to its relay', async () => {
    const { sut, mocks, emit } = newTestGateway();
    let handlers: Parameters<ProjectEventsRepository['listen']>[0] | undefined;
    mocks.events.listen.mockImplementationOnce(async (h) => {
      handlers = h;
    });
    await sut.onApplicationBootstrap();
    handlers!.render({ renderId: 'r', projectId: PROJECT, status: 'ready' as never, progress: 100 });
    handlers!.clip({ clipId: 'c', projectId: PROJECT, status: 'ready' as never, progress: 100 });
    expect(emit.mock.calls.map((c) => c[0])).toEqual(['render:progress', 'clips:progress']);
  });
});
