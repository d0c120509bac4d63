// Rollups (migration 0011): deals (each lead's latest answer), deal_rollup and practice_rollup (per rep × day and
// × ISO week; deal tallies per team × month), practice_firsts (each rep's first three attempts per category),
// open_lead_days (a team's open leads per day of their last move, and their total under day '').
// Running totals (migration 0014): deal_running and practice_running (per rep × key, from the first day up to each day
// with a deal or an attempt; the team's tallies under member ''), deal_keys (the keys a read walks), and each attempt's
// category and difficulty. A period's count is the total at its end less the total before its start: two index seeks
// per (rep, key), however busy the period was.
// Triggers keep them current on every write to attempts, outcomes, deals and leads, in the writer's own transaction.
// Here: how a period is read from them, and a from-scratch recomputation of each table for the consistency test.
import { addDays, mondayOf } from "../domain/analytics/period.ts";

// ── Running totals (migration 0014) ──────────────────────────────────────────────────────────

/**
 * The running total of `columns` (a JSON array, or null before the key's first row) over the rows of `table` (alias r)
 * that `match` selects, before day `before` (exclusive): one index seek.
 */
export function runningTotalBefore(table: "deal_running" | "practice_running", columns: readonly string[], match: string, before: string): string {
  return `(SELECT json_array(${columns.map((c) => `r.${c}`).join(", ")}) FROM ${table} r WHERE ${match} AND r.day < ${before} ORDER BY r.day DESC LIMIT 1)`;
}

export const DEAL_TOTALS = ["n", "responded", "meeting_booked", "won", "lost", "ghosted"] as const;
export const PRACTICE_TOTALS = ["attempts", "seconds"] as const;

/** A running total as read (JSON array or null) → numbers, zeros before the first row. */
export function runningTotal(json: string | null, width: number): number[] {
  return json === null ? Array.from({ length: width }, () => 0) : (JSON.parse(json) as number[]);
}

/** What was added between two running totals. */
export const totalBetween = (atStart: number[], atEnd: number[]) => atEnd.map((x, i) => x - atStart[i]!);

/**
 * The days cutting [from, to) into pieces inside one ISO week: `from`, every Monday after it, the `cuts` inside, and
 * `to`. A piece [b(i), b(i+1)) is counted as total(b(i+1)) − total(b(i)) and belongs to the week of b(i).
 */
export function weekBoundaries(from: string, to: string, cuts: string[] = []): string[] {
  const days = new Set([from, to, ...cuts.filter((c) => c > from && c < to)]);
  for (let monday = addDays(mondayOf(from), 7); monday < to; monday = addDays(monday, 7)) days.add(monday);
  return [...days].sort();
}

// ── From scratch (the consistency test compares each table with these) ───────────────────────

const LATEST = `NOT EXISTS (SELECT 1 FROM outcomes later WHERE later.lead_id = o.lead_id
  AND (later.created_at > o.created_at OR (later.created_at = o.created_at AND later.id > o.id)))`;

/** Each team's deal (latest answer) once per key it counts under: dim, key, owner (the rep; '' for the team's tallies). */
const KEYED_DEALS = `latest AS (SELECT o.* FROM outcomes o WHERE o.team_id = ?1 AND ${LATEST}),
    keyed AS (
      SELECT o.*, 'all' AS dim, '' AS key, o.member_id AS owner FROM latest o
      UNION ALL SELECT o.*, 'strategy', coalesce(o.strategy, ''), o.member_id FROM latest o
      UNION ALL SELECT o.*, 'tactic', t.value, o.member_id FROM latest o, json_each(CASE WHEN json_valid(o.tactics) THEN o.tactics ELSE '[]' END) t WHERE t.type = 'text'
      UNION ALL SELECT o.*, 'tally', o.responded || '|' || o.meeting_booked || '|' || o.result || '|' || coalesce(o.lost_reason, ''), '' FROM latest o
    )`;
const DEAL_SUMS = "count(*) AS n, sum(responded) AS responded, sum(meeting_booked) AS meeting_booked, sum(result = 'won') AS won, sum(result = 'lost') AS lost, sum(result = 'ghosted') AS ghosted";
/** A running table's rows as what each day added (the row less the one before it), days that added nothing left out. */
const runningDays = (table: string, key: string, columns: readonly string[]) => `SELECT * FROM (
      SELECT team_id, ${key}, day, ${columns.map((c) => `${c} - lag(${c}, 1, 0) OVER w AS ${c}`).join(", ")}
      FROM ${table} WHERE team_id = ?1 WINDOW w AS (PARTITION BY ${key} ORDER BY day)
    ) WHERE ${columns.map((c) => `${c} <> 0`).join(" OR ")} ORDER BY ${key}, day`;

/** Each rollup table's expected rows for one team (?1), in the table's column order, rows with counts of zero left out. */
export const recomputeSql = {
  deals: `SELECT o.lead_id, o.team_id, o.member_id, o.id AS outcome_id, o.created_at AS answered_at, o.closed_at, o.responded, o.meeting_booked, o.result,
      o.strategy, o.tactics, o.lost_reason, max(0, julianday(o.closed_at) - julianday(coalesce(l.crm_created_at, l.first_seen_at))) AS cycle_days
    FROM outcomes o JOIN leads l ON l.id = o.lead_id WHERE o.team_id = ?1 AND ${LATEST} ORDER BY o.lead_id`,
  deal_rollup: `WITH ${KEYED_DEALS},
    bucketed AS (
      SELECT *, 'd' AS grain, date(closed_at) AS bucket FROM keyed WHERE dim <> 'tally'
      UNION ALL SELECT *, 'w', date(closed_at, '-6 days', 'weekday 1') FROM keyed WHERE dim <> 'tally'
      UNION ALL SELECT *, 'm', date(closed_at, 'start of month') FROM keyed WHERE dim = 'tally'
    )
    SELECT team_id, dim, grain, bucket, owner AS member_id, key, count(*) AS n, sum(responded) AS responded, sum(meeting_booked) AS meeting_booked,
      sum(result = 'won') AS won, sum(result = 'lost') AS lost, sum(result = 'ghosted') AS ghosted
    FROM bucketed GROUP BY team_id, dim, grain, bucket, owner, key ORDER BY dim, grain, bucket, member_id, key`,
  practice_rollup: `SELECT team_id, grain, bucket, member_id, count(*) AS attempts, sum(min(duration_sec, 1800)) AS seconds FROM (
      SELECT team_id, member_id, duration_sec, 'd' AS grain, date(created_at) AS bucket FROM attempts WHERE team_id = ?1
      UNION ALL SELECT team_id, member_id, duration_sec, 'w', date(created_at, '-6 days', 'weekday 1') FROM attempts WHERE team_id = ?1
    ) GROUP BY team_id, grain, bucket, member_id ORDER BY grain, bucket, member_id`,
  practice_firsts: `SELECT member_id, category, team_id, min(CASE WHEN rn = 1 THEN created_at END) AS first_at, min(CASE WHEN rn = 2 THEN created_at END) AS second_at,
      min(CASE WHEN rn = 3 THEN created_at END) AS third_at
    FROM (SELECT a.member_id, s.category, a.team_id, a.created_at, row_number() OVER (PARTITION BY a.member_id, s.category ORDER BY a.created_at) AS rn
      FROM attempts a JOIN scenarios s ON s.id = a.scenario_id WHERE a.team_id = ?1)
    WHERE rn <= 3 GROUP BY member_id, category ORDER BY member_id, category`,
  open_lead_days: `SELECT * FROM (
      SELECT team_id, '' AS day, count(*) AS n FROM leads WHERE team_id = ?1 AND status = 'open' HAVING count(*) > 0
      UNION ALL SELECT team_id, date(coalesce(activity_at, updated_at)) AS day, count(*) AS n FROM leads WHERE team_id = ?1 AND status = 'open' GROUP BY team_id, day
    ) ORDER BY day`,
  deal_running: `WITH ${KEYED_DEALS}
    SELECT team_id, owner AS member_id, dim, key, date(closed_at) AS day, ${DEAL_SUMS}
    FROM keyed GROUP BY owner, dim, key, day ORDER BY member_id, dim, key, day`,
  deal_keys: `WITH ${KEYED_DEALS} SELECT DISTINCT team_id, owner AS member_id, dim, key FROM keyed ORDER BY member_id, dim, key`,
  practice_running: `SELECT team_id, member_id, date(created_at) AS day, count(*) AS attempts, sum(min(duration_sec, 1800)) AS seconds
    FROM attempts WHERE team_id = ?1 GROUP BY member_id, day ORDER BY member_id, day`,
  attempt_kinds: "SELECT a.id, s.category, s.difficulty FROM attempts a JOIN scenarios s ON s.id = a.scenario_id WHERE a.team_id = ?1 ORDER BY a.id",
};

/** Each rollup table's stored rows for one team (?1), ordered as `recomputeSql`, zero rows left out. */
export const storedSql: Record<keyof typeof recomputeSql, string> = {
  deals: "SELECT * FROM deals WHERE team_id = ?1 ORDER BY lead_id",
  deal_rollup: "SELECT * FROM deal_rollup WHERE team_id = ?1 AND n <> 0 ORDER BY dim, grain, bucket, member_id, key",
  practice_rollup: "SELECT * FROM practice_rollup WHERE team_id = ?1 ORDER BY grain, bucket, member_id",
  practice_firsts: "SELECT * FROM practice_firsts WHERE team_id = ?1 ORDER BY member_id, category",
  open_lead_days: "SELECT * FROM open_lead_days WHERE team_id = ?1 AND n <> 0 ORDER BY day",
  deal_running: runningDays("deal_running", "member_id, dim, key", DEAL_TOTALS),
  // Keys whose deals all moved away stay listed (their total is 0): only those counting a deal now are compared.
  deal_keys: `SELECT k.* FROM deal_keys k WHERE k.team_id = ?1 AND (SELECT r.n FROM deal_running r
      WHERE r.team_id = k.team_id AND r.member_id = k.member_id AND r.dim = k.dim AND r.key = k.key ORDER BY r.day DESC LIMIT 1) > 0
    ORDER BY member_id, dim, key`,
  practice_running: runningDays("practice_running", "member_id", PRACTICE_TOTALS),
  attempt_kinds: "SELECT id, category, difficulty FROM attempts WHERE team_id = ?1 ORDER BY id",
};
