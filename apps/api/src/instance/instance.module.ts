import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SetupModule } from '../setup/setup.module.js';
import { InstanceAdminGuard } from './instance-admin.guard.js';
import { InstanceController } from './instance.controller.js';
import { InstanceRepository } from './instance.repository.js';
import { InstanceService } from './instance.service.js';

@Module({
  imports: [AuthModule, SetupModule],
  controllers: [InstanceController],
  providers: [InstanceService, InstanceRepository, InstanceAdminGuard],
})
export class InstanceModule {}
