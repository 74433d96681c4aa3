import { Role, type Enrolment, type MyProgramme, type Programme, type Session } from '@atelier/contracts';
import { Body, Controller, Get, Header, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Public, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { EnrolDto, JoinProgrammeDto, RecordStepDto, UpdateEnrolmentDto } from './dto/enrolment.dto.js';
import {
  CreateProgrammeDto,
  GenerateSeriesDto,
  SessionInputDto,
  UpdateProgrammeDto,
  UpdateSessionDto,
} from './dto/programme.dto.js';
import { ProgrammesService } from './programmes.service.js';

@ApiTags('programmes')
@Roles(Role.Admin, Role.Trainer)
@Controller('api')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get('programmes')
  list(@Auth() who: AuthUser): Promise<Programme[]> {
    return this.programmes.list(who);
  }

  @Post('programmes')
  create(@Auth() who: AuthUser, @Body() dto: CreateProgrammeDto): Promise<Programme> {
    return this.programmes.create(who, dto);
  }

  @Get('programmes/:id')
  get(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Programme> {
    return this.programmes.get(who, id);
  }

  @Patch('programmes/:id')
  update(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: UpdateProgrammeDto): Promise<Programme> {
    return this.programmes.update(who, id, dto);
  }

  @Get('programmes/:id/sessions')
  sessions(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Session[]> {
    return this.programmes.listSessions(who, id);
  }

  @Post('programmes/:id/sessions/series')
  generateSeries(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Body() dto: GenerateSeriesDto,
  ): Promise<Session[]> {
    return this.programmes.generateSeries(who, id, dto);
  }

  @Post('programmes/:id/sessions')
  addSession(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: SessionInputDto): Promise<Session> {
    return this.programmes.addSession(who, id, dto);
  }

  @Patch('sessions/:id')
  updateSession(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: UpdateSessionDto): Promise<Session> {
    return this.programmes.updateSession(who, id, dto);
  }

  @Post('sessions/:id/cancel')
  cancelSession(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Session> {
    return this.programmes.cancelSession(who, id);
  }

  @Post('sessions/:id/restore')
  restoreSession(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Session> {
    return this.programmes.restoreSession(who, id);
  }

  @Get('programmes/:id/enrolments')
  enrolments(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Enrolment[]> {
    return this.programmes.listEnrolments(who, id);
  }

  @Post('programmes/:id/enrolments')
  enrol(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: EnrolDto): Promise<Enrolment> {
    return this.programmes.enrol(who, id, dto.participantId);
  }

  @Patch('enrolments/:id')
  updateEnrolment(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Body() dto: UpdateEnrolmentDto,
  ): Promise<Enrolment> {
    return this.programmes.updateEnrolment(who, id, dto);
  }

  @Post('enrolments/:id/steps')
  recordStep(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: RecordStepDto): Promise<Enrolment> {
    return this.programmes.recordStep(who, id, dto);
  }

  @Roles(Role.Participant)
  @Get('me/programmes')
  mine(@Auth() who: AuthUser): Promise<MyProgramme[]> {
    return this.programmes.mine(who);
  }

  @Roles(Role.Participant)
  @Post('me/programmes/join')
  join(@Auth() who: AuthUser, @Body() dto: JoinProgrammeDto): Promise<MyProgramme> {
    return this.programmes.join(who, dto.code);
  }

  /** The iCalendar feed: public, but only at its secret address. */
  @Public()
  @Get('calendar/:key.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  calendar(@Param('key') key: string): Promise<string> {
    return this.programmes.calendar(key);
  }
}
