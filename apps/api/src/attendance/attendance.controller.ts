import {
  isLanguage,
  Role,
  type AbsenceNotice,
  type AttendanceAlert,
  type AttendanceExport,
  type CheckInDisplay,
  type CheckInResult,
  type MySession,
  type ProgrammeReport,
  type Roster,
  type RosterEntry,
} from '@atelier/contracts';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user.js';
import { Auth, Roles } from '../auth/auth.decorators.js';
import { ID } from '../common/id.pipe.js';
import { AttendanceService } from './attendance.service.js';
import { AbsenceDto, CheckInDto, MarkDto } from './dto/attendance.dto.js';

@ApiTags('attendance')
@Roles(Role.Admin, Role.Trainer)
@Controller('api')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  @Get('sessions/:id/roster')
  roster(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Roster> {
    return this.attendance.roster(who, id);
  }

  @Put('sessions/:id/marks')
  mark(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: MarkDto): Promise<RosterEntry> {
    return this.attendance.mark(who, id, dto);
  }

  @Post('sessions/:id/marks/rest-absent')
  @HttpCode(200)
  markRestAbsent(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<Roster> {
    return this.attendance.markRestAbsent(who, id);
  }

  @Post('absences/:id/confirm')
  @HttpCode(200)
  confirmAbsence(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<RosterEntry> {
    return this.attendance.decideAbsence(who, id, 'confirmed');
  }

  @Post('absences/:id/decline')
  @HttpCode(200)
  declineAbsence(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<RosterEntry> {
    return this.attendance.decideAbsence(who, id, 'declined');
  }

  @Get('sessions/:id/check-in-code')
  checkInCode(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<CheckInDisplay> {
    return this.attendance.checkInDisplay(who, id);
  }

  @Get('programmes/:id/report')
  report(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<ProgrammeReport> {
    return this.attendance.report(who, id);
  }

  @Get('programmes/:id/report.csv')
  async reportCsv(@Auth() who: AuthUser, @Param('id', ID) id: string, @Res() res: Response): Promise<void> {
    const { filename, csv } = await this.attendance.reportCsv(who, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.send(csv);
  }

  @Get('programmes/:id/participants/:participantId/certificate.pdf')
  async certificate(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Param('participantId', ID) participantId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { filename, pdf } = await this.attendance.certificate(who, id, participantId);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    res.send(pdf);
  }

  @Get('sessions/:id/sign-in-sheet.pdf')
  async signInSheet(
    @Auth() who: AuthUser,
    @Param('id', ID) id: string,
    @Query('lang') lang: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const pdf = await this.attendance.signInSheet(who, id, isLanguage(lang) ? lang : 'fr');
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', 'inline; filename="sign-in-sheet.pdf"');
    res.send(pdf);
  }

  @Get('programmes/:id/alerts')
  alerts(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<AttendanceAlert[]> {
    return this.attendance.alerts(who, id);
  }

  @Post('alerts/:id/read')
  @HttpCode(204)
  readAlert(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<void> {
    return this.attendance.readAlert(who, id);
  }

  @Get('participants/:id/attendance')
  exportFor(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<AttendanceExport> {
    return this.attendance.exportFor(who, id);
  }

  @Delete('participants/:id/attendance')
  @HttpCode(204)
  eraseFor(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<void> {
    return this.attendance.eraseFor(who, id);
  }

  @Roles(Role.Participant)
  @Get('me/attendance')
  myExport(@Auth() who: AuthUser): Promise<AttendanceExport> {
    return this.attendance.exportFor(who, who.userId);
  }

  @Roles(Role.Participant)
  @Get('me/sessions')
  mySessions(@Auth() who: AuthUser): Promise<MySession[]> {
    return this.attendance.mySessions(who);
  }

  @Roles(Role.Participant)
  @Post('me/check-in')
  @HttpCode(200)
  checkIn(@Auth() who: AuthUser, @Body() dto: CheckInDto): Promise<CheckInResult> {
    return this.attendance.checkIn(who, dto);
  }

  @Roles(Role.Participant)
  @Post('me/sessions/:id/absence')
  cantCome(@Auth() who: AuthUser, @Param('id', ID) id: string, @Body() dto: AbsenceDto): Promise<AbsenceNotice> {
    return this.attendance.cantCome(who, id, dto);
  }

  /** "I can come after all": takes back a notice until a trainer has answered it. */
  @Roles(Role.Participant)
  @Delete('me/sessions/:id/absence')
  @HttpCode(204)
  withdrawAbsence(@Auth() who: AuthUser, @Param('id', ID) id: string): Promise<void> {
    return this.attendance.withdrawAbsence(who, id);
  }
}
