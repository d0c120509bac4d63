import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, createTeam, insertScenario, uniq } from "./helpers.ts";

const strong =
  "Congrats on closing the Series B! Teams right after a funding round usually need to save time on board reporting, and we helped a peer cut costs there. Would a quick call Thursday at 10am work to see if it fits?";

describe("GET /v1/scenarios", () => {
  it("lists the pool with filters and keeps other teams' scenarios out", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const hard = await insertScenario(env.DB, { category: "negotiation", difficulty: "hard", persona: "procurement", title: "Procurement squeeze" });
    const easy = await insertScenario(env.DB, { category: "negotiation", difficulty: "easy", persona: "smb_owner" });
    const foreign = await insertScenario(env.DB, { team_id: other.teamId, category: "negotiation", title: "Other team's scenario" });

    const all = await call("GET", "/v1/scenarios?category=negotiation", { token: team.rep.token });
    expect(all.status).toBe(200);
    const ids = all.json.scenarios.map((s: { id: string }) => s.id);
    expect(ids).toContain(hard);
    expect(ids).toContain(easy);
    expect(ids).not.toContain(foreign);
    expect(ids.indexOf(easy)).toBeLessThan(ids.indexOf(hard));

    const filtered = await call("GET", "/v1/scenarios?category=negotiation&difficulty=hard&persona=procurement", { token: team.rep.token });
    expect(filtered.json.scenarios.map((s: { id: string }) => s.id)).toContain(hard);
    expect(filtered.json.scenarios.map((s: { id: string }) => s.id)).not.toContain(easy);
    for (const s of filtered.json.scenarios) {
      expect(s).toMatchObject({ category: "negotiation", difficulty: "hard", persona: "procurement" });
      expect(s).not.toHaveProperty("idealResponse");
    }

    const bad = await call("GET", "/v1/scenarios?difficulty=impossible", { token: team.rep.token });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("invalid_query");
  });
});

describe("GET /v1/scenarios/:id", () => {
  it("withholds the ideal response until the rep has attempted the scenario", async () => {
    const team = await createTeam();
    const id = await insertScenario(env.DB);
    const before = await call("GET", `/v1/scenarios/${id}`, { token: team.rep.token });
    expect(before.status).toBe(200);
    expect(before.json.idealResponse).toBeNull();
    expect(before.json.keyPoints.map((k: { point: string }) => k.point)).toContain("Name the trigger event");
    expect(JSON.stringify(before.json)).not.toContain("funding round");

    await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: id, response: strong, durationSec: 120 } });
    const after = await call("GET", `/v1/scenarios/${id}`, { token: team.rep.token });
    expect(after.json.idealResponse).toMatch(/Series B/);
    expect(after.json.attempts).toBe(1);
    expect(after.json.bestScore).toBeGreaterThan(50);
    // Another rep has not attempted it.
    expect((await call("GET", `/v1/scenarios/${id}`, { token: team.rep2.token })).json.idealResponse).toBeNull();
  });

  it("is a 404 for another team's scenario or an unknown id", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const foreign = await insertScenario(env.DB, { team_id: other.teamId });
    expect((await call("GET", `/v1/scenarios/${foreign}`, { token: team.rep.token })).status).toBe(404);
    expect((await call("GET", `/v1/scenarios/${foreign}`, { token: team.manager.token })).status).toBe(404);
    expect((await call("GET", "/v1/scenarios/nope", { token: team.rep.token })).status).toBe(404);
  });
});

describe("POST /v1/training/attempts", () => {
  it("scores an answer with per-criterion feedback, awards XP and starts a streak", async () => {
    const team = await createTeam();
    const id = await insertScenario(env.DB, { difficulty: "hard" });
    const res = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: id, response: strong, durationSec: 2400 } });
    expect(res.status).toBe(201);
    expect(res.json.score).toBeGreaterThanOrEqual(70);
    expect(res.json.criteria.find((k: { id: string }) => k.id === "trigger").met).toBe(true);
    expect(res.json.criteria.every((k: { feedback: string }) => k.feedback.length > 5)).toBe(true);
    expect(res.json.idealResponse).toMatch(/Series B/);
    expect(res.json.xp.awarded).toBe(Math.round((res.json.score * 2) / 5));
    expect(res.json.streak).toBe(1);

    const me = await call("GET", "/v1/me", { token: team.rep.token });
    expect(me.json.xp.training).toBe(res.json.xp.awarded);
    expect(me.json.streak).toBe(1);
    // Practice time counts at most 30 minutes per attempt.
    expect(me.json.practice).toEqual({ attempts: 1, seconds: 1800, hours: 0.5 });

    // A repeat of the same scenario the same day earns half.
    const again = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: id, response: strong, durationSec: 60 } });
    expect(again.json.xp.awarded).toBe(Math.floor(res.json.xp.awarded / 2));
  });

  it("scores a weak answer low and tells the rep what to fix", async () => {
    const team = await createTeam();
    const id = await insertScenario(env.DB);
    const res = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: id, response: "Hi, we have a great product. Let me know.", durationSec: 30 } });
    expect(res.status).toBe(201);
    expect(res.json.score).toBeLessThan(25);
    expect(res.json.criteria.find((k: { id: string }) => k.id === "trigger").feedback).toBe("Mention their funding.");
  });

  it("validates input and hides other teams' scenarios", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const foreign = await insertScenario(env.DB, { team_id: other.teamId });
    expect((await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: foreign, response: strong, durationSec: 5 } })).status).toBe(404);
    const bad = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: "x", response: strong, durationSec: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.issues[0].path).toEqual(["durationSec"]);
    const long = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: "x", response: "a".repeat(5001), durationSec: 1 } });
    expect(long.status).toBe(400);
  });

  it("records the scorer with the attempt, charges the scenario's pitfalls, and says why a gate capped a list of terms", async () => {
    const team = await createTeam();
    const id = await insertScenario(env.DB);
    const pitfalls = [{ id: "generic_opener", move: "A generic opener", penalty: 2, phrases: ["hope this finds you well"], why: "It could go to anyone." }];
    await env.DB.prepare("UPDATE scenarios SET pitfalls = ? WHERE id = ?").bind(JSON.stringify(pitfalls), id).run();

    const res = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: id, response: `I hope this finds you well. ${strong}`, durationSec: 60 } });
    expect(res.status).toBe(201);
    expect(res.json.scorer).toBe("rubric-v2");
    expect(res.json.gate).toBeUndefined();
    const pitfall = res.json.criteria.find((c: { kind: string }) => c.kind === "pitfall");
    expect(pitfall).toMatchObject({ label: "A generic opener", quote: "I hope this finds you well.", met: true });
    const trigger = res.json.criteria.find((c: { id: string }) => c.id === "trigger");
    expect(trigger.met).toBe(true);
    expect(strong).toContain(trigger.quote);
    const stored = await env.DB.prepare("SELECT scorer FROM attempts WHERE id = ?").bind(res.json.attempt.id).first<{ scorer: string }>();
    expect(stored!.scorer).toBe("rubric-v2");

    const list = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: id, response: "series b funding round raised save time reduce churn quick call 15 minute call?", durationSec: 20 } });
    expect(list.json.score).toBeLessThanOrEqual(15);
    expect(list.json.gate).toBe("term_list");
    expect(list.json.summary).toMatch(/list of terms/);
  });

  it("replays an attempt with the same Idempotency-Key without scoring twice", async () => {
    const team = await createTeam();
    const id = await insertScenario(env.DB);
    const key = uniq("k");
    const body = { scenarioId: id, response: strong, durationSec: 100 };
    const a = await call("POST", "/v1/training/attempts", { token: team.rep.token, body, idempotencyKey: key });
    const b = await call("POST", "/v1/training/attempts", { token: team.rep.token, body, idempotencyKey: key });
    expect(b.json).toEqual(a.json);
    const n = await env.DB.prepare("SELECT count(*) AS n FROM attempts WHERE member_id = ?").bind(team.rep.id).first<{ n: number }>();
    expect(n!.n).toBe(1);
    expect((await call("GET", "/v1/me", { token: team.rep.token })).json.xp.training).toBe(a.json.xp.awarded);
  });
});
