import {
  ClipTag,
  type AddGroupMemberRequest,
  type CreateMediaGroupRequest,
  type UpdateClipRequest,
  type UpdateMediaGroupRequest,
} from '@atelier/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, Length } from 'class-validator';

export class CreateMediaGroupDto implements CreateMediaGroupRequest {
  @ApiProperty() @IsString() @Length(1, 120, { message: 'name must be 1 to 120 characters' }) name: string;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'programmeId must be a programme id' })
  programmeId?: string | null;
}

export class UpdateMediaGroupDto implements UpdateMediaGroupRequest {
  @ApiProperty() @IsString() @Length(1, 120, { message: 'name must be 1 to 120 characters' }) name: string;
}

export class AddGroupMemberDto implements AddGroupMemberRequest {
  @ApiProperty() @IsUUID('all', { message: 'participantId must be a participant id' }) participantId: string;
}

export class UpdateClipDto implements UpdateClipRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'title must be 1 to 200 characters' })
  title?: string;
  @ApiPropertyOptional({ enum: ClipTag, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(ClipTag, { each: true, message: 'tags must be scene, interview or b_roll' })
  tags?: ClipTag[];
}
