import type { Language } from '@atelier/contracts';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The two questions about people that several contexts ask (attendance alerts, consent notices, timeline and
 * render authors): one query each, here, called by those contexts' repositories.
 */

/** Staff (admins and trainers) of an organisation who have an e-mail address, with their language. */
export async function staffContacts(
  db: DataSource | EntityManager,
  organisationId: string,
): Promise<Array<{ email: string; language: Language }>> {
  const rows: Array<{ email: string; preferred_language: Language }> = await db.query(
    `SELECT u.email, u.preferred_language FROM memberships m JOIN users u ON u.id = m.user_id
      WHERE m.organisation_id = $1 AND m.role IN ('admin','trainer') AND u.email IS NOT NULL`,
    [organisationId],
  );
  return rows.map((r) => ({ email: r.email, language: r.preferred_language }));
}

/** A person's display name, or '' when there is no such person. */
export async function displayName(db: DataSource | EntityManager, userId: string): Promise<string> {
  const rows: Array<{ display_name: string }> = await db.query(`SELECT display_name FROM users WHERE id = $1`, [
    userId,
  ]);
  return rows[0]?.display_name ?? '';
}
