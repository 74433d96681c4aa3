import type { JoinRequest } from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';

export class JoinDto implements JoinRequest {
  @ApiProperty({ example: 'K7MQ-4XTR', description: 'Case, spaces and dashes do not matter.' })
  @IsString()
  @Length(4, 20)
  code: string;

  @ApiPropertyOptional({ example: 'Android phone' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  deviceLabel?: string;
}
