import { Role, type MyConsent } from '@atelier/contracts';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { ConsentDto } from './dto/publishing.dto.js';
import { ConsentService } from './consent.service.js';

/** A participant's own consent, on their phone. */
@ApiTags('publishing')
@Roles(Role.Participant)
@Controller('api/me/consents')
export class ConsentController {
  constructor(private readonly consent: ConsentService) {}

  @Get()
  mine(@Auth() who: AuthUser): Promise<MyConsent[]> {
    return this.consent.mine(who);
  }

  @Put(':projectId')
  record(
    @Auth() who: AuthUser,
    @Param('projectId', ID) projectId: string,
    @Body() dto: ConsentDto,
  ): Promise<MyConsent> {
    return this.consent.recordMine(who, projectId, dto);
  }
}
