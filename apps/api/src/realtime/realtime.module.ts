import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SocketAuthService } from './socket-auth.service.js';

/**
 * Realtime plumbing shared by every gateway: handshake authentication. The socket.io server and its
 * adapter (memory, PostgreSQL or Redis Streams) are set up in main.ts by `RealtimeIoAdapter`.
 */
@Module({
  imports: [AuthModule],
  providers: [SocketAuthService],
  exports: [SocketAuthService],
})
export class RealtimeModule {}
