import {
  LANGUAGES,
  Role,
  type ChangeRoleRequest,
  type InviteStaffRequest,
  type Language,
  type UpdateOrganisationRequest,
} from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '@atelier/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

export class UpdateOrganisationDto implements UpdateOrganisationRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(2, 120)
  name?: string;

  @ApiPropertyOptional({ enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  defaultLanguage?: Language;

  @ApiPropertyOptional({ example: 'atelier-bruxelles' })
  @IsOptional()
  @IsString()
  @Length(2, MAX_SLUG_LENGTH)
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters and digits, words joined by single dashes' })
  slug?: string;

  @ApiPropertyOptional({ enum: LANGUAGES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1, { message: 'languages must name at least one language' })
  @ArrayMaxSize(LANGUAGES.length)
  @IsIn(LANGUAGES, { each: true })
  languages?: Language[];

  @ApiPropertyOptional({ nullable: true, description: 'whole bytes; null for the instance default' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1024 * 1024)
  @Max(100 * 1024 ** 4)
  projectQuotaBytes?: number | null;
}

const STAFF = [Role.Admin, Role.Trainer] as const;

export class ChangeRoleDto implements ChangeRoleRequest {
  @ApiProperty({ enum: STAFF })
  @IsIn(STAFF, { message: 'role must be admin or trainer' })
  role: Role;
}

export class InviteStaffDto implements InviteStaffRequest {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @ApiProperty({ enum: STAFF })
  @IsIn(STAFF, { message: 'role must be admin or trainer' })
  role: Role.Admin | Role.Trainer;
}
