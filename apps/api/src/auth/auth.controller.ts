import { isLanguage, type InvitationPreview, type Me } from '@atelier/contracts';
import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.module.js';
import type { AuthUser } from './auth-user.js';
import { Auth, ClientInfo, Public } from './auth.decorators.js';
import { AuthService, type SignedIn } from './auth.service.js';
import { AcceptInvitationDto } from './dto/accept-invitation.dto.js';
import { JoinDto } from './dto/join.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { UpdateMeDto } from './dto/update-me.dto.js';
import { clearSessionCookies, setSessionCookies } from './session-cookies.js';

@ApiTags('auth')
@Controller('api')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(
    @Body() dto: LoginDto,
    @ClientInfo() client: { ip: string; userAgent: string },
    @Res({ passthrough: true }) res: Response,
  ): Promise<Me> {
    return this.signIn(res, await this.auth.login(dto, client));
  }

  @Public()
  @Post('auth/join')
  @HttpCode(200)
  async join(
    @Body() dto: JoinDto,
    @ClientInfo() client: { ip: string; userAgent: string },
    @Res({ passthrough: true }) res: Response,
  ): Promise<Me> {
    return this.signIn(res, await this.auth.join(dto, client));
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Auth() who: AuthUser, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(who);
    clearSessionCookies(res, this.config.cookieSecure);
  }

  @Get('me')
  me(@Auth() who: AuthUser): Promise<Me> {
    return this.auth.me(who);
  }

  @Patch('me')
  updateMe(@Auth() who: AuthUser, @Body() dto: UpdateMeDto): Promise<Me> {
    return this.auth.updateMe(who, dto);
  }

  @Public()
  @Get('invitations/:token')
  previewInvitation(@Param('token') token: string): Promise<InvitationPreview> {
    return this.auth.previewInvitation(token);
  }

  @Public()
  @Post('invitations/:token/accept')
  @HttpCode(200)
  async acceptInvitation(
    @Param('token') token: string,
    @Body() dto: AcceptInvitationDto,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Me> {
    const language = acceptLanguage?.slice(0, 2);
    return this.signIn(res, await this.auth.acceptInvitation(token, dto, isLanguage(language) ? language : 'fr'));
  }

  private signIn(res: Response, s: SignedIn): Me {
    setSessionCookies(res, s.token, s.csrf, s.expiresAt, this.config.cookieSecure);
    return s.me;
  }
}
