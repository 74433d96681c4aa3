import {
  Contribution,
  EnrolmentStatus,
  PathwayStep,
  type EnrolRequest,
  type JoinProgrammeRequest,
  type RecordStepRequest,
  type UpdateEnrolmentRequest,
} from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { MultiLine } from '../../common/input-text.js';

export class EnrolDto implements EnrolRequest {
  @ApiProperty() @IsUUID('all', { message: 'participantId must be a participant id' }) participantId: string;
}

const SETTABLE = [
  EnrolmentStatus.Enrolled,
  EnrolmentStatus.Completed,
  EnrolmentStatus.Withdrawn,
  EnrolmentStatus.Invited,
] as const;

export class UpdateEnrolmentDto implements UpdateEnrolmentRequest {
  @ApiPropertyOptional({ enum: SETTABLE })
  @IsOptional()
  @IsIn(SETTABLE, { message: 'status must be enrolled, completed, withdrawn or invited' })
  status?: (typeof SETTABLE)[number];
  @ApiPropertyOptional({ enum: Contribution }) @IsOptional() @IsEnum(Contribution) contribution?: Contribution;
}

export class RecordStepDto implements RecordStepRequest {
  @ApiProperty({ enum: PathwayStep }) @IsEnum(PathwayStep) step: PathwayStep;
  @ApiProperty()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'completedOn must be a date YYYY-MM-DD' })
  completedOn: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) @MultiLine() note?: string;
}

export class JoinProgrammeDto implements JoinProgrammeRequest {
  @ApiProperty() @IsString() @Length(4, 20) code: string;
}
