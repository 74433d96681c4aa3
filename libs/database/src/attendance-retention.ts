import type { SqlRunner } from './sql.js';

/**
 * Reduces the per-session attendance of sessions older than their programme's retention period to
 * per-person totals, then deletes those marks, their history and the "I can't come" notices.
 * Idempotent: a second run finds nothing left to reduce. Marks of cancelled sessions are deleted
 * without counting (they count for no one). Returns how many marks were reduced.
 */
export async function reduceExpiredAttendance(db: SqlRunner, now: Date): Promise<number> {
  const rows = (await db.query(
    `WITH expired AS (
       SELECT s.id, s.programme_id, s.cancelled_at IS NULL AS held, extract(epoch FROM (s.ends_at - s.starts_at)) / 3600 AS hours
         FROM programme_sessions s JOIN programmes p ON p.id = s.programme_id
        WHERE p.retention_months IS NOT NULL AND s.ends_at < $1::timestamptz - make_interval(months => p.retention_months)
     ), gone_history AS (
       DELETE FROM attendance_mark_history h USING expired e WHERE h.session_id = e.id RETURNING h.id
     ), gone_notices AS (
       DELETE FROM absence_notices a USING expired e WHERE a.session_id = e.id RETURNING a.id
     ), moved AS (
       DELETE FROM attendance_marks m USING expired e WHERE m.session_id = e.id
       RETURNING e.programme_id, m.participant_id, m.status, e.held, e.hours
     ), totals AS (
       INSERT INTO attendance_totals AS t (programme_id, participant_id, present, late, excused, absent, hours_attended, reduced_sessions, updated_at)
       SELECT programme_id, participant_id,
              count(*) FILTER (WHERE held AND status = 'present'),
              count(*) FILTER (WHERE held AND status = 'late'),
              count(*) FILTER (WHERE held AND status = 'excused'),
              count(*) FILTER (WHERE held AND status = 'absent'),
              coalesce(sum(hours) FILTER (WHERE held AND status IN ('present','late')), 0),
              count(*) FILTER (WHERE held),
              $1
         FROM moved GROUP BY programme_id, participant_id
       ON CONFLICT (programme_id, participant_id) DO UPDATE SET
         present = t.present + EXCLUDED.present, late = t.late + EXCLUDED.late, excused = t.excused + EXCLUDED.excused,
         absent = t.absent + EXCLUDED.absent, hours_attended = t.hours_attended + EXCLUDED.hours_attended,
         reduced_sessions = t.reduced_sessions + EXCLUDED.reduced_sessions, updated_at = EXCLUDED.updated_at
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM moved) AS reduced, (SELECT count(*) FROM totals) AS people, (SELECT count(*) FROM gone_history) AS history, (SELECT count(*) FROM gone_notices) AS notices`,
    [now],
  )) as Array<{ reduced: string }>;
  return Number(rows[0]?.reduced ?? 0);
}
