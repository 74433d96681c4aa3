import { Role, type MediaGroup } from '@atelier/contracts';
import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { AddGroupMemberDto, CreateMediaGroupDto, UpdateMediaGroupDto } from './dto/media.dto.js';
import { GroupsService } from './groups.service.js';

@ApiTags('media')
@Controller('api/media/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  /** Staff: every group (of one course with `?programmeId=`); participants: their own groups. */
  @Get()
  list(@Auth() who: AuthUser, @Query('programmeId') programmeId?: string): Promise<MediaGroup[]> {
    return this.groups.list(who, programmeId && /^[0-9a-f-]{36}$/i.test(programmeId) ? programmeId : undefined);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post()
  create(@Auth() who: AuthUser, @Body() dto: CreateMediaGroupDto): Promise<MediaGroup> {
    return this.groups.create(who, dto);
  }

  @Get(':id')
  get(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<MediaGroup> {
    return this.groups.get(who, id);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Patch(':id')
  rename(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: UpdateMediaGroupDto): Promise<MediaGroup> {
    return this.groups.rename(who, id, dto.name);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Post(':id/members')
  addMember(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: AddGroupMemberDto): Promise<MediaGroup> {
    return this.groups.addMember(who, id, dto.participantId);
  }

  @Roles(Role.Admin, Role.Trainer)
  @Delete(':id/members/:participantId')
  removeMember(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Param('participantId', ID) participantId: string,
  ): Promise<MediaGroup> {
    return this.groups.removeMember(who, id, participantId);
  }
}
