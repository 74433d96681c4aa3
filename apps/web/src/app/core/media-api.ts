import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  Clip,
  ClipPlayback,
  CreateMediaGroupRequest,
  MediaGroup,
  UpdateClipRequest,
  UploadLimits,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

const id = encodeURIComponent;

/** Groups, their bins of clips and playback (`/api/media`, `/api/clips`). Uploads go through tus (see studio/clip-uploads). */
@Injectable({ providedIn: 'root' })
export class MediaApi {
  private readonly http = inject(HttpClient);

  groups(): Promise<MediaGroup[]> {
    return firstValueFrom(this.http.get<MediaGroup[]>('/api/media/groups'));
  }

  group(groupId: string): Promise<MediaGroup> {
    return firstValueFrom(this.http.get<MediaGroup>(`/api/media/groups/${id(groupId)}`));
  }

  createGroup(body: CreateMediaGroupRequest): Promise<MediaGroup> {
    return firstValueFrom(this.http.post<MediaGroup>('/api/media/groups', body));
  }

  addMember(groupId: string, participantId: string): Promise<MediaGroup> {
    return firstValueFrom(this.http.post<MediaGroup>(`/api/media/groups/${id(groupId)}/members`, { participantId }));
  }

  removeMember(groupId: string, participantId: string): Promise<MediaGroup> {
    return firstValueFrom(
      this.http.delete<MediaGroup>(`/api/media/groups/${id(groupId)}/members/${id(participantId)}`),
    );
  }

  limits(projectId: string): Promise<UploadLimits> {
    return firstValueFrom(this.http.get<UploadLimits>(`/api/media/projects/${id(projectId)}/upload-limits`));
  }

  clips(projectId: string): Promise<Clip[]> {
    return firstValueFrom(this.http.get<Clip[]>(`/api/media/projects/${id(projectId)}/clips`));
  }

  clip(clipId: string): Promise<Clip> {
    return firstValueFrom(this.http.get<Clip>(`/api/clips/${id(clipId)}`));
  }

  update(clipId: string, body: UpdateClipRequest): Promise<Clip> {
    return firstValueFrom(this.http.patch<Clip>(`/api/clips/${id(clipId)}`, body));
  }

  delete(clipId: string): Promise<unknown> {
    return firstValueFrom(this.http.delete(`/api/clips/${id(clipId)}`));
  }

  retry(clipId: string): Promise<Clip> {
    return firstValueFrom(this.http.post<Clip>(`/api/clips/${id(clipId)}/retry`, null));
  }

  playback(clipId: string): Promise<ClipPlayback> {
    return firstValueFrom(this.http.get<ClipPlayback>(`/api/clips/${id(clipId)}/playback`));
  }

  /** The original file, downloaded by the browser itself (the session cookie authorises it). */
  originalUrl(clipId: string): string {
    return `/api/clips/${id(clipId)}/original`;
  }
}
