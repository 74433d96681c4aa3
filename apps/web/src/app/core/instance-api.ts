import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreatedOrganisation,
  CreateOrganisationRequest,
  InstanceBackups,
  InstanceOrganisation,
} from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

/** Every organisation of this Atelier, for instance administrators (`/api/instance/organisations`). */
@Injectable({ providedIn: 'root' })
export class InstanceApi {
  private readonly http = inject(HttpClient);

  organisations(): Promise<InstanceOrganisation[]> {
    return firstValueFrom(this.http.get<InstanceOrganisation[]>('/api/instance/organisations'));
  }

  create(body: CreateOrganisationRequest): Promise<CreatedOrganisation> {
    return firstValueFrom(this.http.post<CreatedOrganisation>('/api/instance/organisations', body));
  }

  backups(): Promise<InstanceBackups> {
    return firstValueFrom(this.http.get<InstanceBackups>('/api/instance/backups'));
  }

  suspend(id: string): Promise<InstanceOrganisation> {
    return firstValueFrom(
      this.http.post<InstanceOrganisation>(`/api/instance/organisations/${encodeURIComponent(id)}/suspend`, null),
    );
  }

  reactivate(id: string): Promise<InstanceOrganisation> {
    return firstValueFrom(
      this.http.post<InstanceOrganisation>(`/api/instance/organisations/${encodeURIComponent(id)}/reactivate`, null),
    );
  }
}
