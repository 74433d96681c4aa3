import { MAX_SLUG_LENGTH, SLUG_PATTERN } from '@atelier/contracts';

/** An organisation's address from its name: "Atelier Molenbeek – Été" → "atelier-molenbeek-ete". */
export function slugFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
}

/** What the API accepts as an address (the same pattern as the database constraint). */
export function isValidSlug(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}
