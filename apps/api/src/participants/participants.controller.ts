import { Role, type Device, type JoinCode, type Participant, type ParticipantWithJoinCode } from '@atelier/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { CreateParticipantDto } from './dto/create-participant.dto.js';
import { ParticipantsService } from './participants.service.js';

@ApiTags('participants')
@Roles(Role.Admin, Role.Trainer)
@Controller('api/participants')
export class ParticipantsController {
  constructor(private readonly participants: ParticipantsService) {}

  @Get()
  list(@Auth() who: AuthUser): Promise<Participant[]> {
    return this.participants.list(who);
  }

  @Post()
  create(@Auth() who: AuthUser, @Body() dto: CreateParticipantDto): Promise<ParticipantWithJoinCode> {
    return this.participants.create(who, dto);
  }

  @Get(':id')
  get(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Participant> {
    return this.participants.get(who, id);
  }

  @Delete(':id')
  @Roles(Role.Admin)
  @HttpCode(204)
  remove(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<void> {
    return this.participants.remove(who, id);
  }

  @Post(':id/join-code')
  newJoinCode(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<JoinCode> {
    return this.participants.newJoinCode(who, id);
  }

  @Get(':id/devices')
  devices(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Device[]> {
    return this.participants.devices(who, id);
  }

  @Delete(':id/devices/:deviceId')
  @HttpCode(204)
  revokeDevice(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Param('deviceId', ID) deviceId: string,
  ): Promise<void> {
    return this.participants.revokeDevice(who, id, deviceId);
  }
}
