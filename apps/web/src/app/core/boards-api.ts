import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  BoardSummary,
  BoardTemplateInfo,
  BoardView,
  CreateBoardRequest,
  PhotoUploadResult,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/**
 * Boards over HTTP (`/api/boards`). The live part — joining, ops, patches, presence — goes over the
 * `/boards` socket.io namespace: `inject(Realtime).open<BoardServerEvents, BoardClientEvents>(BOARDS_NAMESPACE)`.
 */
@Injectable({ providedIn: 'root' })
export class BoardsApi {
  private readonly http = inject(HttpClient);

  templates(): Promise<BoardTemplateInfo[]> {
    return firstValueFrom(this.http.get<BoardTemplateInfo[]>('/api/boards/templates'));
  }

  create(body: CreateBoardRequest): Promise<BoardSummary> {
    return firstValueFrom(this.http.post<BoardSummary>('/api/boards', body));
  }

  /** Staff: the organisation's boards (optionally of one session). Participants: open boards of their sessions. */
  list(sessionId?: string): Promise<BoardSummary[]> {
    const params: Record<string, string> = sessionId ? { sessionId } : {};
    return firstValueFrom(this.http.get<BoardSummary[]>('/api/boards', { params }));
  }

  get(id: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.get<BoardSummary>(`/api/boards/${encodeURIComponent(id)}`));
  }

  byCode(code: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.get<BoardSummary>(`/api/boards/by-code/${encodeURIComponent(code)}`));
  }

  /** The viewer's current view over HTTP (first paint, or a device without websockets). */
  view(id: string, presenter = false): Promise<BoardView> {
    return firstValueFrom(
      this.http.get<BoardView>(`/api/boards/${encodeURIComponent(id)}/view`, {
        params: presenter ? { presenter: 'true' } : {},
      }),
    );
  }

  close(id: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.post<BoardSummary>(`/api/boards/${encodeURIComponent(id)}/close`, null));
  }

  open(id: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.post<BoardSummary>(`/api/boards/${encodeURIComponent(id)}/open`, null));
  }

  exportCsvUrl(id: string): string {
    return `/api/boards/${encodeURIComponent(id)}/export.csv`;
  }

  /** A photo for a card: the JPEG or PNG bytes as the body; the server strips location data. */
  uploadPhoto(id: string, photo: Blob): Promise<PhotoUploadResult> {
    return firstValueFrom(
      this.http.post<PhotoUploadResult>(`/api/boards/${encodeURIComponent(id)}/photos`, photo, {
        headers: { 'Content-Type': photo.type },
      }),
    );
  }

  photoUrl(id: string, photoId: string): string {
    return `/api/boards/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}`;
  }
}
