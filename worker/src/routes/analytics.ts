// Proof of value: GET /v1/team/analytics (manager: the team and each rep) and GET /v1/me/analytics (the caller).
// Two D1 round trips: the token, then one batch of aggregates (SQL does the counting, the domain the statistics).
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AnalyticsQuery, type Category, categoryLiftSteps, MyAnalytics, TeamAnalytics } from "@dq/shared";
import { MAX_ATTEMPT_SECONDS } from "../db/stats.ts";
import type { Db } from "../db/client.ts";
import type { AnalyticsInput, AnalyticsMemberRef, LiftWindow, OutcomeWeek, PlaybookCounts, PracticeWeek, WonDeal } from "../domain/analytics/inputs.ts";
import { addDays, resolvePeriod, type ResolvedPeriod } from "../domain/analytics/period.ts";
import { myAnalytics, teamAnalytics } from "../domain/analytics/report.ts";
import { teamPlaybook } from "../domain/playbook.ts";
import type { AppEnv } from "../env.ts";
import { requireMember } from "../http/auth.ts";
import { ApiException } from "../http/errors.ts";
import { bearer, jsonResponse, managerBearer, memberErrors, router } from "../http/openapi.ts";

export const analytics = router();
analytics.use("/v1/team/analytics", requireMember("manager"));
analytics.use("/v1/me/analytics", requireMember());

// Every statement binds the same five parameters: ?1 team, ?2 period start, ?3 period end (exclusive),
// ?4 end of the within-rep forward windows (period end + 4 weeks), ?5 one member (NULL: the team's reps).
const SCOPE = `SELECT id FROM members WHERE team_id = ?1 AND ((?5 IS NULL AND role = 'rep') OR id = ?5)`;
/** The Monday of an ISO timestamp's week (YYYY-MM-DD). */
const WEEK = (column: string) => `date(${column}, '-6 days', 'weekday 1')`;
/** A deal counts once, by its latest answer (re-answering the outcome popup appends a row). */
const LATEST_OUTCOMES = `SELECT o.* FROM outcomes o
  WHERE o.team_id = ?1 AND o.member_id IN (${SCOPE})
    AND NOT EXISTS (SELECT 1 FROM outcomes later WHERE later.lead_id = o.lead_id
      AND (later.created_at > o.created_at OR (later.created_at = o.created_at AND later.id > o.id)))`;
const FUNNEL_SUMS = `count(o.id) AS n, coalesce(sum(o.responded), 0) AS responded, coalesce(sum(o.meeting_booked), 0) AS meeting_booked,
  coalesce(sum(o.result = 'won'), 0) AS won, coalesce(sum(o.result = 'lost'), 0) AS lost, coalesce(sum(o.result = 'ghosted'), 0) AS ghosted`;
const IN_PERIOD = `o.closed_at >= ?2 AND o.closed_at < ?3`;
const LIFT_CATEGORIES = (Object.keys(categoryLiftSteps) as Category[]).map((c) => `'${c}'`).join(", ");

/** The aggregates behind both routes (exported for the benchmarks and the seed check). */
export const analyticsSql = {
  members: `SELECT id, name, role FROM members WHERE id IN (${SCOPE}) ORDER BY name COLLATE NOCASE, id`,
  practice: `SELECT member_id, ${WEEK("created_at")} AS week, count(*) AS attempts, sum(min(duration_sec, ${MAX_ATTEMPT_SECONDS})) AS seconds
    FROM attempts WHERE team_id = ?1 AND member_id IN (${SCOPE}) AND created_at >= ?2 AND created_at < ?3
    GROUP BY member_id, week`,
  outcomeWeeks: `WITH latest AS (${LATEST_OUTCOMES} AND o.closed_at >= ?2 AND o.closed_at < ?4)
    SELECT o.member_id, ${WEEK("o.closed_at")} AS week, o.closed_at < ?3 AS in_period, ${FUNNEL_SUMS}
    FROM latest o GROUP BY o.member_id, week, in_period`,
  strategies: `WITH latest AS (${LATEST_OUTCOMES} AND ${IN_PERIOD})
    SELECT o.member_id, o.strategy AS id, count(*) AS n, sum(o.responded) AS responded, sum(o.meeting_booked) AS meeting_booked, sum(o.result = 'won') AS won
    FROM latest o GROUP BY o.member_id, o.strategy`,
  tactics: `WITH latest AS (${LATEST_OUTCOMES} AND ${IN_PERIOD})
    SELECT o.member_id, t.value AS id, count(*) AS n, sum(o.responded) AS responded, sum(o.meeting_booked) AS meeting_booked, sum(o.result = 'won') AS won
    FROM latest o, json_each(CASE WHEN json_valid(o.tactics) THEN o.tactics ELSE '[]' END) t
    WHERE t.type = 'text' GROUP BY o.member_id, t.value`,
  wonDeals: `WITH latest AS (${LATEST_OUTCOMES} AND ${IN_PERIOD} AND o.result = 'won')
    SELECT o.member_id, o.strategy, max(0, julianday(o.closed_at) - julianday(coalesce(l.crm_created_at, l.first_seen_at))) AS days
    FROM latest o JOIN leads l ON l.id = o.lead_id`,
  // Each rep's first and third attempt per category (the third inside the period), and their outcomes in the
  // 30 days before the first and the 30 days from the third. A rep with neither still gets a row (n = 0).
  lift: `WITH pairs AS (SELECT DISTINCT member_id, scenario_id FROM attempts WHERE member_id IN (${SCOPE})),
    -- The first three attempts in a category are among the first three of each of its scenarios.
    firsts AS (
      SELECT a.member_id, s.category, a.created_at, a.id
      FROM pairs p JOIN scenarios s ON s.id = p.scenario_id AND s.category IN (${LIFT_CATEGORIES})
      JOIN attempts a ON a.id IN (SELECT x.id FROM attempts x WHERE x.member_id = p.member_id AND x.scenario_id = p.scenario_id
        AND x.created_at < ?3 ORDER BY x.created_at, x.id LIMIT 3)
    ),
    ranked AS (SELECT member_id, category, created_at, row_number() OVER (PARTITION BY member_id, category ORDER BY created_at, id) AS rn FROM firsts),
    pivots AS (
      SELECT member_id, category, min(CASE WHEN rn = 1 THEN created_at END) AS first_at, min(CASE WHEN rn = 3 THEN created_at END) AS third_at
      FROM ranked WHERE rn <= 3 GROUP BY member_id, category
      HAVING third_at >= ?2 AND third_at < ?3
    ),
    latest AS (${LATEST_OUTCOMES} AND o.member_id IN (SELECT member_id FROM pivots))
    SELECT p.member_id, p.category, CASE WHEN o.closed_at < p.first_at THEN 'before' ELSE 'after' END AS side, ${FUNNEL_SUMS},
      coalesce(sum(o.result = 'won' AND o.meeting_booked = 1), 0) AS won_after_meeting
    FROM pivots p LEFT JOIN latest o ON o.member_id = p.member_id AND (
      (o.closed_at >= strftime('%Y-%m-%dT%H:%M:%fZ', p.first_at, '-30 days') AND o.closed_at < p.first_at)
      OR (o.closed_at >= p.third_at AND o.closed_at < strftime('%Y-%m-%dT%H:%M:%fZ', p.third_at, '+30 days')))
    GROUP BY p.member_id, p.category, side`,
};

interface FunnelRow {
  n: number;
  responded: number;
  meeting_booked: number;
  won: number;
  lost: number;
  ghosted: number;
}
interface MemberRow {
  id: string;
  name: string;
  role: AnalyticsMemberRef["role"];
}
interface PracticeRow {
  member_id: string;
  week: string;
  attempts: number;
  seconds: number;
}
type OutcomeWeekRow = FunnelRow & { member_id: string; week: string; in_period: number };
interface PlaybookRow {
  member_id: string;
  id: string | null;
  n: number;
  responded: number;
  meeting_booked: number;
  won: number;
}
interface WonRow {
  member_id: string;
  strategy: string | null;
  days: number | null;
}
type LiftRow = FunnelRow & { member_id: string; category: Category; side: "before" | "after"; won_after_meeting: number };

const funnel = (r: FunnelRow) => ({ n: r.n, responded: r.responded, meetingBooked: r.meeting_booked, won: r.won, lost: r.lost, ghosted: r.ghosted });
const playbook = (r: PlaybookRow): PlaybookCounts => ({ memberId: r.member_id, id: r.id, n: r.n, responded: r.responded, meetingBooked: r.meeting_booked, won: r.won });

/** One batch (one round trip) of aggregates for the members in scope. */
async function readAnalytics(db: Db, teamId: string, period: ResolvedPeriod, memberId: string | null) {
  const params = [teamId, period.start, period.end, `${addDays(period.to, 29)}T00:00:00.000Z`, memberId] as const;
  const statements = [analyticsSql.members, analyticsSql.practice, analyticsSql.outcomeWeeks, analyticsSql.strategies, analyticsSql.tactics, analyticsSql.wonDeals, analyticsSql.lift].map((sql) => db.stmt(sql, ...params));
  const [members, practice, outcomeWeeks, strategies, tactics, wonDeals, lift] = (await db.batch(statements)).map((r) => r.results);
  return {
    members: (members as unknown as MemberRow[]).map((m) => ({ id: m.id, name: m.name, role: m.role })),
    practice: (practice as unknown as PracticeRow[]).map((r): PracticeWeek => ({ memberId: r.member_id, week: r.week, attempts: r.attempts, seconds: r.seconds })),
    outcomes: (outcomeWeeks as unknown as OutcomeWeekRow[]).map((r): OutcomeWeek => ({ memberId: r.member_id, week: r.week, inPeriod: r.in_period === 1, ...funnel(r) })),
    strategies: (strategies as unknown as PlaybookRow[]).map(playbook),
    tactics: (tactics as unknown as PlaybookRow[]).map(playbook),
    wonDeals: (wonDeals as unknown as WonRow[])
      .filter((r): r is WonRow & { days: number } => typeof r.days === "number")
      .map((r): WonDeal => ({ memberId: r.member_id, strategy: r.strategy, days: r.days })),
    lift: (lift as unknown as LiftRow[]).map((r): LiftWindow => ({ memberId: r.member_id, category: r.category, side: r.side, wonAfterMeeting: r.won_after_meeting, ...funnel(r) })),
  };
}

async function analyticsInput(c: Context<AppEnv>, q: AnalyticsQuery, memberId: string | null): Promise<AnalyticsInput> {
  const resolved = resolvePeriod(q, c.var.now.toISOString().slice(0, 10));
  if (!resolved.ok) throw new ApiException(400, "invalid_query", "The query string is invalid.", [{ path: [resolved.path], message: resolved.message }]);
  const { team } = c.var.principal;
  const book = teamPlaybook(team.settings);
  const labels = {
    strategies: Object.fromEntries(book.strategies.map((s) => [s.id, s.label])),
    tactics: Object.fromEntries(book.tactics.map((t) => [t.id, t.label])),
  };
  return { period: resolved.period, labels, ...(await readAnalytics(c.var.db, team.id, resolved.period, memberId)) };
}

const definitions =
  "Period: `from`/`to` (inclusive UTC days; default the last 90 days); an outcome belongs to it by closedAt, and each deal counts once, by its latest answer. " +
  "Training hours: the sum of min(durationSec, 1800) over attempts, / 3600. Deals closed: outcomes won. " +
  "Rates carry Wilson 95% intervals; correlations are Spearman with a t-approximation p-value. " +
  "Each lift has a `status` (measured, too_few: under 5 outcomes before or after, so no interval; none) and names its interval's `method`: " +
  "`newcombe_hybrid_score` (Newcombe 1998, method 10, from the two Wilson intervals) below 8 reps, `rep_clustered_bootstrap` (seeded, resampling reps then their deals) from 8, " +
  "falling back to Newcombe's interval whenever the bootstrap would be degenerate.";

analytics.openapi(
  createRoute({
    method: "get",
    path: "/v1/team/analytics",
    tags: ["analytics"],
    summary: "The team's proof of value: deals closed per training hour, funnel, effectiveness, cycle time, correlation and lift — for the team and each rep (manager).",
    description: `${definitions} The team is its reps: a manager's own practice and deals are not counted.`,
    security: managerBearer,
    request: { query: AnalyticsQuery },
    responses: { 200: jsonResponse(TeamAnalytics, "The team's figures, and each rep's."), ...memberErrors },
  }),
  async (c) => c.json(teamAnalytics(await analyticsInput(c, c.req.valid("query"), null), c.var.now), 200),
);

analytics.openapi(
  createRoute({
    method: "get",
    path: "/v1/me/analytics",
    tags: ["analytics", "me"],
    summary: "The caller's own deals closed per training hour, funnel, effectiveness, cycle time, correlation over weeks and lift.",
    description: definitions,
    security: bearer,
    request: { query: AnalyticsQuery },
    responses: { 200: jsonResponse(MyAnalytics, "The caller's figures."), ...memberErrors },
  }),
  async (c) => {
    const { member } = c.var.principal;
    const input = await analyticsInput(c, c.req.valid("query"), member.id);
    return c.json(myAnalytics(input, { id: member.id, name: member.name, role: member.role }, c.var.now), 200);
  },
);
