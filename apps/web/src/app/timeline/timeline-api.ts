import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  Render,
  SaveTimelineRequest,
  StartRenderRequest,
  Timeline,
  TimelineSource,
  TimelineVersionSummary,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** A project's timeline, its versions, its clips as sources, and its renders (`/api/projects/…`, `/api/renders/…`). */
@Injectable({ providedIn: 'root' })
export class TimelineApi {
  private readonly http = inject(HttpClient);

  private base(projectId: string): string {
    return `/api/projects/${encodeURIComponent(projectId)}`;
  }

  timeline(projectId: string): Promise<Timeline> {
    return firstValueFrom(this.http.get<Timeline>(`${this.base(projectId)}/timeline`));
  }

  save(projectId: string, body: SaveTimelineRequest): Promise<Timeline> {
    return firstValueFrom(this.http.put<Timeline>(`${this.base(projectId)}/timeline`, body));
  }

  versions(projectId: string): Promise<TimelineVersionSummary[]> {
    return firstValueFrom(this.http.get<TimelineVersionSummary[]>(`${this.base(projectId)}/timeline/versions`));
  }

  sources(projectId: string): Promise<TimelineSource[]> {
    return firstValueFrom(this.http.get<TimelineSource[]>(`${this.base(projectId)}/timeline/sources`));
  }

  render(projectId: string, body: StartRenderRequest): Promise<Render> {
    return firstValueFrom(this.http.post<Render>(`${this.base(projectId)}/render`, body));
  }

  renders(projectId: string): Promise<Render[]> {
    return firstValueFrom(this.http.get<Render[]>(`${this.base(projectId)}/renders`));
  }

  getRender(renderId: string): Promise<Render> {
    return firstValueFrom(this.http.get<Render>(`/api/renders/${encodeURIComponent(renderId)}`));
  }

  cancelRender(renderId: string): Promise<Render> {
    return firstValueFrom(this.http.post<Render>(`/api/renders/${encodeURIComponent(renderId)}/cancel`, {}));
  }
}
