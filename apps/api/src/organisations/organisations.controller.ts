import { Role, type Invitation, type Member, type Organisation } from '@atelier/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { ChangeRoleDto, InviteStaffDto, UpdateOrganisationDto } from './dto/organisation.dto.js';
import { OrganisationsService } from './organisations.service.js';

@ApiTags('organisation')
@Roles(Role.Admin, Role.Trainer)
@Controller('api/organisation')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  get(@Auth() who: AuthUser): Promise<Organisation> {
    return this.organisations.get(who);
  }

  @Patch()
  @Roles(Role.Admin)
  update(@Auth() who: AuthUser, @Body() dto: UpdateOrganisationDto): Promise<Organisation> {
    return this.organisations.update(who, dto);
  }

  @Get('members')
  members(@Auth() who: AuthUser): Promise<Member[]> {
    return this.organisations.staff(who);
  }

  @Patch('members/:userId')
  @Roles(Role.Admin)
  changeRole(
    @Auth() who: AuthUser,
    @Param('userId', ID) userId: string,
    @Body() dto: ChangeRoleDto,
  ): Promise<Member[]> {
    return this.organisations.changeRole(who, userId, dto);
  }

  @Delete('members/:userId')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@Auth() who: AuthUser, @Param('userId', ID) userId: string): Promise<void> {
    return this.organisations.removeStaff(who, userId);
  }

  @Get('invitations')
  @Roles(Role.Admin)
  invitations(@Auth() who: AuthUser): Promise<Invitation[]> {
    return this.organisations.pendingInvitations(who);
  }

  @Post('invitations')
  @Roles(Role.Admin)
  invite(@Auth() who: AuthUser, @Body() dto: InviteStaffDto): Promise<Invitation> {
    return this.organisations.invite(who, dto);
  }

  @Delete('invitations/:id')
  @Roles(Role.Admin)
  @HttpCode(204)
  cancelInvitation(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<void> {
    return this.organisations.cancelInvitation(who, id);
  }
}
