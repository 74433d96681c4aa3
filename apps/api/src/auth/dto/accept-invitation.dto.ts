import { PASSWORD_MIN_LENGTH, type AcceptInvitationRequest } from '@atelier/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MinLength, MaxLength } from 'class-validator';

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 80)
  displayName: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(200)
  password: string;
}
