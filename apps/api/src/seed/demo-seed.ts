import 'reflect-metadata';
import { loadConfig } from '@atelier/config';
import { formatJoinCode } from '@atelier/contracts';
import { dataSourceOptions, runMigrations } from '@atelier/database';
import argon2 from 'argon2';
import { DataSource } from 'typeorm';
import { newJoinCode, sha256 } from '../common/secrets.js';

/**
 * First-start demo data for `npm start`: the organisation "Atelier Bruxelles" with an admin, a
 * trainer and four participants (no e-mail, each with a join code). Does nothing when any
 * organisation exists. Prints one JSON line the launcher turns into the sign-in banner. The people it
 * creates are marked `users.demo`, so an admin can remove them from the UI ("Remove demo data").
 * Never with NODE_ENV=production: a production instance starts empty, with the first-run setup link.
 */
const ORGANISATION = 'Atelier Bruxelles';
const STAFF = [
  { email: 'admin@atelier.local', name: 'Nadia (admin)', role: 'admin', language: 'fr' },
  { email: 'trainer@atelier.local', name: 'Karim (formateur)', role: 'trainer', language: 'fr' },
];
const PARTICIPANTS = [
  { name: 'Amina', language: 'ar' },
  { name: 'Joseph', language: 'fr' },
  { name: 'Lieve', language: 'nl' },
  { name: 'Dawit', language: 'en' },
];

const config = loadConfig();
if (config.nodeEnv === 'production') {
  console.error(
    'atelier seed: the demo data is never created with NODE_ENV=production (use the setup link the API prints).',
  );
  process.exit(1);
}
const db = new DataSource(dataSourceOptions(config.databaseUrl));
await db.initialize();
try {
  await runMigrations(db);
  const existing: Array<{ name: string }> = await db.query(
    `SELECT name FROM organisations ORDER BY created_at LIMIT 1`,
  );
  if (existing.length > 0) {
    console.log(
      JSON.stringify({
        created: false,
        organisation: existing[0]!.name,
        staff: STAFF.map((s) => ({ email: s.email, role: s.role })),
        participants: [],
      }),
    );
  } else {
    const password = process.env.DEMO_PASSWORD ?? 'atelier-demo';
    const hash = await argon2.hash(password, { type: argon2.argon2id });
    const expiresAt = new Date(Date.now() + config.joinCodeDays * 86_400_000);
    const participants = await db.transaction(async (tx) => {
      const [org] = (await tx.query(
        `INSERT INTO organisations (name, default_language) VALUES ($1, 'fr') RETURNING id`,
        [ORGANISATION],
      )) as Array<{ id: string }>;
      let adminId = '';
      for (const s of STAFF) {
        const [u] = (await tx.query(
          `INSERT INTO users (display_name, email, password_hash, preferred_language, demo) VALUES ($1, $2, $3, $4, true) RETURNING id`,
          [s.name, s.email, hash, s.language],
        )) as Array<{ id: string }>;
        adminId ||= u!.id;
        await tx.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, $3)`, [
          org!.id,
          u!.id,
          s.role,
        ]);
      }
      const made = [];
      for (const p of PARTICIPANTS) {
        const [u] = (await tx.query(
          `INSERT INTO users (display_name, preferred_language, demo) VALUES ($1, $2, true) RETURNING id`,
          [p.name, p.language],
        )) as Array<{ id: string }>;
        await tx.query(`INSERT INTO memberships (organisation_id, user_id, role) VALUES ($1, $2, 'participant')`, [
          org!.id,
          u!.id,
        ]);
        const code = newJoinCode();
        await tx.query(
          `INSERT INTO join_codes (organisation_id, user_id, code_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, $5)`,
          [org!.id, u!.id, sha256(code), adminId, expiresAt],
        );
        made.push({
          displayName: p.name,
          code: formatJoinCode(code),
          joinUrl: `${config.publicUrl}/join?code=${code}`,
        });
      }
      return made;
    });
    console.log(
      JSON.stringify({
        created: true,
        organisation: ORGANISATION,
        password,
        staff: STAFF.map((s) => ({ email: s.email, role: s.role })),
        participants,
      }),
    );
  }
} finally {
  await db.destroy();
}
