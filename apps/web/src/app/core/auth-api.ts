import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AcceptInvitationRequest,
  AuthOptions,
  ChangePasswordRequest,
  CompletePasswordResetRequest,
  PasswordResetPreview,
  InvitationPreview,
  JoinRequest,
  LoginRequest,
  Me,
  SetupRequest,
  SetupStatus,
  UpdateMeRequest,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** Signing in and out, and the signed-in person (`/api/auth`, `/api/me`, `/api/invitations`). */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(body: LoginRequest): Promise<Me> {
    return firstValueFrom(this.http.post<Me>('/api/auth/login', body));
  }

  join(body: JoinRequest): Promise<Me> {
    return firstValueFrom(this.http.post<Me>('/api/auth/join', body));
  }

  logout(): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/auth/logout', null));
  }

  me(): Promise<Me> {
    return firstValueFrom(this.http.get<Me>('/api/me'));
  }

  updateMe(body: UpdateMeRequest): Promise<Me> {
    return firstValueFrom(this.http.patch<Me>('/api/me', body));
  }

  invitation(token: string): Promise<InvitationPreview> {
    return firstValueFrom(this.http.get<InvitationPreview>(`/api/invitations/${encodeURIComponent(token)}`));
  }

  acceptInvitation(token: string, body: AcceptInvitationRequest): Promise<Me> {
    return firstValueFrom(this.http.post<Me>(`/api/invitations/${encodeURIComponent(token)}/accept`, body));
  }

  options(): Promise<AuthOptions> {
    return firstValueFrom(this.http.get<AuthOptions>('/api/auth/options'));
  }

  forgotPassword(email: string): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/auth/forgot-password', { email }));
  }

  changePassword(body: ChangePasswordRequest): Promise<unknown> {
    return firstValueFrom(this.http.post('/api/me/password', body));
  }

  passwordReset(token: string): Promise<PasswordResetPreview> {
    return firstValueFrom(this.http.get<PasswordResetPreview>(`/api/password-resets/${encodeURIComponent(token)}`));
  }

  completePasswordReset(token: string, body: CompletePasswordResetRequest): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/password-resets/${encodeURIComponent(token)}`, body));
  }

  /** Whether this first-run link can still create the first organisation. */
  setupStatus(token: string): Promise<SetupStatus> {
    return firstValueFrom(this.http.get<SetupStatus>('/api/setup', { params: { token } }));
  }

  setup(body: SetupRequest): Promise<Me> {
    return firstValueFrom(this.http.post<Me>('/api/setup', body));
  }
}
