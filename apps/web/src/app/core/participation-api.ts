import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AbsenceNotice,
  AbsenceReason,
  CheckInRequest,
  CheckInResult,
  MyProgramme,
  MySession,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** A participant's own programmes and sessions, checking in and saying "I can't come" (`/api/me/…`). */
@Injectable({ providedIn: 'root' })
export class ParticipationApi {
  private readonly http = inject(HttpClient);

  programmes(): Promise<MyProgramme[]> {
    return firstValueFrom(this.http.get<MyProgramme[]>('/api/me/programmes'));
  }

  joinProgramme(code: string): Promise<MyProgramme> {
    return firstValueFrom(this.http.post<MyProgramme>('/api/me/programmes/join', { code }));
  }

  /** Sessions of the last 60 days and upcoming ones, by start time, with the person's own mark. */
  sessions(): Promise<MySession[]> {
    return firstValueFrom(this.http.get<MySession[]>('/api/me/sessions'));
  }

  checkIn(body: CheckInRequest): Promise<CheckInResult> {
    return firstValueFrom(this.http.post<CheckInResult>('/api/me/check-in', body));
  }

  cantCome(sessionId: string, reason: AbsenceReason, note?: string): Promise<AbsenceNotice> {
    return firstValueFrom(
      this.http.post<AbsenceNotice>(`/api/me/sessions/${encodeURIComponent(sessionId)}/absence`, {
        reason,
        ...(note ? { note } : {}),
      }),
    );
  }

  /** Takes back "I can't come" while no trainer has answered it. */
  withdrawAbsence(sessionId: string): Promise<void> {
    return firstValueFrom(this.http.delete<void>(`/api/me/sessions/${encodeURIComponent(sessionId)}/absence`));
  }
}
