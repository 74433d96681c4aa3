import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { RealtimeModule } from '../realtime/realtime.module.js';
import { ProjectEventsRepository } from './project-events.repository.js';
import { MediaGateway } from './media.gateway.js';
import { ClipRepository } from './clip.repository.js';
import { ClipsController } from './clips.controller.js';
import { ClipsService } from './clips.service.js';
import { GroupRepository } from './group.repository.js';
import { GroupsController } from './groups.controller.js';
import { GroupsService } from './groups.service.js';
import { MediaAccess } from './media-access.js';
import { UploadLockRepository } from './upload-lock.repository.js';
import { UploadStoreRepository } from './upload-store.repository.js';
import { UploadsController } from './uploads.controller.js';
import { UploadsEndpoint } from './uploads.endpoint.js';
import { UploadsService } from './uploads.service.js';

/** Groups, their media projects, resumable clip uploads, the bin, playback and live progress. */
@Module({
  imports: [AuthModule, RealtimeModule],
  controllers: [GroupsController, ClipsController, UploadsController],
  providers: [
    GroupsService,
    GroupRepository,
    ClipsService,
    ClipRepository,
    MediaAccess,
    UploadsService,
    UploadsEndpoint,
    UploadStoreRepository,
    UploadLockRepository,
    ProjectEventsRepository,
    MediaGateway,
  ],
})
export class MediaModule {}
