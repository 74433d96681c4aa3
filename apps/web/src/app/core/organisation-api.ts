import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ChangeRoleRequest,
  Invitation,
  InviteStaffRequest,
  Member,
  Organisation,
  PasswordResetLink,
  UpdateOrganisationRequest,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** The organisation, its staff and their invitations (`/api/organisation`). */
@Injectable({ providedIn: 'root' })
export class OrganisationApi {
  private readonly http = inject(HttpClient);

  get(): Promise<Organisation> {
    return firstValueFrom(this.http.get<Organisation>('/api/organisation'));
  }

  update(body: UpdateOrganisationRequest): Promise<Organisation> {
    return firstValueFrom(this.http.patch<Organisation>('/api/organisation', body));
  }

  members(): Promise<Member[]> {
    return firstValueFrom(this.http.get<Member[]>('/api/organisation/members'));
  }

  changeRole(userId: string, body: ChangeRoleRequest): Promise<unknown> {
    return firstValueFrom(this.http.patch(`/api/organisation/members/${encodeURIComponent(userId)}`, body));
  }

  removeMember(userId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/organisation/members/${encodeURIComponent(userId)}`));
  }

  /** A one-time link for a staff member to choose a new password (shown to copy, e-mailed when SMTP is set). */
  issuePasswordReset(userId: string): Promise<PasswordResetLink> {
    return firstValueFrom(
      this.http.post<PasswordResetLink>(`/api/organisation/members/${encodeURIComponent(userId)}/password-reset`, null),
    );
  }

  invitations(): Promise<Invitation[]> {
    return firstValueFrom(this.http.get<Invitation[]>('/api/organisation/invitations'));
  }

  invite(body: InviteStaffRequest): Promise<Invitation> {
    return firstValueFrom(this.http.post<Invitation>('/api/organisation/invitations', body));
  }

  cancelInvitation(id: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/organisation/invitations/${encodeURIComponent(id)}`));
  }
}
