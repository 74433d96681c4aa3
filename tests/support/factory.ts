import { Role, type Language } from '@atelier/contracts';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Small row builders for medium tests: every test makes its own organisation and people. */
export function factory(db: DataSource) {
  return {
    async organisation(name = `Org ${randomUUID().slice(0, 8)}`): Promise<{ id: string; name: string }> {
      const [row] = (await db.query(`INSERT INTO organisations (name) VALUES ($1) RETURNING id`, [name])) as Array<{ id: string }>;
      return { id: row!.id, name };
    },
    async member(organisationId: string, role: Role, o: { email?: string; passwordHash?: string; language?: Language; name?: string } = {}): Promise<{ id: string; email: string | null }> {
      const email = o.email ?? (role === Role.Participant ? null : `${role}-${randomUUID().slice(0, 8)}@test.local`);
      const [u] = (await db.query(`INSERT INTO users (display_name, email, password_hash, preferred_language) VALUES ($1, $2, $3, $4) RETURNING id`, [
        o.name ?? `${role} ${randomUUID().slice(0, 4)}`,
        email,
        o.passwordHash ?? null,
        o.language ?? 'fr',
      ])) as Array<{ id: string }>;
      await db.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [organisationId, u!.id, role]);
      return { id: u!.id, email };
    },
  };
}
