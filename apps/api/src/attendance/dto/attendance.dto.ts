import {
  ABSENCE_NOTE_MAX_LENGTH,
  AbsenceReason,
  AttendanceStatus,
  type AbsenceRequest,
  type CheckInRequest,
  type MarkRequest,
} from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min, ValidateIf } from 'class-validator';

export class MarkDto implements MarkRequest {
  @ApiProperty() @IsUUID('all', { message: 'participantId must be a participant id' }) participantId: string;
  @ApiProperty({ enum: AttendanceStatus, nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsEnum(AttendanceStatus, { message: 'status must be present, late, excused, absent or null' })
  status: AttendanceStatus | null;
}

export class CheckInDto implements CheckInRequest {
  @ApiProperty({ example: '482913' }) @IsString() @Length(4, 20) code: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('all', { message: 'sessionId must be a session id' }) sessionId?: string;
  @ApiPropertyOptional({ description: 'A code typed offline: seconds between typing it and sending it.' })
  @IsOptional()
  @IsInt({ message: 'typedSecondsAgo must be a whole number of seconds' })
  @Min(0, { message: 'typedSecondsAgo cannot be negative' })
  typedSecondsAgo?: number;
}

export class AbsenceDto implements AbsenceRequest {
  @ApiProperty({ enum: AbsenceReason })
  @IsEnum(AbsenceReason, { message: 'reason must be illness, work, family, papers or other' })
  reason: AbsenceReason;
  @ApiPropertyOptional({ maxLength: ABSENCE_NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(ABSENCE_NOTE_MAX_LENGTH, { message: `note must be at most ${ABSENCE_NOTE_MAX_LENGTH} characters` })
  note?: string;
}
