import { Role, type AuthOptions, type PasswordResetLink, type PasswordResetPreview } from '@atelier/contracts';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ID } from '../common/id.pipe.js';
import type { AuthUser } from './auth-user.js';
import { Auth, ClientInfo, Public, Roles } from './auth.decorators.js';
import { ChangePasswordDto, CompletePasswordResetDto, ForgotPasswordDto } from './dto/passwords.dto.js';
import { PasswordsService } from './passwords.service.js';

@ApiTags('auth')
@Controller('api')
export class PasswordsController {
  constructor(private readonly passwords: PasswordsService) {}

  @Public()
  @Get('auth/options')
  options(): AuthOptions {
    return this.passwords.options();
  }

  @Post('me/password')
  @Roles(Role.Admin, Role.Trainer)
  @HttpCode(204)
  change(@Auth() who: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.passwords.change(who, dto);
  }

  @Public()
  @Post('auth/forgot-password')
  @HttpCode(202)
  forgot(@Body() dto: ForgotPasswordDto, @ClientInfo() client: { ip: string; userAgent: string }): Promise<void> {
    return this.passwords.requestByEmail(dto.email, client);
  }

  @Public()
  @Get('password-resets/:token')
  preview(@Param('token') token: string): Promise<PasswordResetPreview> {
    return this.passwords.preview(token);
  }

  @Public()
  @Post('password-resets/:token')
  @HttpCode(204)
  complete(@Param('token') token: string, @Body() dto: CompletePasswordResetDto): Promise<void> {
    return this.passwords.complete(token, dto);
  }

  @Post('organisation/members/:userId/password-reset')
  @Roles(Role.Admin)
  issue(@Auth() who: AuthUser, @Param('userId', ID) userId: string): Promise<PasswordResetLink> {
    return this.passwords.issueForMember(who, userId);
  }
}
