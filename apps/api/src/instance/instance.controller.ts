import { Role, type CreatedOrganisation, type InstanceBackups, type InstanceOrganisation } from '@atelier/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { CreateOrganisationDto } from './dto/create-organisation.dto.js';
import { InstanceAdminGuard } from './instance-admin.guard.js';
import { InstanceService } from './instance.service.js';

/** Instance administration: anyone without the instance-administrator flag gets 403 not_instance_admin. */
@ApiTags('instance')
@Roles(Role.Admin, Role.Trainer)
@UseGuards(InstanceAdminGuard)
@Controller('api/instance')
export class InstanceController {
  constructor(private readonly instance: InstanceService) {}

  @Get('organisations')
  list(@Auth() who: AuthUser): Promise<InstanceOrganisation[]> {
    return this.instance.organisations(who);
  }

  @Post('organisations')
  create(@Auth() who: AuthUser, @Body() dto: CreateOrganisationDto): Promise<CreatedOrganisation> {
    return this.instance.create(who, dto);
  }

  @Get('backups')
  backups(@Auth() who: AuthUser): Promise<InstanceBackups> {
    return this.instance.backups(who);
  }

  @Post('organisations/:id/suspend')
  @HttpCode(200)
  suspend(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<InstanceOrganisation> {
    return this.instance.suspend(who, id);
  }

  @Post('organisations/:id/reactivate')
  @HttpCode(200)
  reactivate(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<InstanceOrganisation> {
    return this.instance.reactivate(who, id);
  }
}
