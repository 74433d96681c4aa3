import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateProgrammeRequest,
  Enrolment,
  GenerateSeriesRequest,
  Programme,
  RecordStepRequest,
  Session,
  SessionInput,
  UpdateEnrolmentRequest,
  UpdateProgrammeRequest,
  UpdateSessionRequest,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

const id = encodeURIComponent;

/** Programmes, their sessions and who is enrolled (`/api/programmes`, `/api/sessions`, `/api/enrolments`). */
@Injectable({ providedIn: 'root' })
export class ProgrammesApi {
  private readonly http = inject(HttpClient);

  list(): Promise<Programme[]> {
    return firstValueFrom(this.http.get<Programme[]>('/api/programmes'));
  }

  create(body: CreateProgrammeRequest): Promise<Programme> {
    return firstValueFrom(this.http.post<Programme>('/api/programmes', body));
  }

  get(programmeId: string): Promise<Programme> {
    return firstValueFrom(this.http.get<Programme>(`/api/programmes/${id(programmeId)}`));
  }

  update(programmeId: string, body: UpdateProgrammeRequest): Promise<Programme> {
    return firstValueFrom(this.http.patch<Programme>(`/api/programmes/${id(programmeId)}`, body));
  }

  /** Every session, cancelled ones too, by start time. */
  sessions(programmeId: string): Promise<Session[]> {
    return firstValueFrom(this.http.get<Session[]>(`/api/programmes/${id(programmeId)}/sessions`));
  }

  /** Plans a weekly series; answers with the new sessions only. */
  generateSeries(programmeId: string, body: GenerateSeriesRequest): Promise<Session[]> {
    return firstValueFrom(this.http.post<Session[]>(`/api/programmes/${id(programmeId)}/sessions/series`, body));
  }

  addSession(programmeId: string, body: SessionInput): Promise<Session> {
    return firstValueFrom(this.http.post<Session>(`/api/programmes/${id(programmeId)}/sessions`, body));
  }

  updateSession(sessionId: string, body: UpdateSessionRequest): Promise<Session> {
    return firstValueFrom(this.http.patch<Session>(`/api/sessions/${id(sessionId)}`, body));
  }

  cancelSession(sessionId: string): Promise<Session> {
    return firstValueFrom(this.http.post<Session>(`/api/sessions/${id(sessionId)}/cancel`, null));
  }

  restoreSession(sessionId: string): Promise<Session> {
    return firstValueFrom(this.http.post<Session>(`/api/sessions/${id(sessionId)}/restore`, null));
  }

  enrolments(programmeId: string): Promise<Enrolment[]> {
    return firstValueFrom(this.http.get<Enrolment[]>(`/api/programmes/${id(programmeId)}/enrolments`));
  }

  /** Enrols a participant, or puts them on the waiting list when the programme is full. */
  enrol(programmeId: string, participantId: string): Promise<Enrolment> {
    return firstValueFrom(
      this.http.post<Enrolment>(`/api/programmes/${id(programmeId)}/enrolments`, { participantId }),
    );
  }

  updateEnrolment(enrolmentId: string, body: UpdateEnrolmentRequest): Promise<Enrolment> {
    return firstValueFrom(this.http.patch<Enrolment>(`/api/enrolments/${id(enrolmentId)}`, body));
  }

  recordStep(enrolmentId: string, body: RecordStepRequest): Promise<Enrolment> {
    return firstValueFrom(this.http.post<Enrolment>(`/api/enrolments/${id(enrolmentId)}/steps`, body));
  }
}
