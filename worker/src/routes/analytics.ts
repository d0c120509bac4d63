// Proof of value: GET /v1/team/analytics (manager: the team and each rep) and GET /v1/me/analytics (the caller).
// Two D1 round trips: the token, then one batch of aggregates read from the rollups (SQL does the counting, the domain the statistics).
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AnalyticsQuery, type Category, categoryLiftSteps, MyAnalytics, TeamAnalytics } from "@dq/shared";
import type { Db } from "../db/client.ts";
import { bucketRange, bucketRows } from "../db/rollups.ts";
import type { AnalyticsInput, AnalyticsMemberRef, LiftWindow, OutcomeWeek, PlaybookCounts, PracticeWeek, WonDeal } from "../domain/analytics/inputs.ts";
import { addDays, resolvePeriod, type ResolvedPeriod } from "../domain/analytics/period.ts";
import { myAnalytics, teamAnalytics } from "../domain/analytics/report.ts";
import { teamPlaybook } from "../domain/playbook.ts";
import type { AppEnv } from "../env.ts";
import { requireMember } from "../http/auth.ts";
import { ApiException } from "../http/errors.ts";
import { bearer, managerBearer, jsonResponse, memberErrors, router } from "../http/openapi.ts";

export const analytics = router();
analytics.use("/v1/team/analytics", requireMember("manager"));
analytics.use("/v1/me/analytics", requireMember());

// Read from the rollups (migration 0011, worker/src/db/rollups.ts), never from raw attempts or outcomes: each
// statement reads buckets of the period (whole weeks, edge days) × reps, or the period's won deals.
// Parameters: ?1 team, ?2 period start, ?3 period end (exclusive), ?4 end of the within-rep forward windows
// (period end + 4 weeks), ?5 the member (the caller's own analytics), then the bucket ranges (YYYY-MM-DD) of the
// period (?6 from, ?7 whole weeks from, ?8 whole weeks to, ?9 to) and of the forward windows (?9, ?10, ?11, ?12).
type Scope = "team" | "member";
/** Who is counted: the team's reps, or the one member. */
const inScope = (scope: Scope, column = "member_id") =>
  scope === "team" ? `team_id = ?1 AND ${column} IN (SELECT id FROM members WHERE team_id = ?1 AND role = 'rep')` : `${column} = ?5`;
const PERIOD: [string, string, string, string] = ["?6", "?7", "?8", "?9"];
const FORWARD: [string, string, string, string] = ["?9", "?10", "?11", "?12"];
const FUNNEL_SUMS = `coalesce(sum(o.n), 0) AS n, coalesce(sum(o.responded), 0) AS responded, coalesce(sum(o.meeting_booked), 0) AS meeting_booked,
  coalesce(sum(o.won), 0) AS won, coalesce(sum(o.lost), 0) AS lost, coalesce(sum(o.ghosted), 0) AS ghosted`;
const DEAL_COLUMNS = "n, responded, meeting_booked, won, lost, ghosted";
const LIFT_CATEGORIES = (Object.keys(categoryLiftSteps) as Category[]).map((c) => `'${c}'`).join(", ");
/** A deal counted in a lift window: one row of `deals`, as a funnel. */
const DEAL_AS_FUNNEL = `1 AS n, d.responded, d.meeting_booked, d.result = 'won' AS won, d.result = 'lost' AS lost, d.result = 'ghosted' AS ghosted,
  d.result = 'won' AND d.meeting_booked = 1 AS won_after_meeting`;

/** The aggregates behind both routes, for the team's reps or one member. */
export function analyticsSql(scope: Scope) {
  const deals = (dim: string, range: [string, string, string, string]) => bucketRows("deal_rollup", DEAL_COLUMNS, `${inScope(scope)} AND dim = '${dim}'`, range);
  const playbook = (dim: string) => `SELECT member_id, nullif(key, '') AS id, sum(n) AS n, sum(responded) AS responded, sum(meeting_booked) AS meeting_booked, sum(won) AS won
    FROM (${deals(dim, PERIOD)}) GROUP BY member_id, key HAVING sum(n) > 0`;
  const window = (side: "before" | "after", from: string, to: string) => `SELECT p.member_id, p.category, '${side}' AS side, ${FUNNEL_SUMS},
      coalesce(sum(o.won_after_meeting), 0) AS won_after_meeting
    FROM pivots p LEFT JOIN (SELECT d.member_id, d.closed_at, ${DEAL_AS_FUNNEL} FROM deals d) o ON o.member_id = p.member_id AND o.closed_at >= ${from} AND o.closed_at < ${to}
    GROUP BY p.member_id, p.category`;
  return {
    members: `SELECT id, name, role FROM members WHERE team_id = ?1 AND ${scope === "team" ? "role = 'rep'" : "id = ?5"} ORDER BY name COLLATE NOCASE, id`,
    practice: `SELECT member_id, week, sum(attempts) AS attempts, sum(seconds) AS seconds
      FROM (${bucketRows("practice_rollup", "attempts, seconds", inScope(scope), PERIOD, "''")}) GROUP BY member_id, week HAVING sum(attempts) > 0`,
    outcomeWeeks: `SELECT member_id, week, 1 AS in_period, ${FUNNEL_SUMS} FROM (${deals("all", PERIOD)}) o GROUP BY member_id, week HAVING sum(n) > 0
      UNION ALL SELECT member_id, week, 0 AS in_period, ${FUNNEL_SUMS} FROM (${deals("all", FORWARD)}) o GROUP BY member_id, week HAVING sum(n) > 0`,
    strategies: playbook("strategy"),
    tactics: playbook("tactic"),
    wonDeals: `SELECT member_id, strategy, cycle_days AS days FROM deals WHERE ${inScope(scope)} AND result = 'won' AND closed_at >= ?2 AND closed_at < ?3`,
    // Each rep's first and third attempt per category (the third inside the period), and their deals in the 30 days
    // before the first and the 30 days from the third. A rep with neither still gets a row per side (n = 0).
    lift: `WITH pivots AS (SELECT member_id, category, first_at, third_at FROM practice_firsts
        WHERE ${inScope(scope)} AND category IN (${LIFT_CATEGORIES}) AND third_at >= ?2 AND third_at < ?3)
      ${window("before", "strftime('%Y-%m-%dT%H:%M:%fZ', p.first_at, '-30 days')", "p.first_at")}
      UNION ALL ${window("after", "p.third_at", "strftime('%Y-%m-%dT%H:%M:%fZ', p.third_at, '+30 days')")}`,
  };
}
const SQL = { team: analyticsSql("team"), member: analyticsSql("member") };

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
  const end = addDays(period.to, 1);
  const forwardEnd = addDays(period.to, 29);
  const p = bucketRange(period.from, end);
  const f = bucketRange(end, forwardEnd);
  const params = [teamId, period.start, period.end, `${forwardEnd}T00:00:00.000Z`, memberId, p.from, p.weeksFrom, p.weeksTo, p.to, f.weeksFrom, f.weeksTo, f.to];
  const sql = SQL[memberId === null ? "team" : "member"];
  // Each statement binds the parameters up to the highest it names.
  const statements = [sql.members, sql.practice, sql.outcomeWeeks, sql.strategies, sql.tactics, sql.wonDeals, sql.lift].map((s) =>
    db.stmt(s, ...params.slice(0, Math.max(...[...s.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]))))),
  );
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
