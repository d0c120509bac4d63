// The demo seed (what `npm start` shows) through the analytics route, checked against an independent
// computation of every definition straight from the raw rows: plain loops here, no shared code with the
// route's SQL or the domain's statistics (its own ranks, Wilson bounds, medians and Student t CDF).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type Category, categories, categoryLiftSteps, type ExperimentReport, MIN_BOOTSTRAP_REPS, MIN_EXPERIMENT_OUTCOMES, MIN_LIFT_OUTCOMES, type TeamAnalytics, DAY_MS } from "@dq/shared";
import { sha256Hex } from "../src/http/crypto.ts";
import { DEMO_TEAM_ID, demoMembers, demoSeedSql, type LibraryRef } from "../seed/demo.ts";
import { call, insertScenario } from "./helpers.ts";

const seededAt = new Date();
const today = new Date().toISOString().slice(0, 10);
const from = new Date(Date.parse(today) - 181 * DAY_MS).toISOString().slice(0, 10);
const start = Date.parse(`${from}T00:00:00.000Z`);
const end = Date.parse(today) + DAY_MS;
const inPeriod = (iso: string) => Date.parse(iso) >= start && Date.parse(iso) < end;
const manager = demoMembers.find((m) => m.role === "manager")!;

// --- independent statistics -------------------------------------------------------------------------

function wilson(k: number, n: number) {
  if (n === 0) return { low: null, high: null };
  const p = k / n;
  const z = 1.96;
  const c = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const h = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, c - h), high: Math.min(1, c + h) };
}

/** Newcombe (1998) method 10: a − b with each side's distance to its Wilson limits added in quadrature. */
function newcombe(ka: number, na: number, kb: number, nb: number) {
  const pa = ka / na;
  const pb = kb / nb;
  const a = wilson(ka, na);
  const b = wilson(kb, nb);
  const d = pa - pb;
  return { low: d - Math.sqrt((pa - a.low!) ** 2 + (b.high! - pb) ** 2), high: d + Math.sqrt((a.high! - pa) ** 2 + (pb - b.low!) ** 2) };
}

function averageRanks(xs: number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

function pearson(x: number[], y: number[]) {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0, sxx = 0, syy = 0;
  x.forEach((_, i) => {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

/** Student's t CDF by the classical finite series (exact for integer degrees of freedom). */
function tCdf(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  if (df % 2 === 0) {
    let term = 1, sum = 1;
    for (let j = 1; j < df / 2; j++) {
      term *= (c2 * (2 * j - 1)) / (2 * j);
      sum += term;
    }
    return 0.5 + (Math.sin(theta) * sum) / 2;
  }
  let sum = 0;
  if (df > 1) {
    let term = 1;
    sum = 1;
    for (let j = 1; j <= (df - 3) / 2; j++) {
      term *= (c2 * 2 * j) / (2 * j + 1);
      sum += term;
    }
  }
  return 0.5 + (theta + (df > 1 ? Math.sin(theta) * Math.cos(theta) * sum : 0)) / Math.PI;
}

const pValue = (r: number, df: number) => 2 * (1 - tCdf(Math.abs(r) * Math.sqrt(df / (1 - r * r)), df));

function median(xs: number[]) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const mondayOf = (ms: number) => {
  const d = new Date(ms);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday).toISOString().slice(0, 10);
};

// --- the data ---------------------------------------------------------------------------------------

interface RawAttempt {
  id: string;
  member_id: string;
  duration_sec: number;
  created_at: string;
  category: Category;
}
interface RawOutcome {
  id: string;
  lead_id: string;
  member_id: string;
  responded: number;
  meeting_booked: number;
  result: "won" | "lost" | "ghosted";
  strategy: string | null;
  tactics: string;
  closed_at: string;
  created_at: string;
  lead_created: string;
}

let analytics: TeamAnalytics;
let reps: { id: string; name: string }[];
let attempts: RawAttempt[];
let latest: RawOutcome[];
let roundTrips: string | null;
let experiment: ExperimentReport;
let assignments: { member_id: string; category: Category; block_start: string; arm: "nudge" | "holdout" }[];

beforeAll(async () => {
  const library: LibraryRef[] = [];
  for (const category of categories)
    for (const difficulty of ["easy", "hard"] as const) {
      const slug = `demo-${category}-${difficulty}`.replace(/_/g, "-");
      await insertScenario(env.DB, { id: `lib_${slug}`, slug, category, difficulty });
      library.push({ slug, category, difficulty });
    }
  const hashes = new Map<string, string>();
  for (const m of demoMembers) hashes.set(m.token, await sha256Hex(m.token));
  const statements = demoSeedSql(seededAt, library, (token) => hashes.get(token)!);
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)));

  const res = await call("GET", `/v1/team/analytics?from=${from}&to=${today}`, { token: manager.token });
  expect(res.status).toBe(200);
  analytics = res.json as TeamAnalytics;
  roundTrips = res.headers.get("X-D1-Round-Trips");

  const q = <T>(sql: string) => env.DB.prepare(sql).bind(DEMO_TEAM_ID).all<T>().then((r) => r.results);
  reps = await q<{ id: string; name: string }>("SELECT id, name FROM members WHERE team_id = ? AND role = 'rep'");
  attempts = await q<RawAttempt>("SELECT a.id, a.member_id, a.duration_sec, a.created_at, s.category FROM attempts a JOIN scenarios s ON s.id = a.scenario_id WHERE a.team_id = ?");
  const outcomes = await q<RawOutcome>(
    "SELECT o.*, coalesce(l.crm_created_at, l.first_seen_at) AS lead_created FROM outcomes o JOIN leads l ON l.id = o.lead_id WHERE o.team_id = ?",
  );
  const byLead = new Map<string, RawOutcome>();
  for (const o of outcomes) {
    const seen = byLead.get(o.lead_id);
    if (!seen || o.created_at > seen.created_at || (o.created_at === seen.created_at && o.id > seen.id)) byLead.set(o.lead_id, o);
  }
  latest = [...byLead.values()];

  const ex = await call("GET", "/v1/team/experiment", { token: manager.token });
  expect(ex.status).toBe(200);
  experiment = ex.json as ExperimentReport;
  assignments = await q("SELECT member_id, category, block_start, arm FROM experiment_assignments WHERE team_id = ?");
});

/** The successes and trials at the funnel step a category trains, among some deals (plain filters). */
function atStep(category: Category, os: RawOutcome[]) {
  const step = categoryLiftSteps[category]!;
  const base = step === "meeting_given_response" ? os.filter((o) => o.responded) : step === "won_given_meeting" ? os.filter((o) => o.meeting_booked) : os;
  const k =
    step === "responded" ? base.filter((o) => o.responded).length
    : step === "meeting_given_response" ? base.filter((o) => o.meeting_booked).length
    : step === "won_given_meeting" ? base.filter((o) => o.result === "won").length
    : base.filter((o) => o.result !== "ghosted").length;
  return { k, n: base.length };
}

const isRep = (id: string) => reps.some((r) => r.id === id);
const practiceSeconds = (memberId: string | null) =>
  attempts.filter((a) => (memberId ? a.member_id === memberId : isRep(a.member_id)) && inPeriod(a.created_at)).reduce((s, a) => s + Math.min(a.duration_sec, 1800), 0);
const periodOutcomes = (memberId: string | null) => latest.filter((o) => (memberId ? o.member_id === memberId : isRep(o.member_id)) && inPeriod(o.closed_at));

describe("the demo seed", () => {
  it("has a dozen reps, a few hundred outcomes over six months and a few thousand attempts", () => {
    expect(reps).toHaveLength(12);
    expect(latest.length).toBeGreaterThanOrEqual(300);
    expect(attempts.length).toBeGreaterThanOrEqual(2000);
    const closed = latest.map((o) => Date.parse(o.closed_at));
    expect(Math.max(...closed) - Math.min(...closed)).toBeGreaterThan(170 * DAY_MS);
    expect(roundTrips).toBe("2");
  });

  it("shows something real in the default 90 days too (what the dashboard opens on)", async () => {
    const res = await call("GET", "/v1/team/analytics", { token: manager.token });
    const t = (res.json as TeamAnalytics).team;
    expect(t.acrossReps.n).toBe(12);
    expect(t.weekly.filter((w) => w.dealsClosed > 0).length).toBeGreaterThanOrEqual(10);
    expect(t.lift.filter((l) => l.reps >= 2).length).toBeGreaterThanOrEqual(3);
  });

  it("gives every chart something real to show", () => {
    const t = analytics.team;
    expect(t.weekly.filter((w) => w.dealsPerTrainingHour !== null && w.dealsClosed > 0).length).toBeGreaterThan(20);
    expect(t.effectiveness.strategies.length).toBeGreaterThanOrEqual(8);
    expect(t.acrossReps.meaningful).toBe(true);
    expect(t.withinRep.meaningful).toBe(true);
    expect(t.lift.filter((l) => l.reps >= 3 && l.low !== null).length).toBeGreaterThanOrEqual(4);
  });
});

describe("lift intervals mean what they say", () => {
  it("every lift, team and per rep, has an interval exactly when measured, never a point, with its method", () => {
    const all = [...analytics.team.lift, ...analytics.reps.flatMap((r) => r.lift)];
    expect(all.filter((l) => l.status === "measured").length).toBeGreaterThan(0);
    for (const l of all) {
      const measured = l.status === "measured";
      expect([l.low !== null, l.high !== null, l.method !== null], `${l.category} ${l.status}`).toEqual([measured, measured, measured]);
      if (!measured) continue;
      expect(l.high! - l.low!, l.category).toBeGreaterThan(0);
      expect(Math.min(l.before.n, l.after.n), l.category).toBeGreaterThanOrEqual(MIN_LIFT_OUTCOMES);
      if (l.method === "rep_clustered_bootstrap") expect(l.reps, l.category).toBeGreaterThanOrEqual(MIN_BOOTSTRAP_REPS);
    }
  });
});

describe("every figure matches an independent computation", () => {
  it("north star, team and per rep, and per ISO week", () => {
    const won = periodOutcomes(null).filter((o) => o.result === "won").length;
    const seconds = practiceSeconds(null);
    expect(analytics.team.northStar).toMatchObject({ dealsClosed: won, practiceSeconds: seconds, outcomes: periodOutcomes(null).length });
    expect(analytics.team.northStar.dealsPerTrainingHour).toBeCloseTo(won / (seconds / 3600), 10);
    for (const rep of analytics.reps) {
      const s = practiceSeconds(rep.member.id);
      const w = periodOutcomes(rep.member.id).filter((o) => o.result === "won").length;
      expect(rep.northStar.practiceSeconds, rep.member.name).toBe(s);
      expect(rep.northStar.dealsClosed, rep.member.name).toBe(w);
      if (s === 0) expect(rep.northStar.dealsPerTrainingHour).toBeNull();
      else expect(rep.northStar.dealsPerTrainingHour!).toBeCloseTo(w / (s / 3600), 10);
    }
    for (const week of analytics.team.weekly) {
      const inWeek = (iso: string) => inPeriod(iso) && mondayOf(Date.parse(iso)) === week.start;
      const weekSeconds = attempts.filter((a) => isRep(a.member_id) && inWeek(a.created_at)).reduce((s, a) => s + Math.min(a.duration_sec, 1800), 0);
      const weekWon = latest.filter((o) => isRep(o.member_id) && inWeek(o.closed_at) && o.result === "won").length;
      expect(week.trainingHours, week.week).toBeCloseTo(weekSeconds / 3600, 10);
      expect(week.dealsClosed, week.week).toBe(weekWon);
    }
  });

  it("funnel with Wilson intervals", () => {
    const os = periodOutcomes(null);
    const responded = os.filter((o) => o.responded).length;
    const meetings = os.filter((o) => o.meeting_booked).length;
    const f = analytics.team.funnel;
    expect([f.n, f.responded.k, f.meetingBooked.k, f.meetingBooked.n, f.won.k, f.lost.k, f.ghosted.k]).toEqual([
      os.length,
      responded,
      meetings,
      responded,
      os.filter((o) => o.result === "won").length,
      os.filter((o) => o.result === "lost").length,
      os.filter((o) => o.result === "ghosted").length,
    ]);
    expect(f.meetingBooked.low).toBeCloseTo(wilson(meetings, responded).low!, 10);
    expect(f.meetingBooked.high).toBeCloseTo(wilson(meetings, responded).high!, 10);
  });

  it("strategy and tactic effectiveness", () => {
    const os = periodOutcomes(null);
    for (const s of analytics.team.effectiveness.strategies) {
      const mine = os.filter((o) => o.strategy === s.id);
      const responded = mine.filter((o) => o.responded).length;
      const won = mine.filter((o) => o.result === "won").length;
      expect([s.n, s.response.k, s.meeting.k, s.meeting.n, s.win.k], s.id).toEqual([mine.length, responded, mine.filter((o) => o.meeting_booked).length, responded, won]);
      expect(s.win.low).toBeCloseTo(wilson(won, mine.length).low!, 10);
      expect(s.win.high).toBeCloseTo(wilson(won, mine.length).high!, 10);
    }
    expect(analytics.team.effectiveness.withoutStrategy).toBe(os.filter((o) => o.strategy === null).length);
    for (const t of analytics.team.effectiveness.tactics) {
      const mine = os.filter((o) => (JSON.parse(o.tactics) as string[]).includes(t.id));
      expect([t.n, t.win.k], t.id).toEqual([mine.length, mine.filter((o) => o.result === "won").length]);
    }
  });

  it("cycle time medians", () => {
    const won = periodOutcomes(null).filter((o) => o.result === "won");
    const days = (o: RawOutcome) => Math.max(0, (Date.parse(o.closed_at) - Date.parse(o.lead_created)) / DAY_MS);
    expect(analytics.team.cycleTime.n).toBe(won.length);
    expect(analytics.team.cycleTime.medianDays!).toBeCloseTo(median(won.map(days))!, 6);
    for (const g of analytics.team.cycleTime.byStrategy) {
      const mine = won.filter((o) => (o.strategy ?? "none") === g.id);
      expect(g.medianDays!, g.id).toBeCloseTo(median(mine.map(days))!, 6);
    }
  });

  it("Spearman across reps, with its p-value", () => {
    const points = reps
      .map((r) => ({ hours: practiceSeconds(r.id) / 3600, os: periodOutcomes(r.id) }))
      .filter((p) => p.os.length > 0)
      .map((p) => ({ hours: p.hours, rate: p.os.filter((o) => o.result === "won").length / p.os.length }));
    const rho = pearson(averageRanks(points.map((p) => p.hours)), averageRanks(points.map((p) => p.rate)));
    const c = analytics.team.acrossReps;
    expect(c.n).toBe(points.length);
    expect(c.rho!).toBeCloseTo(rho, 10);
    expect(c.p!).toBeCloseTo(pValue(rho, points.length - 2), 8);
  });

  it("within-rep weekly correlation, pooled", () => {
    const mondays: string[] = [];
    for (let m = Date.parse(mondayOf(start)); m + 6 * DAY_MS < end; m += 7 * DAY_MS) if (m >= start) mondays.push(new Date(m).toISOString().slice(0, 10));
    const cx: number[] = [];
    const cy: number[] = [];
    let groups = 0;
    for (const rep of reps) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (const w of mondays) {
        const ws = Date.parse(w);
        const later = latest.filter((o) => o.member_id === rep.id && Date.parse(o.closed_at) >= ws + 7 * DAY_MS && Date.parse(o.closed_at) < ws + 35 * DAY_MS);
        if (later.length === 0) continue;
        const secs = attempts.filter((a) => a.member_id === rep.id && Date.parse(a.created_at) >= ws && Date.parse(a.created_at) < ws + 7 * DAY_MS).reduce((s, a) => s + Math.min(a.duration_sec, 1800), 0);
        xs.push(secs / 3600);
        ys.push(later.filter((o) => o.result === "won").length / later.length);
      }
      if (xs.length < 2) continue;
      groups++;
      const centre = (xs.length + 1) / 2;
      for (const r of averageRanks(xs)) cx.push(r - centre);
      for (const r of averageRanks(ys)) cy.push(r - centre);
    }
    const rho = cx.reduce((s, x, i) => s + x * cy[i]!, 0) / Math.sqrt(cx.reduce((s, x) => s + x * x, 0) * cy.reduce((s, y) => s + y * y, 0));
    const w = analytics.team.withinRep;
    expect([w.n, w.reps, w.df]).toEqual([cx.length, groups, cx.length - groups - 1]);
    expect(w.rho!).toBeCloseTo(rho, 10);
    expect(w.p!).toBeCloseTo(pValue(rho, cx.length - groups - 1), 8);
  });

  it("per-category lift: point estimates, status, and each interval by its named method", () => {
    for (const l of analytics.team.lift) {
      const rate = (os: RawOutcome[]) => atStep(l.category, os);
      let kb = 0, nb = 0, ka = 0, na = 0, paired = 0;
      for (const rep of reps) {
        const mine = attempts.filter((a) => a.member_id === rep.id && a.category === l.category).sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.id < b.id ? -1 : 1));
        if (mine.length < 3 || !inPeriod(mine[2]!.created_at)) continue;
        const first = Date.parse(mine[0]!.created_at);
        const third = Date.parse(mine[2]!.created_at);
        const os = latest.filter((o) => o.member_id === rep.id);
        const before = rate(os.filter((o) => Date.parse(o.closed_at) >= first - 30 * DAY_MS && Date.parse(o.closed_at) < first));
        const after = rate(os.filter((o) => Date.parse(o.closed_at) >= third && Date.parse(o.closed_at) < third + 30 * DAY_MS));
        if (before.n === 0 || after.n === 0) continue;
        paired++;
        kb += before.k;
        nb += before.n;
        ka += after.k;
        na += after.n;
      }
      expect([l.reps, l.before.k, l.before.n, l.after.k, l.after.n], l.category).toEqual([paired, kb, nb, ka, na]);
      const status = paired === 0 ? "none" : nb < MIN_LIFT_OUTCOMES || na < MIN_LIFT_OUTCOMES ? "too_few" : "measured";
      expect(l.status, l.category).toBe(status);
      if (status === "none") expect([l.difference, l.low, l.high, l.method], l.category).toEqual([null, null, null, null]);
      else expect(l.difference!, l.category).toBeCloseTo(ka / na - kb / nb, 10);
      if (status === "too_few") {
        expect([l.low, l.high, l.method], l.category).toEqual([null, null, null]);
        expect(l.summary, l.category).toContain(`too few outcomes (${nb} before, ${na} after) to say`);
      }
      if (status !== "measured") continue;
      const extreme = kb === 0 || kb === nb || ka === 0 || ka === na;
      if (paired < MIN_BOOTSTRAP_REPS || extreme) {
        const expected = newcombe(ka, na, kb, nb);
        expect(l.method, l.category).toBe("newcombe_hybrid_score");
        expect(l.low!, l.category).toBeCloseTo(expected.low, 10);
        expect(l.high!, l.category).toBeCloseTo(expected.high, 10);
        expect(l.summary, l.category).toContain("Newcombe's score interval");
      } else {
        // Enough reps: resampled over reps (seeded), so only its shape is checked here, never a point.
        expect(l.method, l.category).toBe("rep_clustered_bootstrap");
        expect(l.low!, l.category).toBeLessThan(l.high!);
        expect(l.low!, l.category).toBeLessThanOrEqual(l.difference!);
        expect(l.high!, l.category).toBeGreaterThanOrEqual(l.difference!);
        expect(l.summary, l.category).toContain(`bootstrap over the ${paired} reps`);
      }
      expect(l.high! - l.low!, l.category).toBeGreaterThan(0);
    }
  });
});

describe("the experiment matches an independent computation", () => {
  const unitsOf = (category: Category) =>
    assignments
      .filter((a) => a.category === category && a.block_start <= today)
      .map((a) => {
        const from = Date.parse(`${a.block_start}T00:00:00.000Z`);
        const deals = latest.filter((o) => o.member_id === a.member_id && Date.parse(o.closed_at) >= from && Date.parse(o.closed_at) < from + 30 * DAY_MS);
        return { arm: a.arm, ...atStep(category, deals) };
      });
  /** Two-sided randomization p by its own Monte Carlo (xorshift), holding the number of held-out units fixed. */
  function permutationP(units: { arm: string; k: number; n: number }[], draws = 4000) {
    const used = units.filter((u) => u.n > 0);
    const h = used.filter((u) => u.arm === "holdout").length;
    const stat = (held: Set<number>) => {
      const sums = { held: { k: 0, n: 0 }, nudged: { k: 0, n: 0 } };
      used.forEach((u, i) => {
        const side = held.has(i) ? sums.held : sums.nudged;
        side.k += u.k;
        side.n += u.n;
      });
      return sums.nudged.k / sums.nudged.n - sums.held.k / sums.held.n;
    };
    const observed = Math.abs(stat(new Set(used.flatMap((u, i) => (u.arm === "holdout" ? [i] : [])))));
    let x = 2463534242;
    const next = () => {
      x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
      return x / 4294967296;
    };
    let extreme = 0;
    for (let d = 0; d < draws; d++) {
      const idx = used.map((_, i) => i);
      for (let i = idx.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
      }
      if (Math.abs(stat(new Set(idx.slice(0, h)))) >= observed - 1e-12) extreme++;
    }
    return (extreme + 1) / (draws + 1);
  }

  it("arms, rates, Newcombe intervals and permutation p-values per category", () => {
    expect(experiment.settings.enabled).toBe(true);
    for (const r of experiment.categories) {
      const category = r.category!;
      const units = unitsOf(category);
      const sum = (arm: string) => units.filter((u) => u.arm === arm).reduce((s, u) => ({ k: s.k + u.k, n: s.n + u.n, units: s.units + 1 }), { k: 0, n: 0, units: 0 });
      const nudged = sum("nudge");
      const held = sum("holdout");
      expect([r.units.nudge, r.units.holdout, r.nudged.k, r.nudged.n, r.heldOut.k, r.heldOut.n], category).toEqual([nudged.units, held.units, nudged.k, nudged.n, held.k, held.n]);
      if (nudged.n < MIN_EXPERIMENT_OUTCOMES || held.n < MIN_EXPERIMENT_OUTCOMES) {
        expect([r.low, r.high, r.p], category).toEqual([null, null, null]);
        continue;
      }
      const interval = newcombe(nudged.k, nudged.n, held.k, held.n);
      expect(r.difference!, category).toBeCloseTo(nudged.k / nudged.n - held.k / held.n, 10);
      expect(r.low!, category).toBeCloseTo(interval.low, 10);
      expect(r.high!, category).toBeCloseTo(interval.high, 10);
      // Two Monte Carlo estimates of one p (10,000 and 4,000 draws): within 4 standard errors of each other.
      expect(Math.abs(r.p! - permutationP(units)), category).toBeLessThan(0.04);
      expect(r.status, category).toBe(interval.low > 0 || interval.high < 0 ? (r.p! < 0.05 ? "conclusive" : "inconclusive") : "inconclusive");
    }
  });
});
