import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateParticipantRequest,
  Device,
  JoinCode,
  Participant,
  ParticipantWithJoinCode,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** Participants, their join codes and signed-in devices (`/api/participants`). */
@Injectable({ providedIn: 'root' })
export class ParticipantsApi {
  private readonly http = inject(HttpClient);

  list(): Promise<Participant[]> {
    return firstValueFrom(this.http.get<Participant[]>('/api/participants'));
  }

  create(body: CreateParticipantRequest): Promise<ParticipantWithJoinCode> {
    return firstValueFrom(this.http.post<ParticipantWithJoinCode>('/api/participants', body));
  }

  newJoinCode(participantId: string): Promise<JoinCode> {
    return firstValueFrom(
      this.http.post<JoinCode>(`/api/participants/${encodeURIComponent(participantId)}/join-code`, null),
    );
  }

  devices(participantId: string): Promise<Device[]> {
    return firstValueFrom(this.http.get<Device[]>(`/api/participants/${encodeURIComponent(participantId)}/devices`));
  }

  /** Removes the participant from the organisation (admins). */
  remove(participantId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/participants/${encodeURIComponent(participantId)}`));
  }

  revokeDevice(participantId: string, deviceId: string): Promise<unknown> {
    return firstValueFrom(
      this.http.delete(
        `/api/participants/${encodeURIComponent(participantId)}/devices/${encodeURIComponent(deviceId)}`,
      ),
    );
  }
}
