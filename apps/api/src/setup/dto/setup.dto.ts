import { LANGUAGES, MAX_SLUG_LENGTH, PASSWORD_MIN_LENGTH, type Language, type SetupRequest } from '@atelier/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsString, Length, MaxLength, MinLength } from 'class-validator';

export class SetupDto implements SetupRequest {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  token: string;

  @ApiProperty()
  @IsString()
  @Length(1, 120)
  organisationName: string;

  @ApiProperty({ example: 'atelier-gent' })
  @IsString()
  @Length(1, MAX_SLUG_LENGTH)
  slug: string;

  @ApiProperty({ enum: LANGUAGES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LANGUAGES.length)
  @IsIn(LANGUAGES, { each: true })
  languages: Language[];

  @ApiProperty()
  @IsString()
  @Length(1, 80)
  adminName: string;

  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  adminEmail: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `adminPassword must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(200)
  adminPassword: string;
}
