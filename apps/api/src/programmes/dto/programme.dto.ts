import {
  LANGUAGES,
  PathwayStep,
  ProgrammeKind,
  type CreateProgrammeRequest,
  type GenerateSeriesRequest,
  type Language,
  type SessionInput,
  type UpdateSessionRequest,
} from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MultiLine } from '../../common/input-text.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class CreateProgrammeDto implements CreateProgrammeRequest {
  @ApiProperty({ enum: ProgrammeKind })
  @IsEnum(ProgrammeKind, { message: 'kind must be video_course, workshop_series or pathway' })
  kind: ProgrammeKind;
  @ApiProperty() @IsString() @Length(2, 120) title: string;
  @ApiProperty() @IsString() @MaxLength(2000) @MultiLine() description: string;
  @ApiProperty({ enum: LANGUAGES, isArray: true })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(LANGUAGES, { each: true })
  languages: Language[];
  @ApiProperty() @IsString() @MaxLength(200) place: string;
  @ApiProperty({ nullable: true }) @ValidateIf((_, v) => v !== null) @IsInt() @Min(1) @Max(10_000) capacity:
    number | null;
  @ApiProperty() @IsInt() @Min(0) @Max(100) requiredAttendanceRate: number;
  @ApiProperty() @IsBoolean() contributionAsked: boolean;
  @ApiProperty() @IsNumber() @Min(0) @Max(1) lateWeight: number;
  @ApiProperty() @IsInt() @Min(0) @Max(240) lateGraceMinutes: number;
  @ApiProperty() @IsBoolean() autoExcuse: boolean;
  @ApiProperty() @IsInt() @Min(1) @Max(50) alertAfterMisses: number;
  @ApiProperty({ nullable: true }) @ValidateIf((_, v) => v !== null) @IsInt() @Min(1) @Max(240) retentionMonths:
    number | null;
}

export class UpdateProgrammeDto extends PartialType(CreateProgrammeDto) {}

export class GenerateSeriesDto implements GenerateSeriesRequest {
  @ApiProperty({ example: '2026-01-14' })
  @Matches(DATE, { message: 'startDate must be a date YYYY-MM-DD' })
  startDate: string;
  @ApiProperty({ example: '18:00' }) @Matches(TIME, { message: 'startTime must be a time HH:mm' }) startTime: string;
  @ApiProperty() @IsInt() @Min(5) @Max(24 * 60) durationMinutes: number;
  @ApiProperty({ example: [3] })
  @IsArray()
  @ArrayMinSize(1, { message: 'weekdays must name at least one day' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  weekdays: number[];
  @ApiProperty() @IsInt() @Min(1) @Max(12) everyWeeks: number;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE, { message: 'until must be a date YYYY-MM-DD' }) until?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(200) count?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(DATE, { each: true, message: 'skipDates must be dates YYYY-MM-DD' })
  skipDates?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(120) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
}

export class SessionInputDto implements SessionInput {
  @ApiProperty() @IsISO8601({ strict: true }, { message: 'startsAt must be a date and time' }) startsAt: string;
  @ApiProperty() @IsISO8601({ strict: true }, { message: 'endsAt must be a date and time' }) endsAt: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(120) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) place?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() required?: boolean;
  @ApiPropertyOptional({ enum: PathwayStep, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsEnum(PathwayStep)
  step?: PathwayStep | null;
}

export class UpdateSessionDto extends PartialType(SessionInputDto) implements UpdateSessionRequest {}
