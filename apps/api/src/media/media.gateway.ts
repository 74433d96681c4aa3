import {
  CLIP_SOCKET_EVENTS,
  ErrorCode,
  type ApiError,
  type ClipProgressEvent,
  type RealtimeAck,
  type RenderProgressEvent,
} from '@atelier/contracts';
import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import type { AuthUser } from '../auth/auth-user.js';
import { Public } from '../auth/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { SocketAuthService } from '../realtime/socket-auth.service.js';
import { ProjectEventsRepository } from './project-events.repository.js';
import { MediaAccess } from './media-access.js';

const room = (projectId: string): string => `project:${projectId}`;

function errorOf(e: unknown): ApiError {
  return e instanceof DomainError
    ? e.toBody()
    : { code: ErrorCode.Internal, message: 'Something went wrong. Try again.' };
}

/**
 * Live clip and render progress on namespace `/clips`. A socket joins `project:<projectId>` only if its person
 * may see that bin (staff of the organisation, members of the group). Each API node relays the
 * PostgreSQL notifications to its LOCAL sockets only: every node hears every notification, so
 * broadcasting through the multi-node adapter would deliver each event once per node.
 */
// The HTTP auth guard does not apply to socket messages: the handshake was authenticated by
// SocketAuthService (io middleware) and each handler checks access itself.
@Public()
@WebSocketGateway({ namespace: '/clips' })
export class MediaGateway implements OnGatewayInit, OnApplicationBootstrap {
  private readonly logger = new Logger('MediaGateway');
  @WebSocketServer() private server!: Namespace;

  constructor(
    private readonly socketAuth: SocketAuthService,
    private readonly access: MediaAccess,
    private readonly events: ProjectEventsRepository,
  ) {}

  afterInit(server: Namespace): void {
    server.use(this.socketAuth.middleware());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.events.listen({ clip: (e) => this.relay(e), render: (e) => this.relayRender(e) });
  }

  relay(e: ClipProgressEvent): void {
    this.server.local.to(room(e.projectId)).emit(CLIP_SOCKET_EVENTS.progress, e);
  }

  /** Render progress goes to the same room: whoever may see the bin may follow its renders. */
  relayRender(e: RenderProgressEvent): void {
    this.server.local.to(room(e.projectId)).emit(CLIP_SOCKET_EVENTS.renderProgress, e);
  }

  @SubscribeMessage(CLIP_SOCKET_EVENTS.join)
  async join(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: { projectId?: unknown },
  ): Promise<RealtimeAck<{ projectId: string }>> {
    try {
      const who = (socket.data as { user?: AuthUser }).user;
      if (!who) throw DomainError.unauthenticated();
      const projectId =
        typeof body?.projectId === 'string' && /^[0-9a-f-]{36}$/i.test(body.projectId) ? body.projectId : null;
      if (!projectId) throw DomainError.notFound('This project');
      await this.access.project(who, projectId);
      await socket.join(room(projectId));
      return { ok: true, projectId };
    } catch (e) {
      if (!(e instanceof DomainError)) this.logger.error({ err: e }, 'Joining a clip room failed');
      return { ok: false, error: errorOf(e) };
    }
  }

  @SubscribeMessage(CLIP_SOCKET_EVENTS.leave)
  async leave(
    @ConnectedSocket() socket: Socket,
    @MessageBody() body: { projectId?: unknown },
  ): Promise<RealtimeAck<{ projectId: string }>> {
    const projectId = typeof body?.projectId === 'string' ? body.projectId : '';
    if (projectId) await socket.leave(room(projectId));
    return { ok: true, projectId };
  }
}
