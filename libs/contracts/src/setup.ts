import type { Language } from './languages.js';

/** `GET /api/setup?token=…`: whether this first-run link may still be used. */
export interface SetupStatus {
  /** True only while no organisation exists and the token is one the API printed. */
  usable: boolean;
  /** Why not, when not: the instance already has an organisation, or the link is not (or no longer) valid. */
  reason?: 'already_set_up' | 'invalid_token';
}

/** `POST /api/setup`: the first organisation and its first admin (who becomes an instance admin). */
export interface SetupRequest {
  token: string;
  organisationName: string;
  /** The organisation's address in links (`/catalogue/<slug>`): lower-case letters, digits, dashes. */
  slug: string;
  /** The languages the organisation works in; the first is its default. */
  languages: Language[];
  adminName: string;
  adminEmail: string;
  adminPassword: string;
}

/** Organisation addresses: what the `organisations_slug_format` constraint accepts, at most 60 characters. */
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_SLUG_LENGTH = 60;

/** `GET /api/organisation/demo-data`: the people the `npm start` demo seed created, still here. */
export interface DemoDataSummary {
  people: number;
}

/** `DELETE /api/organisation/demo-data`: how many demo people were removed. */
export interface DemoDataRemoved {
  removed: number;
}
