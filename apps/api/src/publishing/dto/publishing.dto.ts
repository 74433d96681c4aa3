import {
  CreditName,
  Visibility,
  type ConsentChoice,
  type CreditInput,
  type DocumentaryInput,
  type PaperConsentRequest,
  type PublishRequest,
} from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { MultiLine } from '../../common/input-text.js';

export class DocumentaryDto implements DocumentaryInput {
  @ApiProperty() @IsString() @Length(1, 200, { message: 'title must be 1 to 200 characters' }) title: string;
  @ApiProperty() @IsString() @MaxLength(5000) @MultiLine() description: string;
  @ApiProperty({ example: 'fr' }) @IsString() @Length(2, 12) language: string;
  @ApiProperty({ nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'videoClipId must be a clip id or null' })
  videoClipId: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'a ready render of the project instead of a clip' })
  @IsOptional()
  @IsUUID('all', { message: 'renderId must be a render id or null' })
  renderId?: string | null;
}

export class CreditDto implements CreditInput {
  @ApiProperty() @IsUUID('all', { message: 'personId must be a person id' }) personId: string;
  @ApiProperty() @IsBoolean() credited: boolean;
  @ApiProperty() @IsBoolean() appearing: boolean;
}

export class CreditsDto {
  @ApiProperty({ type: [CreditDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => CreditDto)
  credits: CreditDto[];
}

export class ConsentDto implements ConsentChoice {
  @ApiProperty() @IsBoolean() appearOnScreen: boolean;
  @ApiProperty() @IsBoolean() voice: boolean;
  @ApiProperty({ enum: CreditName })
  @IsEnum(CreditName, { message: 'creditAs must be full_name, first_name, pseudonym or none' })
  creditAs: CreditName;
  @ApiProperty({ nullable: true })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @Length(1, 80, { message: 'pseudonym must be 1 to 80 characters' })
  pseudonym: string | null;
  @ApiProperty({ enum: Visibility, nullable: true })
  @ValidateIf((_, v) => v !== null)
  @IsEnum(Visibility, { message: 'maxVisibility must be organisation, unlisted, public or null' })
  maxVisibility: Visibility | null;
}

export class PaperConsentDto extends ConsentDto implements PaperConsentRequest {
  @ApiPropertyOptional({ example: '2026-11-20', nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true }, { message: 'signedOn must be a date (YYYY-MM-DD)' })
  signedOn?: string | null;
}

export class PublishDto implements PublishRequest {
  @ApiProperty({ enum: Visibility })
  @IsEnum(Visibility, { message: 'visibility must be organisation, unlisted or public' })
  visibility: Visibility;
}
