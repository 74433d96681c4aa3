import { LANGUAGES, type CreateParticipantRequest, type Language } from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';

export class CreateParticipantDto implements CreateParticipantRequest {
  @ApiProperty({ example: 'Amina', description: 'A display name; a pseudonym is fine.' })
  @IsString()
  @Length(1, 80)
  displayName: string;

  @ApiProperty({ enum: LANGUAGES })
  @IsIn(LANGUAGES, { message: `preferredLanguage must be one of ${LANGUAGES.join(', ')}` })
  preferredLanguage: Language;

  @ApiPropertyOptional({ example: '+32 470 12 34 56' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()./-]{6,24}$/, { message: 'phone must be a phone number (digits, spaces, +)' })
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;
}
