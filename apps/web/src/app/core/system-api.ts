import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { PingResult } from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** Checks on the running system (`/api/system`, admins only). */
@Injectable({ providedIn: 'root' })
export class SystemApi {
  private readonly http = inject(HttpClient);

  /** Sends a job through the queue to the worker and back. */
  ping(): Promise<PingResult> {
    return firstValueFrom(this.http.post<PingResult>('/api/system/ping', null));
  }
}
