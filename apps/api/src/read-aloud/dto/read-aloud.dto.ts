import { READ_ALOUD_LANGUAGE, READ_ALOUD_MAX_CHARS, type ReadAloudRequest } from '@atelier/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class ReadAloudDto implements ReadAloudRequest {
  @ApiProperty({ example: 'fa-AF', description: "The participant's UI language." })
  @IsString()
  @Matches(READ_ALOUD_LANGUAGE, { message: 'language must be a language tag such as fr or fa-AF' })
  language: string;

  @ApiProperty({ example: 'Next session: Tuesday 14:00', description: "The screen's main text, as shown." })
  @IsString()
  @Length(1, READ_ALOUD_MAX_CHARS, { message: `text must be 1 to ${READ_ALOUD_MAX_CHARS} characters` })
  text: string;
}
