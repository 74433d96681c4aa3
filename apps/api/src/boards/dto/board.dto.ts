import { BOARD_LIMITS, BoardTemplate, type CreateBoardRequest } from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';

export class CreateBoardDto implements CreateBoardRequest {
  @ApiProperty({ enum: BoardTemplate })
  @IsEnum(BoardTemplate, { message: 'template must be co-creation, video-storyboard, retrospective or blank' })
  template: BoardTemplate;

  @ApiProperty() @IsString() @Length(1, BOARD_LIMITS.boardTitle) title: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID('all', { message: 'sessionId must be the id of a session' })
  sessionId?: string | null;
}
