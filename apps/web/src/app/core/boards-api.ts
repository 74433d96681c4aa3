import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { BoardSummary, BoardTemplateInfo, CreateBoardRequest } from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

const id = encodeURIComponent;

/** Live boards over HTTP (`/api/boards`): create, list, find by code, export. Live changes go over the socket. */
@Injectable({ providedIn: 'root' })
export class BoardsApi {
  private readonly http = inject(HttpClient);

  templates(): Promise<BoardTemplateInfo[]> {
    return firstValueFrom(this.http.get<BoardTemplateInfo[]>('/api/boards/templates'));
  }

  /** Staff: the organisation's boards. Participants: the open boards of their sessions. */
  list(sessionId?: string): Promise<BoardSummary[]> {
    const params: Record<string, string> = sessionId ? { sessionId } : {};
    return firstValueFrom(this.http.get<BoardSummary[]>('/api/boards', { params }));
  }

  create(body: CreateBoardRequest): Promise<BoardSummary> {
    return firstValueFrom(this.http.post<BoardSummary>('/api/boards', body));
  }

  get(boardId: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.get<BoardSummary>(`/api/boards/${id(boardId)}`));
  }

  byCode(code: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.get<BoardSummary>(`/api/boards/by-code/${id(code)}`));
  }

  close(boardId: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.post<BoardSummary>(`/api/boards/${id(boardId)}/close`, {}));
  }

  open(boardId: string): Promise<BoardSummary> {
    return firstValueFrom(this.http.post<BoardSummary>(`/api/boards/${id(boardId)}/open`, {}));
  }

  /** The CSV of cards, groups and votes, as the server writes it. */
  exportCsvUrl(boardId: string): string {
    return `/api/boards/${id(boardId)}/export.csv`;
  }
}
