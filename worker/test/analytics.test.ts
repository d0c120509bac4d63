// The analytics routes through real D1: small data inserted with known timestamps, numbers worked by hand.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { MyAnalytics, TeamAnalytics } from "@dq/shared";
import { call, createTeam, insertScenario, type TestTeam, uniq } from "./helpers.ts";

const db = env.DB;

async function attempt(teamId: string, memberId: string, scenarioId: string, createdAt: string, durationSec: number) {
  await db
    .prepare("INSERT INTO attempts (id, team_id, member_id, scenario_id, response, duration_sec, score, feedback, xp, created_at) VALUES (?, ?, ?, ?, 'answer', ?, 70, '[]', 10, ?)")
    .bind(uniq("att_"), teamId, memberId, scenarioId, durationSec, createdAt)
    .run();
}

interface Deal {
  result: "won" | "lost" | "ghosted";
  responded: boolean;
  meeting: boolean;
  closedAt: string;
  strategy?: string;
  tactics?: string[];
  crmCreatedAt?: string;
  firstSeenAt?: string;
  /** Earlier answers for the same lead (superseded by this one). */
  earlier?: Omit<Deal, "earlier" | "crmCreatedAt" | "firstSeenAt">[];
}

async function deal(teamId: string, memberId: string, d: Deal) {
  const leadId = uniq("ld_");
  await db
    .prepare("INSERT INTO leads (id, team_id, owner_id, crm, external_id, status, crm_created_at, first_seen_at, updated_at, closed_at) VALUES (?, ?, ?, 'sandbox', ?, ?, ?, ?, ?, ?)")
    .bind(leadId, teamId, memberId, leadId, d.result, d.crmCreatedAt ?? null, d.firstSeenAt ?? "2025-11-01T00:00:00.000Z", d.closedAt, d.closedAt)
    .run();
  const answers = [...(d.earlier ?? []), d];
  for (const [i, a] of answers.entries()) {
    await db
      .prepare(
        "INSERT INTO outcomes (id, team_id, lead_id, member_id, responded, meeting_booked, result, strategy, tactics, closed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(uniq("oc_"), teamId, leadId, memberId, a.responded ? 1 : 0, a.meeting ? 1 : 0, a.result, a.strategy ?? null, JSON.stringify(a.tactics ?? []), a.closedAt, `2026-03-01T00:00:0${i}.000Z`)
      .run();
  }
}

const PERIOD = "from=2026-01-05&to=2026-02-01"; // four complete ISO weeks, Monday to Sunday
let team: TestTeam;

beforeAll(async () => {
  team = await createTeam();
  const cold = await insertScenario(db, { category: "cold_outreach" });
  const pricing = await insertScenario(db, { category: "pricing" });
  const r = team.rep.id; // "Riley Rep"
  const q = team.rep2.id; // "Quinn Rep"

  // Riley: 600 + min(7200, 1800) + 1200 + 1800 = 5400 s in the period (1.5 h); one pricing attempt before it.
  await attempt(team.teamId, r, pricing, "2025-12-20T10:00:00.000Z", 900);
  await attempt(team.teamId, r, cold, "2026-01-06T10:00:00.000Z", 600);
  await attempt(team.teamId, r, cold, "2026-01-07T10:00:00.000Z", 7200);
  await attempt(team.teamId, r, cold, "2026-01-08T10:00:00.000Z", 1200);
  await attempt(team.teamId, r, pricing, "2026-01-20T10:00:00.000Z", 1800);
  // Before the period: the cold-outreach "before" window (30 days before 2026-01-06T10:00).
  await deal(team.teamId, r, { result: "ghosted", responded: false, meeting: false, closedAt: "2025-12-20T12:00:00.000Z" });
  await deal(team.teamId, r, { result: "lost", responded: true, meeting: false, closedAt: "2025-12-28T12:00:00.000Z" });
  // In the period.
  await deal(team.teamId, r, { result: "won", responded: true, meeting: true, closedAt: "2026-01-10T12:00:00.000Z", strategy: "value_selling", tactics: ["cold_call", "case_study"], crmCreatedAt: "2025-12-31T12:00:00Z" });
  await deal(team.teamId, r, {
    result: "lost",
    responded: true,
    meeting: true,
    closedAt: "2026-01-15T12:00:00.000Z",
    strategy: "value_selling",
    tactics: ["cold_call"],
    earlier: [{ result: "ghosted", responded: false, meeting: false, closedAt: "2026-01-14T12:00:00.000Z", strategy: "referral" }],
  });
  await deal(team.teamId, r, { result: "ghosted", responded: false, meeting: false, closedAt: "2026-01-22T12:00:00.000Z", strategy: "referral" });
  await deal(team.teamId, r, { result: "won", responded: true, meeting: true, closedAt: "2026-01-25T12:00:00.000Z", strategy: "referral", firstSeenAt: "2026-01-01T12:00:00.000Z" });
  // After the period: only the within-rep forward windows see it.
  await deal(team.teamId, r, { result: "won", responded: true, meeting: true, closedAt: "2026-02-10T12:00:00.000Z", strategy: "referral" });

  // Quinn: no practice; two outcomes.
  await deal(team.teamId, q, { result: "won", responded: true, meeting: true, closedAt: "2026-01-12T12:00:00.000Z", strategy: "value_selling", crmCreatedAt: "2026-01-02T12:00:00+00:00" });
  await deal(team.teamId, q, { result: "lost", responded: true, meeting: false, closedAt: "2026-01-30T12:00:00.000Z" });

  // The manager's own practice and deals are not the team's; another team's never are.
  await attempt(team.teamId, team.manager.id, cold, "2026-01-09T10:00:00.000Z", 1800);
  await deal(team.teamId, team.manager.id, { result: "won", responded: true, meeting: true, closedAt: "2026-01-09T12:00:00.000Z" });
  const other = await createTeam();
  await attempt(other.teamId, other.rep.id, cold, "2026-01-09T10:00:00.000Z", 1800);
  await deal(other.teamId, other.rep.id, { result: "won", responded: true, meeting: true, closedAt: "2026-01-09T12:00:00.000Z", strategy: "value_selling" });
});

describe("GET /v1/team/analytics", () => {
  it("is for managers only", async () => {
    const res = await call("GET", `/v1/team/analytics?${PERIOD}`, { token: team.rep.token });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect((await call("GET", "/v1/team/analytics")).status).toBe(401);
  });

  it("rejects a reversed, overlong or malformed period with a 400", async () => {
    for (const q of ["from=2026-02-01&to=2026-01-01", "from=2020-01-01&to=2026-01-01", "from=yesterday", "to=2026-13-01"]) {
      const res = await call("GET", `/v1/team/analytics?${q}`, { token: team.manager.token });
      expect(res.status, q).toBe(400);
      expect(res.json.error.code).toBe("invalid_query");
    }
  });

  it("matches the numbers worked by hand, in two D1 round trips", async () => {
    const res = await call("GET", `/v1/team/analytics?${PERIOD}`, { token: team.manager.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-D1-Round-Trips")).toBe("2");
    const a = res.json as TeamAnalytics;
    expect(a.period).toEqual({ from: "2026-01-05", to: "2026-02-01", days: 28 });
    expect(a.team.reps).toBe(2);

    // North star: 3 won (Riley 2, Quinn 1) / 1.5 h = 2 per hour.
    expect(a.team.northStar).toMatchObject({ dealsClosed: 3, outcomes: 6, attempts: 4, practiceSeconds: 5400, trainingHours: 1.5, dealsPerTrainingHour: 2 });
    expect(a.team.weekly.map((w) => [w.week, w.trainingHours, w.outcomes, w.dealsClosed, w.dealsPerTrainingHour])).toEqual([
      ["2026-W02", 1, 1, 1, 1],
      ["2026-W03", 0, 2, 1, null],
      ["2026-W04", 0.5, 2, 1, 2],
      ["2026-W05", 0, 1, 0, null],
    ]);

    // Funnel: 6 outcomes (the re-answered deal counts once, as lost), 5 responded, 4 meetings.
    const f = a.team.funnel;
    expect([f.n, f.responded.k, f.responded.n, f.meetingBooked.k, f.meetingBooked.n, f.won.k, f.lost.k, f.ghosted.k]).toEqual([6, 5, 6, 4, 5, 3, 2, 1]);
    // Wilson 5 of 6: centre = (5/6 + 0.320133) / 1.640267 = 0.703219, half = 1.194928 · √(0.023148 + 0.026678) = 0.266728
    expect(f.responded.low).toBeCloseTo(0.436491, 5);
    expect(f.responded.high).toBeCloseTo(0.969947, 5);

    // Effectiveness: value selling 3 (all responded and met, 2 won); referral 2 (1 responded, 1 won); 1 without strategy.
    const e = a.team.effectiveness;
    expect(e.withoutStrategy).toBe(1);
    expect(e.strategies.map((s) => [s.id, s.label, s.n, s.response.k, s.meeting.k, s.meeting.n, s.win.k])).toEqual([
      ["value_selling", "Value selling", 3, 3, 3, 3, 2],
      ["referral", "Referral / warm intro", 2, 1, 1, 1, 1],
    ]);
    expect(e.tactics.map((t) => [t.id, t.n, t.win.k])).toEqual([
      ["cold_call", 2, 1],
      ["case_study", 1, 1],
    ]);

    // Cycle time of won deals: 10, 24 and 10 days → median 10.
    expect(a.team.cycleTime).toMatchObject({ n: 3, medianDays: 10 });
    expect(a.team.cycleTime.byStrategy.map((g) => [g.id, g.n, g.medianDays])).toEqual([
      ["value_selling", 2, 10],
      ["referral", 1, 24],
    ]);

    // Across reps: only 2 reps with outcomes.
    expect(a.team.acrossReps).toMatchObject({ n: 2, rho: null, meaningful: false });
    expect(a.team.acrossReps.points.map((p) => [p.name, p.trainingHours, p.winRate])).toEqual([
      ["Quinn Rep", 0, 0.5],
      ["Riley Rep", 1.5, 0.5],
    ]);

    // Within reps (see the /me test for Riley's weeks): Quinn adds weeks with 0 h and later win rates (½, 0, 0):
    // centred ranks x (0, 0, 0), y (1, −½, −½) → Σxy = −2.25, Σx² = 4.5, Σy² = 4.5 + 1.5 → ρ = −2.25 / √27.
    expect(a.team.withinRep).toMatchObject({ n: 7, reps: 2, df: 4, meaningful: false });
    expect(a.team.withinRep.rho).toBeCloseTo(-2.25 / Math.sqrt(27), 10);

    // Lift, cold outreach (Riley only): 1 of 2 responded before, 3 of 4 after → +0.25.
    const cold = a.team.lift.find((l) => l.category === "cold_outreach")!;
    expect(cold).toMatchObject({ reps: 1, repsWithoutData: 0, before: { k: 1, n: 2 }, after: { k: 3, n: 4 }, difference: 0.25 });
    expect(a.team.lift.find((l) => l.category === "pricing")).toMatchObject({ reps: 0, repsWithoutData: 0 });

    // Per rep.
    const [quinn, riley] = a.reps;
    expect(quinn!.member).toMatchObject({ id: team.rep2.id, name: "Quinn Rep", role: "rep" });
    expect(quinn!.northStar).toMatchObject({ dealsClosed: 1, trainingHours: 0, dealsPerTrainingHour: null });
    expect(quinn!.northStar.caveat).toMatch(/No practice in this period/);
    expect(riley!.northStar.dealsPerTrainingHour).toBeCloseTo(2 / 1.5, 12);
    expect(riley!.funnel.n).toBe(4);
  });

  it("is the same answer twice (the bootstrap is seeded)", async () => {
    const one = await call("GET", `/v1/team/analytics?${PERIOD}`, { token: team.manager.token });
    const two = await call("GET", `/v1/team/analytics?${PERIOD}`, { token: team.manager.token });
    expect(two.json.team.lift).toEqual(one.json.team.lift);
  });

  it("explains an empty period", async () => {
    const res = await call("GET", "/v1/team/analytics?from=2025-06-01&to=2025-06-30", { token: team.manager.token });
    expect(res.status).toBe(200);
    const a = res.json as TeamAnalytics;
    expect(a.team.northStar).toMatchObject({ dealsClosed: 0, trainingHours: 0, dealsPerTrainingHour: null, caveat: "No practice and no outcomes in this period." });
    expect(a.team.funnel.caveat).toBe("No outcomes recorded in this period.");
    expect(a.team.cycleTime.caveat).toMatch(/No won deals/);
  });
});

describe("the API reference", () => {
  it("documents both routes", async () => {
    const doc = (await call("GET", "/v1/openapi.json")).json;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/team/analytics", "/v1/me/analytics"]));
  });
});

describe("GET /v1/me/analytics", () => {
  it("gives a rep their own figures, in two D1 round trips", async () => {
    const res = await call("GET", `/v1/me/analytics?${PERIOD}`, { token: team.rep.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-D1-Round-Trips")).toBe("2");
    const me = res.json as MyAnalytics;
    expect(me.member).toMatchObject({ id: team.rep.id, name: "Riley Rep" });
    expect(me.northStar).toMatchObject({ dealsClosed: 2, outcomes: 4, practiceSeconds: 5400 });
    // Weeks (hours, win rate of the next four weeks): (1, 1/3), (0, 2/3), (0.5, 1), (0, 1)
    // ranks x (4, 1.5, 3, 1.5), y (1, 2, 3.5, 3.5) → centred Σxy = −2.25, Σx² = Σy² = 4.5 → ρ = −0.5, df = 2
    // t = 0.5 · √(2 / 0.75) = 0.816497; p = 1 − t / √(2 + t²) = 0.5
    expect(me.withinRep).toMatchObject({ n: 4, reps: 1, df: 2, meaningful: false });
    expect(me.withinRep.rho).toBeCloseTo(-0.5, 10);
    expect(me.withinRep.p).toBeCloseTo(0.5, 8);
    expect(me.lift.find((l) => l.category === "cold_outreach")).toMatchObject({ before: { k: 1, n: 2 }, after: { k: 3, n: 4 } });
  });

  it("gives a manager their own figures, not the team's", async () => {
    const res = await call("GET", `/v1/me/analytics?${PERIOD}`, { token: team.manager.token });
    expect(res.status).toBe(200);
    expect((res.json as MyAnalytics).northStar).toMatchObject({ dealsClosed: 1, attempts: 1, trainingHours: 0.5, dealsPerTrainingHour: 2 });
  });
});
