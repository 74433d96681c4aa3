import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ConsentChoice,
  ConsentHistoryEntry,
  CreditInput,
  Documentary,
  DocumentaryInput,
  MyConsent,
  PaperConsentRequest,
  PublishingOverview,
  PublishingProjectSummary,
  SubtitleTrack,
  Visibility,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

const id = encodeURIComponent;
const base = (projectId: string) => `/api/publishing/projects/${id(projectId)}`;

/** Staff: documentaries, credits, paper consent, subtitles and publishing (`/api/publishing/…`). */
@Injectable({ providedIn: 'root' })
export class PublishingApi {
  private readonly http = inject(HttpClient);

  projects(): Promise<PublishingProjectSummary[]> {
    return firstValueFrom(this.http.get<PublishingProjectSummary[]>('/api/publishing/projects'));
  }

  overview(projectId: string): Promise<PublishingOverview> {
    return firstValueFrom(this.http.get<PublishingOverview>(base(projectId)));
  }

  saveDocumentary(projectId: string, body: DocumentaryInput): Promise<Documentary> {
    return firstValueFrom(this.http.put<Documentary>(`${base(projectId)}/documentary`, body));
  }

  setCredits(projectId: string, credits: CreditInput[]): Promise<PublishingOverview> {
    return firstValueFrom(this.http.put<PublishingOverview>(`${base(projectId)}/credits`, { credits }));
  }

  recordPaperConsent(projectId: string, personId: string, body: PaperConsentRequest): Promise<PublishingOverview> {
    return firstValueFrom(this.http.put<PublishingOverview>(`${base(projectId)}/consents/${id(personId)}`, body));
  }

  /** The photo of the signed form, as multipart (streamed to storage by the API). */
  attachPaperForm(projectId: string, personId: string, photo: File): Promise<PublishingOverview> {
    const form = new FormData();
    form.append('photo', photo, photo.name);
    return firstValueFrom(
      this.http.put<PublishingOverview>(`${base(projectId)}/consents/${id(personId)}/paper-form`, form),
    );
  }

  paperFormUrl(projectId: string, personId: string): string {
    return `${base(projectId)}/consents/${id(personId)}/paper-form`;
  }

  history(projectId: string, personId: string): Promise<ConsentHistoryEntry[]> {
    return firstValueFrom(this.http.get<ConsentHistoryEntry[]>(`${base(projectId)}/consents/${id(personId)}/history`));
  }

  publish(projectId: string, visibility: Visibility): Promise<PublishingOverview> {
    return firstValueFrom(this.http.post<PublishingOverview>(`${base(projectId)}/publish`, { visibility }));
  }

  unpublish(projectId: string): Promise<PublishingOverview> {
    return firstValueFrom(this.http.post<PublishingOverview>(`${base(projectId)}/unpublish`, null));
  }

  /** The file's text as the body; the API converts SRT and checks every line. */
  uploadSubtitles(projectId: string, language: string, label: string, text: string): Promise<SubtitleTrack[]> {
    return firstValueFrom(
      this.http.put<SubtitleTrack[]>(`${base(projectId)}/subtitles/${id(language)}`, text, {
        params: { label },
        headers: { 'Content-Type': 'text/plain; charset=utf-8' },
      }),
    );
  }

  deleteSubtitles(projectId: string, language: string): Promise<SubtitleTrack[]> {
    return firstValueFrom(this.http.delete<SubtitleTrack[]>(`${base(projectId)}/subtitles/${id(language)}`));
  }

  readNotices(projectId: string): Promise<unknown> {
    return firstValueFrom(this.http.post(`${base(projectId)}/notices/read`, null));
  }
}

/** A participant's own consent (`/api/me/consents`). */
@Injectable({ providedIn: 'root' })
export class MyConsentApi {
  private readonly http = inject(HttpClient);

  list(): Promise<MyConsent[]> {
    return firstValueFrom(this.http.get<MyConsent[]>('/api/me/consents'));
  }

  record(projectId: string, choice: ConsentChoice): Promise<MyConsent> {
    return firstValueFrom(this.http.put<MyConsent>(`/api/me/consents/${id(projectId)}`, choice));
  }
}
