import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The people the demo seed created (`users.demo`) in an organisation. */
@Injectable()
export class DemoDataRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async count(organisationId: string, exceptUserId: string): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(
      `SELECT count(*)::int AS n FROM users u JOIN memberships m ON m.user_id = u.id AND m.organisation_id = $1 WHERE u.demo AND u.id <> $2`,
      [organisationId, exceptUserId],
    );
    return rows[0]!.n;
  }

  /**
   * Takes the demo people out of the organisation in one transaction: their sessions end, their join
   * codes and memberships go, then each account is deleted — unless something kept elsewhere still
   * points at it, in which case the account stays without any membership (nobody sees it). `keeper`
   * (the admin doing it, possibly the demo admin) stays and is no longer marked demo.
   */
  async remove(organisationId: string, keeper: string, now: Date): Promise<number> {
    return this.db.transaction(async (tx) => {
      const people: Array<{ id: string }> = await tx.query(
        `SELECT u.id FROM users u JOIN memberships m ON m.user_id = u.id AND m.organisation_id = $1 WHERE u.demo AND u.id <> $2 FOR UPDATE OF u`,
        [organisationId, keeper],
      );
      await tx.query(`UPDATE users SET demo = false WHERE id = $1`, [keeper]);
      const ids = people.map((p) => p.id);
      if (ids.length === 0) return 0;
      await tx.query(`UPDATE sessions SET revoked_at = $3 WHERE organisation_id = $1 AND user_id = ANY($2) AND revoked_at IS NULL`, [organisationId, ids, now]);
      await tx.query(`DELETE FROM join_codes WHERE organisation_id = $1 AND user_id = ANY($2)`, [organisationId, ids]);
      await tx.query(`DELETE FROM memberships WHERE organisation_id = $1 AND user_id = ANY($2)`, [organisationId, ids]);
      for (const id of ids) {
        await tx.query(`SAVEPOINT demo_person`);
        try {
          await tx.query(`DELETE FROM users WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM memberships WHERE user_id = $1)`, [id]);
          await tx.query(`RELEASE SAVEPOINT demo_person`);
        } catch {
          await tx.query(`ROLLBACK TO SAVEPOINT demo_person`);
        }
      }
      return ids.length;
    });
  }
}
