import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { DemoDataController } from './demo-data.controller.js';
import { DemoDataRepository } from './demo-data.repository.js';
import { DemoDataService } from './demo-data.service.js';
import { FirstRunService } from './first-run.service.js';
import { OrganisationSetupRepository } from './organisation-setup.repository.js';
import { OrganisationSetupService } from './organisation-setup.service.js';
import { SetupController } from './setup.controller.js';
import { StaffAccountsRepository } from './staff-accounts.repository.js';
import { StaffAccountsService } from './staff-accounts.service.js';

/**
 * The instance's first run (setup link and page), creating organisations with their first admin,
 * and operator actions on staff accounts — the services under the admin command line.
 */
@Module({
  imports: [AuthModule],
  controllers: [SetupController, DemoDataController],
  providers: [DemoDataService, DemoDataRepository, FirstRunService, OrganisationSetupService, OrganisationSetupRepository, StaffAccountsService, StaffAccountsRepository],
  exports: [FirstRunService, OrganisationSetupService, StaffAccountsService],
})
export class SetupModule {}
