import {
  READ_ALOUD_KEY,
  READ_ALOUD_LANGUAGE,
  READ_ALOUD_MAX_CHARS,
  READ_ALOUD_MAX_KEYS,
  type ReadAloudRequest,
  type ReadAloudScreenRequest,
} from '@atelier/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Length, Matches } from 'class-validator';

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

export class ReadAloudScreenDto implements ReadAloudScreenRequest {
  @ApiProperty({ example: 'fr' })
  @IsString()
  @Matches(READ_ALOUD_LANGUAGE, { message: 'language must be a language tag such as fr or fa-AF' })
  language: string;

  @ApiProperty({ example: ['join.title', 'join.lead'], description: 'Translation keys of the UI strings, in order.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(READ_ALOUD_MAX_KEYS)
  @Matches(READ_ALOUD_KEY, { each: true, message: 'keys must be translation keys such as join.title' })
  keys: string[];
}
