import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { DemoDataRemoved, DemoDataSummary } from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** The demo people `npm start` created in this organisation (`/api/organisation/demo-data`). */
@Injectable({ providedIn: 'root' })
export class DemoDataApi {
  private readonly http = inject(HttpClient);

  summary(): Promise<DemoDataSummary> {
    return firstValueFrom(this.http.get<DemoDataSummary>('/api/organisation/demo-data'));
  }

  remove(): Promise<DemoDataRemoved> {
    return firstValueFrom(this.http.delete<DemoDataRemoved>('/api/organisation/demo-data'));
  }
}
