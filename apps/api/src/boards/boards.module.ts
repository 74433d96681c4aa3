import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { BoardEventsRepository } from './board-events.repository.js';
import { BoardLiveService } from './board-live.service.js';
import { BoardRepository } from './board.repository.js';
import { BoardsController } from './boards.controller.js';
import { BoardsGateway } from './boards.gateway.js';
import { BoardsService } from './boards.service.js';

/** Live facilitation boards: REST for creating and exporting, the `/boards` socket.io namespace for the live part. */
@Module({
  imports: [AuthModule, RealtimeModule],
  controllers: [BoardsController],
  providers: [BoardsService, BoardLiveService, BoardRepository, BoardEventsRepository, BoardsGateway],
})
export class BoardsModule {}
