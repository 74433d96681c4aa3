import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AttendanceAlert,
  CheckInDisplay,
  MarkRequest,
  ProgrammeReport,
  Roster,
  RosterEntry,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

const id = encodeURIComponent;

/** Taking attendance and reading it back, for staff (`/api/sessions/…`, reports, alerts). */
@Injectable({ providedIn: 'root' })
export class AttendanceApi {
  private readonly http = inject(HttpClient);

  roster(sessionId: string): Promise<Roster> {
    return firstValueFrom(this.http.get<Roster>(`/api/sessions/${id(sessionId)}/roster`));
  }

  /** Sets one person's mark; `status: null` clears it. */
  mark(sessionId: string, body: MarkRequest): Promise<RosterEntry> {
    return firstValueFrom(this.http.put<RosterEntry>(`/api/sessions/${id(sessionId)}/marks`, body));
  }

  /** Marks everyone without a mark absent; answers with the whole roster. */
  markRestAbsent(sessionId: string): Promise<Roster> {
    return firstValueFrom(this.http.post<Roster>(`/api/sessions/${id(sessionId)}/marks/rest-absent`, null));
  }

  confirmAbsence(absenceId: string): Promise<RosterEntry> {
    return firstValueFrom(this.http.post<RosterEntry>(`/api/absences/${id(absenceId)}/confirm`, null));
  }

  declineAbsence(absenceId: string): Promise<RosterEntry> {
    return firstValueFrom(this.http.post<RosterEntry>(`/api/absences/${id(absenceId)}/decline`, null));
  }

  /** The code the room's screen shows now. */
  checkInCode(sessionId: string): Promise<CheckInDisplay> {
    return firstValueFrom(this.http.get<CheckInDisplay>(`/api/sessions/${id(sessionId)}/check-in-code`));
  }

  report(programmeId: string): Promise<ProgrammeReport> {
    return firstValueFrom(this.http.get<ProgrammeReport>(`/api/programmes/${id(programmeId)}/report`));
  }

  /** A plain link: the browser downloads the file with the session cookie. */
  reportCsvUrl(programmeId: string): string {
    return `/api/programmes/${id(programmeId)}/report.csv`;
  }

  /** A participant's attendance certificate (PDF, in their language); refused until they complete. */
  certificateUrl(programmeId: string, participantId: string): string {
    return `/api/programmes/${id(programmeId)}/participants/${id(participantId)}/certificate.pdf`;
  }

  /** A paper sign-in sheet for the session (PDF), headed in `lang`. */
  signInSheetUrl(sessionId: string, lang: string): string {
    return `/api/sessions/${id(sessionId)}/sign-in-sheet.pdf?lang=${id(lang)}`;
  }

  alerts(programmeId: string): Promise<AttendanceAlert[]> {
    return firstValueFrom(this.http.get<AttendanceAlert[]>(`/api/programmes/${id(programmeId)}/alerts`));
  }

  readAlert(alertId: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`/api/alerts/${id(alertId)}/read`, null));
  }
}
