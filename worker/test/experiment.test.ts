// Experiment mode through the API: only a manager switches it; switching it on draws this block's arms for
// every rep, once; a held-out rep gets no nudge (scheduled job or outcome-driven) and no recommendation in the
// held-out category while a nudged teammate does; the report's arms match an independent count from the tables.
import { DAY_MS, EXPERIMENT_WINDOW_DAYS, type ExperimentReport, experimentCategories } from "@dq/shared";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestTeam, call, createTeam, uniq } from "./helpers.ts";

async function upsertLead(token: string) {
  const res = await call("PUT", "/v1/leads", { token, body: { crm: "sandbox", externalId: uniq("deal"), name: "Jordan Blake — Harbor Logistics", company: "Harbor Logistics", persona: "executive", stage: "Qualified" } });
  expect(res.status, res.text).toBe(200);
  return res.json.lead as { id: string };
}

async function outcome(token: string, body: Record<string, unknown>) {
  const lead = await upsertLead(token);
  const res = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token, body });
  expect(res.status, res.text).toBe(201);
  return lead.id;
}

const NO_MEETING = { responded: true, meetingBooked: false, result: "lost", lostReason: "timing" };

async function arms(teamId: string) {
  const { results } = await env.DB.prepare("SELECT member_id, category, block_start, arm, seed, holdout_share FROM experiment_assignments WHERE team_id = ? ORDER BY member_id, category").bind(teamId).all<{
    member_id: string;
    category: string;
    block_start: string;
    arm: "nudge" | "holdout";
    seed: string;
    holdout_share: number;
  }>();
  return results;
}

/** Fixes one rep's arm in the current block (as if the draw had gone that way): the routes must obey stored arms. */
async function setArm(memberId: string, category: string, arm: "nudge" | "holdout") {
  const res = await env.DB.prepare("UPDATE experiment_assignments SET arm = ? WHERE member_id = ? AND category = ?").bind(arm, memberId, category).run();
  expect(res.meta.changes).toBe(1);
}

async function nudgeCategories(token: string): Promise<string[]> {
  const res = await call("GET", "/v1/me/nudges", { token });
  expect(res.status, res.text).toBe(200);
  return (res.json.nudges as { kind: string; scenario: { category: string } }[]).map((n) => `${n.kind}:${n.scenario.category}`);
}

describe("switching experiment mode", () => {
  let team: TestTeam;
  beforeAll(async () => {
    team = await createTeam();
  });

  it("is a manager's setting, off by default, with a clear error for bad input", async () => {
    expect((await call("GET", "/v1/team/experiment", { token: team.rep.token })).status).toBe(403);
    expect((await call("PATCH", "/v1/team/experiment", { token: team.rep.token, body: { enabled: true } })).status).toBe(403);
    const off = await call("GET", "/v1/team/experiment", { token: team.manager.token });
    expect(off.status, off.text).toBe(200);
    const report = off.json as ExperimentReport;
    expect(report.settings).toEqual({ enabled: false, holdoutShare: 0.2, startedOn: null, currentBlock: null });
    expect(report.categories.map((c) => c.category)).toEqual(experimentCategories);
    expect(report.categories.every((c) => c.status === "none")).toBe(true);
    for (const body of [{}, { enabled: "yes" }, { holdoutShare: 0.9 }, { holdoutShare: 0 }, { enabled: true, extra: 1 }]) {
      const bad = await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body });
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect(bad.json.error.code).toBeTruthy();
    }
  });

  it("switched on, fixes its first Monday and draws this block's arms for every rep, once", async () => {
    const on = await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body: { enabled: true } });
    expect(on.status, on.text).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(on.json.enabled).toBe(true);
    expect(new Date(`${on.json.startedOn}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(on.json.startedOn <= today && today <= on.json.currentBlock.end).toBe(true);
    const first = await arms(team.teamId);
    // Two reps × every testable category; the manager is not a unit.
    expect(first).toHaveLength(2 * experimentCategories.length);
    expect(new Set(first.map((a) => a.member_id))).toEqual(new Set([team.rep.id, team.rep2.id]));
    expect(new Set(first.map((a) => a.block_start))).toEqual(new Set([on.json.startedOn]));
    expect(first.every((a) => a.holdout_share === 0.2 && a.seed.length > 0)).toBe(true);

    // A new share applies to units not drawn yet: the stored arms stay as they were.
    const share = await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body: { holdoutShare: 0.5 } });
    expect(share.status).toBe(200);
    expect(share.json.startedOn).toBe(on.json.startedOn);
    expect(await arms(team.teamId)).toEqual(first);
    // Off and on again: the same first Monday and seed, nothing redrawn.
    await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body: { enabled: false } });
    const again = await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body: { enabled: true } });
    expect(again.json.startedOn).toBe(on.json.startedOn);
    expect(await arms(team.teamId)).toEqual(first);
  });
});

describe("a held-out rep", () => {
  let team: TestTeam;
  beforeAll(async () => {
    team = await createTeam();
    expect((await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body: { enabled: true } })).status).toBe(200);
    for (const c of experimentCategories) {
      await setArm(team.rep.id, c, c === "meeting_booking" ? "holdout" : "nudge");
      await setArm(team.rep2.id, c, "nudge");
    }
  });

  it("gets no meeting-booking nudge when an outcome arrives; a nudged teammate does", async () => {
    await outcome(team.rep.token, NO_MEETING);
    await outcome(team.rep2.token, NO_MEETING);
    expect((await nudgeCategories(team.rep.token)).filter((n) => n.startsWith("no_meeting") || n.endsWith(":meeting_booking"))).toEqual([]);
    expect(await nudgeCategories(team.rep2.token)).toContain("no_meeting:meeting_booking");
  });

  it("gets none from the scheduled job either, while the job still nudges it for a category it is not held out of", async () => {
    // A lead that went quiet three weeks ago: a re-engagement moment (the rep is in the nudged arm there).
    const quiet = await upsertLead(team.rep.token);
    const weeksAgo = new Date(Date.now() - 21 * DAY_MS).toISOString();
    await env.DB.prepare("UPDATE leads SET activity_at = ?, updated_at = ? WHERE id = ?").bind(weeksAgo, weeksAgo, quiet.id).run();
    const run = await call("POST", "/v1/team/schedule/run", { token: team.manager.token });
    expect(run.status, run.text).toBe(200);
    expect(run.json.jobs["evaluate-nudges"]).toMatchObject({ reps: 2 });
    const mine = await nudgeCategories(team.rep.token);
    expect(mine.some((n) => n.endsWith(":meeting_booking"))).toBe(false);
    expect(mine).toContain("stale_lead:re_engagement");
  });

  it("is not recommended the held-out category, while the library stays open", async () => {
    const rec = await call("GET", "/v1/me/recommendations?limit=20", { token: team.rep.token });
    expect(rec.status, rec.text).toBe(200);
    const categories = (rec.json.recommendations as { scenario: { category: string } }[]).map((r) => r.scenario.category);
    expect(categories.length).toBeGreaterThan(0);
    expect(categories).not.toContain("meeting_booking");
    const other = await call("GET", "/v1/me/recommendations?limit=20", { token: team.rep2.token });
    expect((other.json.recommendations as { scenario: { category: string } }[]).map((r) => r.scenario.category)).toContain("meeting_booking");
    const library = await call("GET", "/v1/scenarios?category=meeting_booking", { token: team.rep.token });
    expect(library.status).toBe(200);
    expect((library.json.scenarios as unknown[]).length).toBeGreaterThan(0);
  });

  it("is nudged as usual once experiment mode is off", async () => {
    await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body: { enabled: false } });
    await outcome(team.rep.token, NO_MEETING);
    expect(await nudgeCategories(team.rep.token)).toContain("no_meeting:meeting_booking");
  });
});

describe("the report", () => {
  it("counts each unit's deals in the 30 days from its block's start, and matches an independent count", async () => {
    const team = await createTeam();
    const on = await call("PATCH", "/v1/team/experiment", { token: team.manager.token, body: { enabled: true, holdoutShare: 0.5 } });
    const block = on.json.currentBlock.start as string;
    await setArm(team.rep.id, "meeting_booking", "holdout");
    await setArm(team.rep2.id, "meeting_booking", "nudge");
    // Replies with and without meetings for both reps, recorded now (inside the block's window).
    for (const [token, meetings, misses] of [
      [team.rep.token, 2, 4],
      [team.rep2.token, 5, 1],
    ] as const) {
      for (let i = 0; i < meetings; i++) await outcome(token, { responded: true, meetingBooked: true, result: "won" });
      for (let i = 0; i < misses; i++) await outcome(token, NO_MEETING);
    }
    await outcome(team.rep2.token, { responded: false, meetingBooked: false, result: "ghosted" });

    const res = await call("GET", "/v1/team/experiment", { token: team.manager.token });
    expect(res.status, res.text).toBe(200);
    const report = res.json as ExperimentReport;
    const mb = report.categories.find((c) => c.category === "meeting_booking")!;

    // Independently: the tables, counted in SQL.
    const from = `${block}T00:00:00.000Z`;
    const to = new Date(Date.parse(from) + EXPERIMENT_WINDOW_DAYS * DAY_MS).toISOString();
    const count = async (arm: string) =>
      (await env.DB.prepare(
        `SELECT coalesce(sum(o.meeting_booked), 0) AS k, count(*) AS n FROM outcomes o JOIN experiment_assignments a
           ON a.member_id = o.member_id AND a.category = 'meeting_booking' AND a.block_start = ?
         WHERE o.team_id = ? AND a.arm = ? AND o.responded = 1 AND o.closed_at >= ? AND o.closed_at < ?`,
      )
        .bind(block, team.teamId, arm, from, to)
        .first<{ k: number; n: number }>())!;
    expect({ k: mb.nudged.k, n: mb.nudged.n }).toEqual(await count("nudge"));
    expect({ k: mb.heldOut.k, n: mb.heldOut.n }).toEqual(await count("holdout"));
    expect(mb.nudged).toMatchObject({ k: 5, n: 6 });
    expect(mb.heldOut).toMatchObject({ k: 2, n: 6 });
    expect(mb.units).toEqual({ nudge: 1, holdout: 1 });
    expect(mb.difference).toBeCloseTo(5 / 6 - 2 / 6, 10);
    expect(mb.interval).toBe("newcombe_hybrid_score");
    // Two units, one held out: the only re-assignments are the observed one and its swap, so p = 1, exactly.
    expect(mb.test).toBe("permutation_exact");
    expect(mb.p).toBe(1);
    expect(mb.status).toBe("inconclusive");
    expect(mb.summary).toMatch(/^In 2 rep-months \(1 nudged, 1 held out\), meeting booking: nudged reps booked a meeting after 83% of replies vs 33% held out: \+50 points, 95% .+ \(Newcombe\), p = 1\.00 \(exact permutation test\) — not yet conclusive\./);
    expect(report.pooled.category).toBeNull();
    expect(report.pooled.units.nudge + report.pooled.units.holdout).toBe(2 * experimentCategories.length);
    expect(report.caveats.length).toBeGreaterThan(0);
  });
});
