import { BOARDS_NAMESPACE } from '@atelier/contracts';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { Clock } from '../common/clock.js';
import { SocketAuthService } from '../realtime/socket-auth.service.js';
import { BoardEventsRepository, type BoardsNamespace } from './board-events.repository.js';
import { BoardLiveService, type LiveSocket } from './board-live.service.js';

/**
 * The `/boards` socket.io namespace. Every handshake is authenticated (session cookie or
 * `auth.token`); every event is answered through its acknowledgement with `{ok: true, …}` or
 * `{ok: false, error: {code, message}}`. See `BoardClientEvents` / `BoardServerEvents` in contracts.
 */
@WebSocketGateway({ namespace: BOARDS_NAMESPACE })
export class BoardsGateway implements OnGatewayInit, OnGatewayDisconnect {
  constructor(
    private readonly live: BoardLiveService,
    private readonly events: BoardEventsRepository,
    private readonly socketAuth: SocketAuthService,
    private readonly clock: Clock,
  ) {}

  afterInit(ns: BoardsNamespace): void {
    ns.use(this.socketAuth.middleware());
    this.socketAuth.shareRevocations(ns);
    this.events.attach(ns);
  }

  handleDisconnect(socket: LiveSocket): void {
    this.live.disconnected(socket);
  }

  @SubscribeMessage('join')
  join(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown) {
    return this.live.join(socket, body);
  }

  @SubscribeMessage('op')
  op(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown) {
    return this.live.op(socket, body);
  }

  @SubscribeMessage('leave')
  leave(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown) {
    return this.live.leave(socket, body);
  }

  @SubscribeMessage('clock')
  clockNow(): number {
    return this.clock.now().getTime();
  }
}
