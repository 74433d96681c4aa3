import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Clock } from '../common/clock.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { InvitationRepository } from './invitation.repository.js';
import { JoinCodeRepository } from './join-code.repository.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';
import { PasswordHasher } from './password-hasher.js';
import { PasswordResetMailer } from './password-reset-mailer.js';
import { PasswordResetRepository } from './password-reset.repository.js';
import { PasswordsController } from './passwords.controller.js';
import { PasswordsService } from './passwords.service.js';
import { RateLimiter } from './rate-limiter.js';
import { SessionRepository } from './session.repository.js';
import { SessionRevocations } from './session-revocations.js';
import { UserRepository } from './user.repository.js';

/**
 * Owns every credential: staff passwords, sessions and device tokens, join codes and invitation
 * links. Other contexts use its repositories to issue or revoke them.
 */
@Module({
  controllers: [AuthController, PasswordsController],
  providers: [
    AuthService,
    UserRepository,
    SessionRepository,
    SessionRevocations,
    JoinCodeRepository,
    InvitationRepository,
    LoginThrottleRepository,
    PasswordHasher,
    PasswordsService,
    PasswordResetRepository,
    PasswordResetMailer,
    RateLimiter,
    Clock,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [
    AuthService,
    UserRepository,
    SessionRepository,
    SessionRevocations,
    JoinCodeRepository,
    InvitationRepository,
    LoginThrottleRepository,
    PasswordHasher,
    PasswordsService,
    Clock,
  ],
})
export class AuthModule {}
