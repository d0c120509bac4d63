// The demo data on many calendar days: the seed is placed relative to "now", so what the dashboard shows moves
// with the date. For two weeks of consecutive days from today (the days CI may run on next) and for the turns of
// a month, a year and a leap day, the seed, the scheduled jobs and the analytics run on that day's clock, and every
// figure the dashboard draws must be well-formed: no NaN, no empty chart where the data has something, every lift
// row in a definite state with an interval that brackets it (a zero change included).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { categories, type CategoryLift, ExperimentReport, TeamAnalytics, DAY_MS } from "@dq/shared";
import { sha256Hex } from "../src/http/crypto.ts";
import { runScheduledJobs } from "../src/jobs.ts";
import { DEMO_TEAM_ID, demoMembers, demoResetSql, demoSeedSql, type LibraryRef } from "../seed/demo.ts";
import { call, insertScenario } from "./helpers.ts";

const manager = demoMembers.find((m) => m.role === "manager")!;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const anchors = [
  ...Array.from({ length: 14 }, (_, i) => new Date(today + i * DAY_MS + 15 * 3_600_000)),
  new Date("2027-01-31T23:59:00.000Z"), // the last minute of a month
  new Date("2026-12-31T23:30:00.000Z"), // the turn of a year (an ISO week that spans it)
  new Date("2027-01-01T00:05:00.000Z"),
  new Date("2028-02-29T12:00:00.000Z"), // a leap day
];

let library: LibraryRef[] | null = null;
async function seedLibrary(): Promise<LibraryRef[]> {
  if (library) return library;
  library = [];
  for (const category of categories)
    for (const difficulty of ["easy", "medium", "hard"] as const) {
      const slug = `cal-${category}-${difficulty}`.replace(/_/g, "-");
      await insertScenario(env.DB, { id: `lib_${slug}`, slug, category, difficulty });
      library.push({ slug, category, difficulty });
    }
  return library;
}

const hashes = new Map<string, string>();
async function seedAt(now: Date) {
  for (const m of demoMembers) if (!hashes.has(m.token)) hashes.set(m.token, await sha256Hex(m.token));
  const statements = [...demoResetSql(), ...demoSeedSql(now, await seedLibrary(), (token) => hashes.get(token)!)];
  await env.DB.batch(statements.map((s) => env.DB.prepare(s)));
  const report = await runScheduledJobs(env, now);
  expect(Object.values(report).every((r) => r === "ok"), JSON.stringify(report)).toBe(true);
}

/** Every number in the answer is finite (JSON has no NaN: a NaN would arrive as null where a number belongs). */
function nonFinite(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

function liftProblems(l: CategoryLift): string[] {
  const problems: string[] = [];
  const where = `${l.category} (${l.status})`;
  if (l.status === "measured") {
    if (l.difference === null || l.low === null || l.high === null || l.method === null) problems.push(`${where}: measured without a figure, an interval or its method`);
    else {
      if (!(l.low <= l.difference && l.difference <= l.high)) problems.push(`${where}: interval ${l.low}..${l.high} does not bracket ${l.difference}`);
      if (!(l.high > l.low)) problems.push(`${where}: a zero-width interval`);
      if (l.low < -1 || l.high > 1) problems.push(`${where}: an interval outside ±100 points`);
    }
  } else if (l.low !== null || l.high !== null) problems.push(`${where}: an interval on a row that is not measured`);
  if (!l.summary.trim()) problems.push(`${where}: no words`);
  return problems;
}

describe("the demo data on any calendar day", () => {
  it.each(anchors.map((a) => [a.toISOString(), a] as const))("is well-formed on the dashboard as of %s", async (_, now) => {
    await seedAt(now);
    const day = now.toISOString().slice(0, 10);
    const res = await call("GET", "/v1/team/analytics", { token: manager.token, at: now });
    expect(res.status).toBe(200);
    const a = TeamAnalytics.parse(res.json);
    const t = a.team;
    // The default period is the last 90 days ending on the worker's "today".
    expect([a.period.to, a.period.days]).toEqual([day, 90]);
    expect(nonFinite(res.json)).toEqual([]);

    // No chart is empty when the data has something: six months of history always reach into the last 90 days.
    expect(t.weekly.length).toBeGreaterThanOrEqual(13);
    expect(t.weekly.filter((w) => w.attempts > 0).length).toBeGreaterThanOrEqual(10);
    expect(t.weekly.filter((w) => w.dealsPerTrainingHour !== null && w.dealsClosed > 0).length).toBeGreaterThanOrEqual(5);
    expect(t.weekly.reduce((s, w) => s + w.daysInPeriod, 0)).toBe(90);
    expect(t.funnel.n).toBeGreaterThan(50);
    expect(t.effectiveness.strategies.length).toBeGreaterThanOrEqual(5);
    expect(t.acrossReps.n).toBe(12);
    expect(a.reps).toHaveLength(12);

    // Every lift category is in a definite state; at least a few are measured.
    expect(new Set(t.lift.map((l) => l.category)).size).toBe(t.lift.length);
    expect(t.lift.flatMap(liftProblems)).toEqual([]);
    expect(t.lift.filter((l) => l.status === "measured").length).toBeGreaterThanOrEqual(2);

    // The scheduled jobs ran on the same day: the demo reps got nudges dated that day.
    const nudged = await env.DB.prepare("SELECT min(created_at) AS first, count(*) AS n FROM nudges WHERE team_id = ?").bind(DEMO_TEAM_ID).first<{ first: string; n: number }>();
    expect(nudged!.n).toBeGreaterThan(0);
    expect(nudged!.first.slice(0, 10)).toBe(day);

    // The experiment: the effect planted in meeting booking reads as conclusive; most categories without one
    // do not (each of those reads "conclusive" by chance on about 5% of days, as a 5% test should).
    const ex = await call("GET", "/v1/team/experiment", { token: manager.token, at: now });
    expect(ex.status).toBe(200);
    const e = ExperimentReport.parse(ex.json);
    expect(nonFinite(ex.json)).toEqual([]);
    const planted = e.categories.find((c) => c.category === "meeting_booking")!;
    expect(planted.status, planted.summary).toBe("conclusive");
    expect(planted.low!).toBeGreaterThan(0);
    const nulls = e.categories.filter((c) => c.category !== "meeting_booking");
    expect(nulls.filter((c) => c.status === "inconclusive").length, nulls.map((c) => c.summary).join("\n")).toBeGreaterThanOrEqual(3);
    for (const c of [...e.categories, e.pooled]) {
      expect(c.units.nudge + c.units.holdout).toBeGreaterThan(0);
      if (c.low !== null && c.high !== null) expect(c.low <= c.difference! && c.difference! <= c.high).toBe(true);
    }
    // Seeding a whole demo team per day (rollups kept by triggers), its jobs and reports: over the 5 s default on a busy box.
  }, 20_000);
});
