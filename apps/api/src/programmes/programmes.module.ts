import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ParticipantsModule } from '../participants/participants.module.js';
import { EnrolmentRepository } from './enrolment.repository.js';
import { ProgrammeSessionRepository } from './programme-session.repository.js';
import { ProgrammeRepository } from './programme.repository.js';
import { ProgrammesController } from './programmes.controller.js';
import { ProgrammesService } from './programmes.service.js';

@Module({
  imports: [AuthModule, ParticipantsModule],
  controllers: [ProgrammesController],
  providers: [ProgrammesService, ProgrammeRepository, ProgrammeSessionRepository, EnrolmentRepository],
  exports: [ProgrammeRepository, ProgrammeSessionRepository, EnrolmentRepository],
})
export class ProgrammesModule {}
