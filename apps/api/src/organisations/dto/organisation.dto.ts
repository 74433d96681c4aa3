import { LANGUAGES, Role, type ChangeRoleRequest, type InviteStaffRequest, type Language, type UpdateOrganisationRequest } from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length } from 'class-validator';

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
