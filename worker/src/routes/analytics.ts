// Proof of value: GET /v1/team/analytics (manager: the team and each rep) and GET /v1/me/analytics (the caller).
// Two D1 round trips: the token, then one batch of aggregates read from the running totals (SQL does the counting, the domain the statistics).
import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import { AnalyticsQuery, type Category, categoryLiftSteps, MyAnalytics, TeamAnalytics } from "@dq/shared";
import type { Db } from "../db/client.ts";
import { DEAL_TOTALS, PRACTICE_TOTALS, runningTotal, runningTotalBefore, totalBetween, weekBoundaries } from "../db/rollups.ts";
import type { AnalyticsInput, AnalyticsMemberRef, LiftWindow, OutcomeWeek, PlaybookCounts, PracticeWeek, WonDeal } from "../domain/analytics/inputs.ts";
import { addDays, mondayOf, resolvePeriod, type ResolvedPeriod } from "../domain/analytics/period.ts";
import { myAnalytics, teamAnalytics } from "../domain/analytics/report.ts";
import { teamPlaybook } from "../domain/playbook.ts";
import type { AppEnv } from "../env.ts";
import { requireMember } from "../http/auth.ts";
import { ApiException } from "../http/errors.ts";
import { bearer, managerBearer, jsonResponse, memberErrors, router } from "../http/openapi.ts";

export const analytics = router();
analytics.use("/v1/team/analytics", requireMember("manager"));
analytics.use("/v1/me/analytics", requireMember());

// Read from the running totals (migration 0014, worker/src/db/rollups.ts), never from raw attempts or outcomes: a
// count over days [a, b) is the total before b less the total before a, so each statement reads a few rows per rep ×
// key (or per rep × week boundary), however busy the period was. Two inputs still read deals one by one: the
// cycle-time medians (the period's won deals: an exact median needs them) and the lift windows (each pivot's 30 days).
// Parameters: ?1 team, ?2 period start, ?3 period end (exclusive; ISO instants), ?4 the member (the caller's own
// analytics), ?5 the period's first day, ?6 the day after it, ?7 the period's week boundaries and ?8 those through the
// four weeks after it (JSON arrays of days, see weekBoundaries).
type Scope = "team" | "member";
/** Who is counted: the team's reps, or the one member. */
const inScope = (scope: Scope, column = "member_id") =>
  scope === "team" ? `${column} IN (SELECT id FROM members WHERE team_id = ?1 AND role = 'rep')` : `${column} = ?4`;
const LIFT_CATEGORIES = (Object.keys(categoryLiftSteps) as Category[]).map((c) => `'${c}'`).join(", ");
/** A deal counted in a lift window: one row of `deals`, as a funnel. */
const DEAL_AS_FUNNEL = `1 AS n, d.responded, d.meeting_booked, d.result = 'won' AS won, d.result = 'lost' AS lost, d.result = 'ghosted' AS ghosted,
  d.result = 'won' AND d.meeting_booked = 1 AS won_after_meeting`;

/** The aggregates behind both routes, for the team's reps or one member. */
export function analyticsSql(scope: Scope) {
  const members = `SELECT id FROM members WHERE team_id = ?1 AND ${scope === "team" ? "role = 'rep'" : "id = ?4"}`;
  // Per member and boundary day: the running total before it.
  const atBoundaries = (table: "deal_running" | "practice_running", columns: readonly string[], match: string, boundaries: string) =>
    `SELECT m.id AS member_id, b.value AS day, ${runningTotalBefore(table, columns, `r.team_id = ?1 AND r.member_id = m.id${match}`, "b.value")} AS total
      FROM (${members}) m, json_each(${boundaries}) b`;
  // Per member and key of the dimension: the running totals before the period and before its end.
  const playbook = (dim: string) => {
    const match = `r.team_id = k.team_id AND r.member_id = k.member_id AND r.dim = k.dim AND r.key = k.key`;
    return `SELECT k.member_id, nullif(k.key, '') AS id, ${runningTotalBefore("deal_running", DEAL_TOTALS, match, "?5")} AS at_start,
        ${runningTotalBefore("deal_running", DEAL_TOTALS, match, "?6")} AS at_end
      FROM deal_keys k WHERE k.team_id = ?1 AND k.dim = '${dim}' AND ${inScope(scope, "k.member_id")}`;
  };
  const window = (side: "before" | "after", from: string, to: string) => `SELECT p.member_id, p.category, '${side}' AS side,
      coalesce(sum(o.n), 0) AS n, coalesce(sum(o.responded), 0) AS responded, coalesce(sum(o.meeting_booked), 0) AS meeting_booked,
      coalesce(sum(o.won), 0) AS won, coalesce(sum(o.lost), 0) AS lost, coalesce(sum(o.ghosted), 0) AS ghosted,
      coalesce(sum(o.won_after_meeting), 0) AS won_after_meeting
    FROM pivots p LEFT JOIN (SELECT d.member_id, d.closed_at, ${DEAL_AS_FUNNEL} FROM deals d) o ON o.member_id = p.member_id AND o.closed_at >= ${from} AND o.closed_at < ${to}
    GROUP BY p.member_id, p.category`;
  return {
    members: `SELECT id, name, role FROM members WHERE team_id = ?1 AND ${scope === "team" ? "role = 'rep'" : "id = ?4"} ORDER BY name COLLATE NOCASE, id`,
    practice: atBoundaries("practice_running", PRACTICE_TOTALS, "", "?7"),
    outcomes: atBoundaries("deal_running", DEAL_TOTALS, " AND r.dim = 'all' AND r.key = ''", "?8"),
    strategies: playbook("strategy"),
    tactics: playbook("tactic"),
    wonDeals: `SELECT member_id, strategy, cycle_days AS days FROM deals
      WHERE ${scope === "team" ? "team_id = ?1 AND " : ""}${inScope(scope)} AND result = 'won' AND closed_at >= ?2 AND closed_at < ?3`,
    // Each rep's first and third attempt per category (the third inside the period), and their deals in the 30 days
    // before the first and the 30 days from the third. A rep with neither still gets a row per side (n = 0).
    lift: `WITH pivots AS (SELECT member_id, category, first_at, third_at FROM practice_firsts
        WHERE team_id = ?1 AND ${inScope(scope)} AND category IN (${LIFT_CATEGORIES}) AND third_at >= ?2 AND third_at < ?3)
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
/** A member's running total before a boundary day (JSON array of the columns, null before the first row). */
interface BoundaryRow {
  member_id: string;
  day: string;
  total: string | null;
}
interface PlaybookRow {
  member_id: string;
  id: string | null;
  at_start: string | null;
  at_end: string | null;
}
interface WonRow {
  member_id: string;
  strategy: string | null;
  days: number | null;
}
type LiftRow = FunnelRow & { member_id: string; category: Category; side: "before" | "after"; won_after_meeting: number };

const funnel = (r: FunnelRow) => ({ n: r.n, responded: r.responded, meetingBooked: r.meeting_booked, won: r.won, lost: r.lost, ghosted: r.ghosted });
/** Deal totals in DEAL_TOTALS order, as a funnel row. */
const dealTotals = ([n, responded, meeting_booked, won, lost, ghosted]: number[]): FunnelRow => ({
  n: n!,
  responded: responded!,
  meeting_booked: meeting_booked!,
  won: won!,
  lost: lost!,
  ghosted: ghosted!,
});

/**
 * What each piece between consecutive boundaries added, per member: the piece [b(i), b(i+1)) belongs to the ISO week
 * of b(i). Pieces that added nothing are left out.
 */
function pieces(rows: BoundaryRow[], width: number): { memberId: string; week: string; from: string; totals: number[] }[] {
  const byMember = new Map<string, BoundaryRow[]>();
  for (const r of rows) {
    const list = byMember.get(r.member_id);
    if (list) list.push(r);
    else byMember.set(r.member_id, [r]);
  }
  const out: { memberId: string; week: string; from: string; totals: number[] }[] = [];
  for (const [memberId, boundaries] of byMember) {
    boundaries.sort((a, b) => (a.day < b.day ? -1 : 1));
    for (let i = 0; i + 1 < boundaries.length; i++) {
      const totals = totalBetween(runningTotal(boundaries[i]!.total, width), runningTotal(boundaries[i + 1]!.total, width));
      if (totals[0] !== 0) out.push({ memberId, week: mondayOf(boundaries[i]!.day), from: boundaries[i]!.day, totals });
    }
  }
  return out;
}

/** One member × key's count over the period (nothing when it counted no deal then). */
function playbook(r: PlaybookRow): PlaybookCounts | null {
  const [n, responded, meetingBooked, won] = totalBetween(runningTotal(r.at_start, DEAL_TOTALS.length), runningTotal(r.at_end, DEAL_TOTALS.length));
  return n! > 0 ? { memberId: r.member_id, id: r.id, n: n!, responded: responded!, meetingBooked: meetingBooked!, won: won! } : null;
}

/** One batch (one round trip) of aggregates for the members in scope. */
async function readAnalytics(db: Db, teamId: string, period: ResolvedPeriod, memberId: string | null) {
  const end = addDays(period.to, 1);
  const forwardEnd = addDays(period.to, 29);
  const params = [
    teamId,
    period.start,
    period.end,
    memberId,
    period.from,
    end,
    JSON.stringify(weekBoundaries(period.from, end)),
    JSON.stringify(weekBoundaries(period.from, forwardEnd, [end])),
  ];
  const sql = SQL[memberId === null ? "team" : "member"];
  // Each statement binds the parameters up to the highest it names.
  const statements = [sql.members, sql.practice, sql.outcomes, sql.strategies, sql.tactics, sql.wonDeals, sql.lift].map((s) =>
    db.stmt(s, ...params.slice(0, Math.max(...[...s.matchAll(/\?(\d+)/g)].map((m) => Number(m[1]))))),
  );
  const [members, practice, outcomes, strategies, tactics, wonDeals, lift] = (await db.batch(statements)).map((r) => r.results);
  return {
    members: (members as unknown as MemberRow[]).map((m) => ({ id: m.id, name: m.name, role: m.role })),
    practice: pieces(practice as unknown as BoundaryRow[], PRACTICE_TOTALS.length).map(
      (p): PracticeWeek => ({ memberId: p.memberId, week: p.week, attempts: p.totals[0]!, seconds: p.totals[1]! }),
    ),
    outcomes: pieces(outcomes as unknown as BoundaryRow[], DEAL_TOTALS.length).map(
      (p): OutcomeWeek => ({ memberId: p.memberId, week: p.week, inPeriod: p.from < end, ...funnel(dealTotals(p.totals)) }),
    ),
    strategies: (strategies as unknown as PlaybookRow[]).map(playbook).filter((r) => r !== null),
    tactics: (tactics as unknown as PlaybookRow[]).map(playbook).filter((r) => r !== null),
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
