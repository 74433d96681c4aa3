import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Catalogue, PublicDocumentary } from '@atelier/contracts';
import { firstValueFrom } from 'rxjs';

const id = encodeURIComponent;

/** The public catalogue and watch information (no sign-in; a signed-in member's cookie goes along). */
@Injectable({ providedIn: 'root' })
export class CatalogueApi {
  private readonly http = inject(HttpClient);

  /** A page of the catalogue; `after`: the previous page's `nextCursor`. */
  catalogue(slug: string, after?: string): Promise<Catalogue> {
    return firstValueFrom(this.http.get<Catalogue>(`/api/catalogue/${id(slug)}`, { params: after ? { after } : {} }));
  }

  /** `k`: the secret of an unlisted link. */
  watch(documentaryId: string, k?: string): Promise<PublicDocumentary> {
    return firstValueFrom(
      this.http.get<PublicDocumentary>(`/api/watch/${id(documentaryId)}`, { params: k ? { k } : {} }),
    );
  }
}

/** "1:05:09" or "4:07" for a duration in milliseconds. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** The name of a language in the language being shown (falls back to the code). */
export function languageName(code: string, shownIn: string): string {
  try {
    return new Intl.DisplayNames([shownIn], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
