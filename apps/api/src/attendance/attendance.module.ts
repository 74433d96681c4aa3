import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { AttendanceController } from './attendance.controller.js';
import { AttendanceRepository } from './attendance.repository.js';
import { AlertMailer } from './alert-mailer.js';
import { AttendanceService } from './attendance.service.js';
import { PdfRenderer } from './pdf/pdf-renderer.js';
import { OrganisationsModule } from '../organisations/organisations.module.js';

@Module({
  imports: [AuthModule, ProgrammesModule, ParticipantsModule, OrganisationsModule],
  controllers: [AttendanceController],
  providers: [AttendanceService, AttendanceRepository, PdfRenderer, AlertMailer],
})
export class AttendanceModule {}
