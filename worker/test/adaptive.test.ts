// The adaptive loop through the API: weak areas, recommendations, nudges (on outcomes and on the
// schedule), team rules, and the cron handler.
import { DAY_MS } from "@dq/shared";
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../src/index.ts";
import { type TestTeam, call, createTeam, insertScenario, uniq } from "./helpers.ts";

const roundTrips = (res: { headers: Headers }) => Number(res.headers.get("X-D1-Round-Trips"));

async function upsertLead(token: string, over: Record<string, unknown> = {}) {
  const res = await call("PUT", "/v1/leads", { token, body: { crm: "sandbox", externalId: uniq("deal"), name: "Jordan Blake — Harbor Logistics", company: "Harbor Logistics", persona: "procurement", stage: "Qualified", ...over } });
  expect(res.status).toBe(200);
  return res.json.lead as { id: string };
}

async function outcome(token: string, leadId: string, body: Record<string, unknown>) {
  const res = await call("POST", `/v1/leads/${leadId}/outcomes`, { token, body });
  expect(res.status, res.text).toBe(201);
  return res;
}

const NO_MEETING = { responded: true, meetingBooked: false, result: "lost" };

/** A small pool: easy/medium/hard meeting-booking drills, re-engagement for two personas, pricing, discovery. */
async function seedScenarios() {
  const ids: Record<string, string> = {};
  for (const [key, category, difficulty, persona] of [
    ["mb_easy", "meeting_booking", "easy", "executive"],
    ["mb_medium", "meeting_booking", "medium", "executive"],
    ["mb_hard", "meeting_booking", "hard", "procurement"],
    ["re_exec", "re_engagement", "medium", "executive"],
    ["re_proc", "re_engagement", "medium", "procurement"],
    ["pricing", "pricing", "medium", "executive"],
    ["discovery", "discovery", "medium", "executive"],
  ] as const) {
    ids[key] = await insertScenario(env.DB, { id: uniq(`lib_${key}_`), title: `Drill ${key}`, category, difficulty, persona });
  }
  return ids;
}

describe("the loop for a rep whose deals die before the meeting", () => {
  let team: TestTeam;
  const leads: string[] = [];

  beforeAll(async () => {
    team = await createTeam();
    await seedScenarios();
    // The rest of the team books meetings fine.
    for (let i = 0; i < 4; i++) {
      const l = await upsertLead(team.rep2.token);
      await outcome(team.rep2.token, l.id, { responded: true, meetingBooked: true, result: i % 2 ? "won" : "lost", lostReason: i % 2 ? undefined : "timing" });
    }
    for (let i = 0; i < 4; i++) {
      const l = await upsertLead(team.rep.token, { company: `Prospect ${i}`, name: `Contact ${i} — Prospect ${i}` });
      leads.push(l.id);
      await outcome(team.rep.token, l.id, NO_MEETING);
    }
    const won = await upsertLead(team.rep.token);
    await outcome(team.rep.token, won.id, { responded: true, meetingBooked: true, result: "won" });
  });

  it("shows meeting booking as the top weak area, with evidence, in two D1 round trips", async () => {
    const res = await call("GET", "/v1/me/weak-areas", { token: team.rep.token });
    expect(res.status).toBe(200);
    const top = res.json.weakAreas[0];
    expect(top.category).toBe("meeting_booking");
    expect(top.evidence[0].text).toMatch(/^4 of your last 5 replies didn't turn into a meeting; team: /);
    expect(top.deals).toMatchObject({ failures: 4, chances: 5 });
    expect(top.link).toBe(`sidepanel.html#/train?category=meeting_booking&difficulty=${top.suggestedDifficulty}`);
    expect(res.json.basis).toEqual({ attempts: 0, deals: 5, openLeads: 0 });
    expect(roundTrips(res)).toBe(2);
  });

  it("recommends a matching meeting-booking drill first, with a reason and a deep link", async () => {
    const res = await call("GET", "/v1/me/recommendations?limit=5", { token: team.rep.token });
    expect(res.status).toBe(200);
    expect(res.json.recommendations).toHaveLength(5);
    const first = res.json.recommendations[0];
    expect(first.scenario.category).toBe("meeting_booking");
    expect(first.reason).toMatch(/^Meeting booking is your top weak area: 4 of your last 5 replies didn't turn into a meeting/);
    expect(first.link).toBe(`sidepanel.html#/scenario/${first.scenario.id}`);
    expect(roundTrips(res)).toBe(2);
    expect((await call("GET", "/v1/me/recommendations?limit=0", { token: team.rep.token })).status).toBe(400);
  });

  it("nudged once when the first no-meeting outcome arrived (not once per outcome), within the outcome route's 3 round trips", async () => {
    const res = await call("GET", "/v1/me/nudges", { token: team.rep.token });
    expect(res.status).toBe(200);
    expect(roundTrips(res)).toBe(2);
    const nudges = res.json.nudges;
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toMatchObject({ kind: "no_meeting", leadId: leads[0], status: "open", scenario: { category: "meeting_booking" } });
    expect(nudges[0].message).toMatch(/^Prospect 0 replied but no meeting was booked\. Practise turning a reply into a meeting: “.+”\.$/);
    expect(nudges[0].link).toBe(`sidepanel.html#/scenario/${nudges[0].scenario.id}`);

    // The lead panel shows that lead's nudge.
    const lead = await call("GET", `/v1/leads/${leads[0]}`, { token: team.rep.token });
    expect(lead.json.nudges.map((n: { id: string }) => n.id)).toEqual([nudges[0].id]);
    expect((await call("GET", `/v1/leads/${leads[1]}`, { token: team.rep.token })).json.nudges).toEqual([]);

    const again = await upsertLead(team.rep.token);
    const rec = await outcome(team.rep.token, again.id, { ...NO_MEETING, lostReason: "price" });
    expect(roundTrips(rec)).toBeLessThanOrEqual(3);
    // The no-meeting rule already has an open nudge; the price rule nudges with a pricing drill.
    const after = (await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges;
    expect(after.map((n: { kind: string }) => n.kind).sort()).toEqual(["lost_on_price", "no_meeting"]);
    const price = after.find((n: { kind: string }) => n.kind === "lost_on_price");
    expect(price.scenario.category).toBe("pricing");
    // The lead's buyer is procurement: the drill is for that buyer type when the pool has one.
    expect(await personaOf(price.scenario.id)).toBe("procurement");
  });

  it("acts, dismisses and snoozes; only the owner can, and only an open nudge snoozes", async () => {
    const [a, b] = (await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges;
    expect((await call("POST", `/v1/nudges/${a.id}/act`, { token: team.rep2.token })).status).toBe(404);
    expect((await call("POST", `/v1/nudges/${a.id}/act`, { token: team.manager.token })).status).toBe(404);

    const snoozed = await call("POST", `/v1/nudges/${a.id}/snooze`, { token: team.rep.token, body: { hours: 2 } });
    expect(snoozed.status).toBe(200);
    expect(Date.parse(snoozed.json.nudge.snoozedUntil) - Date.now()).toBeGreaterThan(3_500_000);
    expect((await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges.map((n: { id: string }) => n.id)).toEqual([b.id]);
    expect((await call("POST", `/v1/nudges/${a.id}/snooze`, { token: team.rep.token, body: { hours: 0 } })).status).toBe(400);
    // No body at all snoozes for a day.
    const day = await call("POST", `/v1/nudges/${b.id}/snooze`, { token: team.rep.token });
    expect(day.status).toBe(200);
    expect(Date.parse(day.json.nudge.snoozedUntil) - Date.now()).toBeGreaterThan(23 * 3_600_000);

    const acted = await call("POST", `/v1/nudges/${a.id}/act`, { token: team.rep.token, idempotencyKey: "act-1" });
    expect(acted.status).toBe(200);
    expect(acted.json.nudge).toMatchObject({ status: "acted", link: `sidepanel.html#/scenario/${a.scenario.id}` });
    const replay = await call("POST", `/v1/nudges/${a.id}/act`, { token: team.rep.token, idempotencyKey: "act-1" });
    expect(replay.headers.get("Idempotency-Replayed")).toBe("true");
    expect((await call("POST", `/v1/nudges/${a.id}/snooze`, { token: team.rep.token, body: {} })).status).toBe(409);

    const dismissed = await call("POST", `/v1/nudges/${b.id}/dismiss`, { token: team.rep.token });
    expect(dismissed.json.nudge.status).toBe("dismissed");
    expect((await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges).toEqual([]);
    expect((await call("POST", "/v1/nudges/nope/dismiss", { token: team.rep.token })).status).toBe(404);
  });

  it("requires a token on every adaptive route", async () => {
    for (const path of ["/v1/me/weak-areas", "/v1/me/recommendations", "/v1/me/nudges", "/v1/team/settings"]) {
      expect((await call("GET", path)).status, path).toBe(401);
    }
    expect((await call("POST", "/v1/nudges/x/act")).status).toBe(401);
  });
});

describe("team rules", () => {
  it("defaults, changes by a manager only, and keeps the team's other settings", async () => {
    const team = await createTeam();
    const got = await call("GET", "/v1/team/settings", { token: team.rep.token });
    expect(got.json.settings).toEqual({ staleLeadDays: 14, maxNudgesPerDay: 3, practiceGapDays: 3 });
    await env.DB.prepare("UPDATE teams SET settings = ? WHERE id = ?").bind(JSON.stringify({ strategies: [{ id: "our_way", label: "Our way" }] }), team.teamId).run();

    expect((await call("PATCH", "/v1/team/settings", { token: team.rep.token, body: { staleLeadDays: 7 } })).status).toBe(403);
    expect((await call("PATCH", "/v1/team/settings", { token: team.manager.token, body: {} })).status).toBe(400);
    expect((await call("PATCH", "/v1/team/settings", { token: team.manager.token, body: { staleLeadDays: 0 } })).status).toBe(400);
    expect((await call("PATCH", "/v1/team/settings", { token: team.manager.token, body: { colour: "red" } })).status).toBe(400);

    const patched = await call("PATCH", "/v1/team/settings", { token: team.manager.token, body: { staleLeadDays: 7, maxNudgesPerDay: 1 } });
    expect(patched.status).toBe(200);
    expect(patched.json.settings).toEqual({ staleLeadDays: 7, maxNudgesPerDay: 1, practiceGapDays: 3 });
    const stored = await env.DB.prepare("SELECT settings FROM teams WHERE id = ?").bind(team.teamId).first<{ settings: string }>();
    expect(JSON.parse(stored!.settings)).toEqual({ strategies: [{ id: "our_way", label: "Our way" }], staleLeadDays: 7, maxNudgesPerDay: 1 });
    const vocab = await call("GET", "/v1/vocabulary", { token: team.rep.token });
    expect(vocab.json.strategies.some((s: { id: string }) => s.id === "our_way")).toBe(true);
  });

  it("caps new nudges per rep per day at the team's setting", async () => {
    const team = await createTeam();
    await seedScenarios();
    await call("PATCH", "/v1/team/settings", { token: team.manager.token, body: { maxNudgesPerDay: 1 } });
    await outcome(team.rep.token, (await upsertLead(team.rep.token)).id, NO_MEETING);
    await outcome(team.rep.token, (await upsertLead(team.rep.token)).id, { responded: true, meetingBooked: true, result: "lost", lostReason: "price" });
    const nudges = (await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges;
    expect(nudges.map((n: { kind: string }) => n.kind)).toEqual(["no_meeting"]);
  });
});

async function backdateActivity(leadId: string, days: number) {
  const at = new Date(Date.now() - days * DAY_MS).toISOString();
  await env.DB.prepare("UPDATE leads SET activity_at = ?, updated_at = ? WHERE id = ?").bind(at, at, leadId).run();
}

const personaOf = async (scenarioId: string) => (await env.DB.prepare("SELECT persona FROM scenarios WHERE id = ?").bind(scenarioId).first<{ persona: string }>())!.persona;

const countRows = async (sql: string, ...params: string[]) => (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())!.n;

describe("the schedule", () => {
  it("marks stale leads and nudges a re-engagement drill for the lead's buyer type; running twice changes nothing", async () => {
    const team = await createTeam();
    const s = await seedScenarios();
    // The rep practised today, so the only moment is the quiet lead.
    await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: s.discovery, response: "hello", durationSec: 60 } });
    const quiet = await upsertLead(team.rep.token, { persona: "procurement", company: "Quiet Freight", name: "Sam Doe — Quiet Freight" });
    const fresh = await upsertLead(team.rep.token, { company: "Fresh Co" });
    await backdateActivity(quiet.id, 20);

    expect((await call("POST", "/v1/team/schedule/run", { token: team.rep.token })).status).toBe(403);
    const run = await call("POST", "/v1/team/schedule/run", { token: team.manager.token });
    expect(run.status).toBe(200);
    expect(run.json.jobs["mark-stale-leads"]).toEqual({ marked: 1, cleared: 0, open: 2 });
    expect(run.json.jobs["evaluate-nudges"]).toEqual({ reps: 2, nudges: 1 });

    const lead = await env.DB.prepare("SELECT stale_since FROM leads WHERE id = ?").bind(quiet.id).first<{ stale_since: string | null }>();
    expect(lead!.stale_since).not.toBeNull();
    expect(await countRows("SELECT count(*) AS n FROM leads WHERE id = ? AND stale_since IS NULL", fresh.id)).toBe(1);

    const nudges = (await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges;
    expect(nudges).toHaveLength(1);
    expect(nudges[0]).toMatchObject({ kind: "stale_lead", leadId: quiet.id, scenario: { category: "re_engagement" } });
    expect(await personaOf(nudges[0].scenario.id)).toBe("procurement");
    expect(nudges[0].message).toBe(`Quiet Freight has been quiet for 20 days. Warm it up with a re-engagement drill for a procurement lead: “${nudges[0].scenario.title}”.`);
    // rep2 never practised: the practice-gap nudge waits until the gap since they joined passes, so their nudge… is none yet.
    expect((await call("GET", "/v1/me/nudges", { token: team.rep2.token })).json.nudges).toHaveLength(0);

    const before = await countRows("SELECT count(*) AS n FROM nudges WHERE team_id = ?", team.teamId);
    const again = await call("POST", "/v1/team/schedule/run", { token: team.manager.token });
    expect(again.json.jobs["mark-stale-leads"]).toEqual({ marked: 0, cleared: 0, open: 2 });
    expect(again.json.jobs["evaluate-nudges"].nudges).toBe(0);
    expect(await countRows("SELECT count(*) AS n FROM nudges WHERE team_id = ?", team.teamId)).toBe(before);

    // Seeing the lead again changes nothing; a stage change is activity: the nudge leaves, the mark clears.
    await upsertLead(team.rep.token, { externalId: (await env.DB.prepare("SELECT external_id FROM leads WHERE id = ?").bind(quiet.id).first<{ external_id: string }>())!.external_id });
    expect((await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges).toHaveLength(1);
    await upsertLead(team.rep.token, { externalId: (await env.DB.prepare("SELECT external_id FROM leads WHERE id = ?").bind(quiet.id).first<{ external_id: string }>())!.external_id, stage: "Proposal Sent" });
    expect((await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges).toEqual([]);
    expect(await countRows("SELECT count(*) AS n FROM leads WHERE id = ? AND stale_since IS NULL", quiet.id)).toBe(1);

    const settings = await call("GET", "/v1/team/settings", { token: team.manager.token });
    expect(settings.json.lastRuns.map((r: { job: string; trigger: string }) => `${r.job}:${r.trigger}`)).toEqual([
      "draft-team-scenarios:manual",
      "evaluate-nudges:manual",
      "mark-stale-leads:manual",
    ]);
  });

  it("nudges a rep who has not practised for days with their top recommendation", async () => {
    const team = await createTeam();
    await seedScenarios();
    const longAgo = new Date(Date.now() - 10 * DAY_MS).toISOString();
    await env.DB.prepare("UPDATE members SET created_at = ? WHERE id = ?").bind(longAgo, team.rep.id).run();
    await call("POST", "/v1/team/schedule/run", { token: team.manager.token });
    const nudges = (await call("GET", "/v1/me/nudges", { token: team.rep.token })).json.nudges;
    expect(nudges).toHaveLength(1);
    expect(nudges[0].kind).toBe("practice_gap");
    expect(nudges[0].message).toBe(`You haven't practised yet. Start with your top pick: “${nudges[0].scenario.title}”.`);
    const recs = (await call("GET", "/v1/me/recommendations?limit=1", { token: team.rep.token })).json.recommendations;
    expect(nudges[0].scenario.id).toBe(recs[0].scenario.id);
  });

  it("runs from the cron trigger for every team, idempotently", async () => {
    const team = await createTeam();
    await seedScenarios();
    const quiet = await upsertLead(team.rep.token);
    await backdateActivity(quiet.id, 30);
    const runCron = async () => {
      const ctx = createExecutionContext();
      await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "0 */6 * * *" }), env, ctx);
      await waitOnExecutionContext(ctx);
    };
    await runCron();
    const nudges = await countRows("SELECT count(*) AS n FROM nudges WHERE team_id = ?", team.teamId);
    expect(nudges).toBeGreaterThanOrEqual(1);
    expect(await countRows("SELECT count(*) AS n FROM nudges WHERE team_id = ? AND kind = 'stale_lead' AND lead_id = ?", team.teamId, quiet.id)).toBe(1);
    expect(await countRows("SELECT count(*) AS n FROM schedule_runs WHERE team_id = ? AND trigger = 'cron'", team.teamId)).toBe(3);
    const drafts = await countRows("SELECT count(*) AS n FROM scenarios WHERE status = 'draft'");
    await runCron();
    expect(await countRows("SELECT count(*) AS n FROM nudges WHERE team_id = ?", team.teamId)).toBe(nudges);
    expect(await countRows("SELECT count(*) AS n FROM scenarios WHERE status = 'draft'")).toBe(drafts);
    expect(await countRows("SELECT count(*) AS n FROM schedule_runs WHERE team_id = ? AND trigger = 'cron'", team.teamId)).toBe(6);
  });
});
