// Rollups (migration 0011): deals (each lead's latest answer), deal_rollup and practice_rollup (per rep × day and
// × ISO week; deal tallies per team × month), practice_firsts (each rep's first three attempts per category),
// open_lead_days (a team's open leads per day of their last move, and their total under day '').
// Triggers keep them current on every write to attempts, outcomes and leads, in the writer's own transaction.
// Here: how a period is read from them (whole weeks at grain 'w', edge days at grain 'd'), and a from-scratch
// recomputation of each table for the consistency test.
import { addDays, mondayOf } from "../domain/analytics/period.ts";

/** Days [from, to) split into whole ISO weeks [weeksFrom, weeksTo) (Mondays) and the edge days around them. */
export interface BucketRange {
  from: string;
  weeksFrom: string;
  weeksTo: string;
  to: string;
}

/** The bucket range of days [from, to) (YYYY-MM-DD, `to` exclusive). */
export function bucketRange(from: string, to: string): BucketRange {
  const monday = mondayOf(from);
  const weeksFrom = monday === from ? from : addDays(monday, 7);
  const weeksTo = mondayOf(to);
  // No whole week inside: every day is an edge day.
  if (weeksTo <= weeksFrom) return { from, weeksFrom: to, weeksTo: to, to };
  return { from, weeksFrom, weeksTo, to };
}

/**
 * Rows of a rollup for the buckets of one range, as (member_id, week, …columns): `where` filters the table
 * (team or member, dimension), `p` names the four range parameters (?from, ?weeksFrom, ?weeksTo, ?to).
 */
export function bucketRows(table: string, columns: string, where: string, p: [string, string, string, string], key = "key"): string {
  const [from, weeksFrom, weeksTo, to] = p;
  return `SELECT member_id, bucket AS week, ${key} AS key, ${columns} FROM ${table} WHERE ${where} AND grain = 'w' AND bucket >= ${weeksFrom} AND bucket < ${weeksTo}
    UNION ALL SELECT member_id, date(bucket, '-6 days', 'weekday 1') AS week, ${key} AS key, ${columns} FROM ${table} WHERE ${where} AND grain = 'd' AND bucket >= ${from} AND bucket < ${weeksFrom}
    UNION ALL SELECT member_id, date(bucket, '-6 days', 'weekday 1') AS week, ${key} AS key, ${columns} FROM ${table} WHERE ${where} AND grain = 'd' AND bucket >= ${weeksTo} AND bucket < ${to}`;
}

// ── From scratch (the consistency test compares each table with these) ───────────────────────

const LATEST = `NOT EXISTS (SELECT 1 FROM outcomes later WHERE later.lead_id = o.lead_id
  AND (later.created_at > o.created_at OR (later.created_at = o.created_at AND later.id > o.id)))`;

/** Each rollup table's expected rows for one team (?1), in the table's column order, rows with counts of zero left out. */
export const recomputeSql = {
  deals: `SELECT o.lead_id, o.team_id, o.member_id, o.id AS outcome_id, o.created_at AS answered_at, o.closed_at, o.responded, o.meeting_booked, o.result,
      o.strategy, o.tactics, o.lost_reason, max(0, julianday(o.closed_at) - julianday(coalesce(l.crm_created_at, l.first_seen_at))) AS cycle_days
    FROM outcomes o JOIN leads l ON l.id = o.lead_id WHERE o.team_id = ?1 AND ${LATEST} ORDER BY o.lead_id`,
  deal_rollup: `WITH latest AS (SELECT o.* FROM outcomes o WHERE o.team_id = ?1 AND ${LATEST}),
    keyed AS (
      SELECT o.*, 'all' AS dim, '' AS key, o.member_id AS owner FROM latest o
      UNION ALL SELECT o.*, 'strategy', coalesce(o.strategy, ''), o.member_id FROM latest o
      UNION ALL SELECT o.*, 'tactic', t.value, o.member_id FROM latest o, json_each(CASE WHEN json_valid(o.tactics) THEN o.tactics ELSE '[]' END) t WHERE t.type = 'text'
      UNION ALL SELECT o.*, 'tally', o.responded || '|' || o.meeting_booked || '|' || o.result || '|' || coalesce(o.lost_reason, ''), '' FROM latest o
    ),
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
};

/** Each rollup table's stored rows for one team (?1), ordered as `recomputeSql`, zero rows left out. */
export const storedSql: Record<keyof typeof recomputeSql, string> = {
  deals: "SELECT * FROM deals WHERE team_id = ?1 ORDER BY lead_id",
  deal_rollup: "SELECT * FROM deal_rollup WHERE team_id = ?1 AND n <> 0 ORDER BY dim, grain, bucket, member_id, key",
  practice_rollup: "SELECT * FROM practice_rollup WHERE team_id = ?1 ORDER BY grain, bucket, member_id",
  practice_firsts: "SELECT * FROM practice_firsts WHERE team_id = ?1 ORDER BY member_id, category",
  open_lead_days: "SELECT * FROM open_lead_days WHERE team_id = ?1 AND n <> 0 ORDER BY day",
};
