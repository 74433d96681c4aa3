import {
  LANGUAGES,
  MAX_SLUG_LENGTH,
  SLUG_PATTERN,
  type CreateOrganisationRequest,
  type Language,
} from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class FirstAdminDto {
  @ApiProperty()
  @IsString()
  @Length(1, 80)
  displayName: string;

  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}

export class CreateOrganisationDto implements CreateOrganisationRequest {
  @ApiProperty()
  @IsString()
  @Length(2, 120)
  name: string;

  @ApiPropertyOptional({ example: 'atelier-liege' })
  @IsOptional()
  @IsString()
  @Length(2, MAX_SLUG_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters and digits, words joined by single dashes' })
  slug?: string;

  @ApiProperty({ enum: LANGUAGES, isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'languages must name at least one language' })
  @ArrayMaxSize(LANGUAGES.length)
  @IsIn(LANGUAGES, { each: true })
  languages: Language[];

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES)
  defaultLanguage: Language;

  @ApiProperty({ type: FirstAdminDto })
  @ValidateNested()
  @Type(() => FirstAdminDto)
  admin: FirstAdminDto;
}
