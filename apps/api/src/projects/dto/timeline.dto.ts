import type { SaveTimelineRequest, StartRenderRequest, TimelineDocument } from '@atelier/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsObject, Min } from 'class-validator';

export class SaveTimelineDto implements SaveTimelineRequest {
  @ApiProperty({ description: 'The version this edit started from (0 for a new timeline).' })
  @IsInt()
  @Min(0)
  baseVersion: number;
  /** Checked field by field by the timeline model (readTimelineDocument): segments are of three kinds. */
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() document: TimelineDocument;
}

export class StartRenderDto implements StartRenderRequest {
  @ApiProperty() @IsInt() @Min(1) version: number;
}
