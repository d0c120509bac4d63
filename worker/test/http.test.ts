// Cross-cutting HTTP behaviour: error shape, body limit, content type, Server-Timing, round-trip budgets, OpenAPI.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, call, createTeam, insertScenario } from "./helpers.ts";

const roundTrips = (h: Headers) => Number(/d1;[^,]*desc="(\d+) round trips/.exec(h.get("Server-Timing") ?? "")?.[1] ?? NaN);
/** The d1 metric's description: `N round trips, R rows read, W written`. */
const d1Metric = (h: Headers) => {
  const m = /d1;dur=[\d.]+;desc="(\d+) round trips, (\d+) rows read, (\d+) written"/.exec(h.get("Server-Timing") ?? "");
  return m ? { roundTrips: Number(m[1]), rowsRead: Number(m[2]), rowsWritten: Number(m[3]) } : null;
};

describe("errors", () => {
  it("answers unknown routes with the error shape", async () => {
    const res = await call("GET", "/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: { code: "not_found", message: expect.stringContaining("/v1/nothing-here") } });
  });

  it("rejects bodies over 64 KiB with 413", async () => {
    const team = await createTeam();
    const res = await call("POST", "/v1/training/attempts", { token: team.rep.token, raw: JSON.stringify({ scenarioId: "x", response: "a".repeat(70 * 1024), durationSec: 1 }) });
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe("payload_too_large");
  });

  it("asks for a JSON content type instead of guessing", async () => {
    const res = await call("POST", "/v1/teams", { token: ADMIN, raw: JSON.stringify({ name: "A", manager: { name: "B", email: "b@example.com" } }), contentType: null });
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_media_type");
    const text = await call("POST", "/v1/teams", { token: ADMIN, raw: "name=A", contentType: "text/plain" });
    expect(text.status).toBe(415);
  });

  it("rejects a malformed Idempotency-Key", async () => {
    const team = await createTeam();
    const res = await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "sandbox", externalId: "1" }, headers: { "Idempotency-Key": "has spaces in it" } });
    expect(res.status).toBe(400);
  });

  it("never answers garbage with a 500", async () => {
    const team = await createTeam();
    const bodies = ["null", "[]", "\"text\"", "123", "{\"__proto__\": {\"x\": 1}}", "{\"crm\": {\"$gt\": \"\"}}", "\u0000"];
    for (const raw of bodies) {
      for (const [method, path] of [
        ["PUT", "/v1/leads"],
        ["POST", "/v1/training/attempts"],
        ["POST", "/v1/leads/x/outcomes"],
        ["POST", "/v1/team/members"],
      ] as const) {
        const res = await call(method, path, { token: team.manager.token, raw });
        expect(res.status, `${method} ${path} ${raw}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${method} ${path} ${raw}`).toBeLessThan(500);
        expect(res.json.error.code).toBeTruthy();
      }
    }
  });
});

describe("Server-Timing", () => {
  it("reports D1 round trips on every response, and hot routes stay within 3", async () => {
    const team = await createTeam();
    const scenario = await insertScenario(env.DB);
    const lead = (await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "sandbox", externalId: "rt" }, idempotencyKey: crypto.randomUUID() }));
    expect(roundTrips(lead.headers)).toBeLessThanOrEqual(3);
    const checks: [string, string, unknown?][] = [
      ["GET", "/v1/me"],
      ["GET", "/v1/scenarios"],
      ["GET", `/v1/scenarios/${scenario}`],
      ["GET", "/v1/leads"],
      ["GET", `/v1/leads/${lead.json.lead.id}`],
      ["POST", "/v1/training/attempts", { scenarioId: scenario, response: "Congrats on the Series B, quick call Thursday?", durationSec: 30 }],
      ["POST", `/v1/leads/${lead.json.lead.id}/outcomes`, { responded: true, meetingBooked: false, result: "lost", lostReason: "price" }],
    ];
    for (const [method, path, body] of checks) {
      for (const idempotencyKey of body ? [undefined, crypto.randomUUID()] : [undefined]) {
        const res = await call(method, path, { token: team.rep.token, body, idempotencyKey });
        expect(res.status, path).toBeLessThan(300);
        const n = roundTrips(res.headers);
        expect(n, `${method} ${path}`).toBeGreaterThanOrEqual(1);
        expect(n, `${method} ${path}`).toBeLessThanOrEqual(3);
      }
    }
    const notFound = await call("GET", "/v1/nope");
    expect(notFound.headers.get("Server-Timing")).toMatch(/d1;.*desc="0 round trips, 0 rows read, 0 written"/);
  });

  it("reports the rows D1 read and wrote, in the metric and in X-D1-Rows-Read / X-D1-Rows-Written", async () => {
    const team = await createTeam();
    const scenario = await insertScenario(env.DB);
    const headersAgree = (h: Headers) => {
      const metric = d1Metric(h);
      expect(metric).not.toBeNull();
      expect(h.get("X-D1-Round-Trips")).toBe(String(metric?.roundTrips));
      expect(h.get("X-D1-Rows-Read")).toBe(String(metric?.rowsRead));
      expect(h.get("X-D1-Rows-Written")).toBe(String(metric?.rowsWritten));
      return metric!;
    };

    // A read: rows read (at least the token and the member), nothing written.
    const me = await call("GET", "/v1/me", { token: team.rep.token });
    expect(me.status).toBe(200);
    const read = headersAgree(me.headers);
    expect(read.rowsRead).toBeGreaterThanOrEqual(2);
    expect(read.rowsWritten).toBe(0);

    // A write: the new lead (and its index entries) and the idempotency record.
    const lead = await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "sandbox", externalId: "rows" }, idempotencyKey: crypto.randomUUID() });
    expect(lead.status).toBeLessThan(300);
    const wrote = headersAgree(lead.headers);
    expect(wrote.rowsWritten).toBeGreaterThanOrEqual(2);
    expect(wrote.rowsRead).toBeGreaterThanOrEqual(1);

    // A scored attempt writes the attempt, XP and stats.
    const attempt = await call("POST", "/v1/training/attempts", { token: team.rep.token, body: { scenarioId: scenario, response: "Congrats on the Series B, quick call Thursday?", durationSec: 30 } });
    expect(attempt.status).toBeLessThan(300);
    expect(headersAgree(attempt.headers).rowsWritten).toBeGreaterThanOrEqual(3);

    // Browsers may read them cross-origin.
    const preflight = await call("OPTIONS", "/v1/me", { headers: { Origin: "chrome-extension://abc", "Access-Control-Request-Method": "GET" } });
    const simple = await call("GET", "/v1/me", { token: team.rep.token, headers: { Origin: "chrome-extension://abc" } });
    const exposed = (simple.headers.get("Access-Control-Expose-Headers") ?? preflight.headers.get("Access-Control-Expose-Headers") ?? "").toLowerCase();
    for (const h of ["x-d1-round-trips", "x-d1-rows-read", "x-d1-rows-written", "server-timing"]) expect(exposed).toContain(h);
  });
});

describe("OpenAPI", () => {
  it("serves a document generated from the shared schemas, and a reference page", async () => {
    const doc = await call("GET", "/v1/openapi.json");
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.json.paths);
    for (const p of ["/v1/health", "/v1/vocabulary", "/v1/teams", "/v1/team/members", "/v1/me", "/v1/leads", "/v1/leads/{id}", "/v1/leads/{id}/outcomes", "/v1/scenarios", "/v1/scenarios/{id}", "/v1/training/attempts"]) {
      expect(paths).toContain(p);
    }
    const outcome = doc.json.paths["/v1/leads/{id}/outcomes"].post.requestBody.content["application/json"].schema;
    expect(JSON.stringify(outcome)).toContain("meetingBooked");
    const page = await call("GET", "/v1/docs");
    expect(page.status).toBe(200);
    expect(page.text).toContain("/v1/openapi.json");
  });
});

describe("vocabulary", () => {
  it("lists the fixed vocabulary and the team's own playbook additions", async () => {
    const team = await createTeam();
    await env.DB.prepare("UPDATE teams SET settings = ? WHERE id = ?")
      .bind(JSON.stringify({ strategies: [{ id: "golf_day", label: "Golf day", description: "Invite to the club." }] }), team.teamId)
      .run();
    const res = await call("GET", "/v1/vocabulary", { token: team.rep.token });
    expect(res.status).toBe(200);
    expect(res.json.categories).toHaveLength(9);
    expect(res.json.strategies.find((s: { id: string }) => s.id === "golf_day")).toMatchObject({ custom: true });
    const lead = (await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "sandbox", externalId: "g" } })).json.lead;
    const ok = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: team.rep.token, body: { responded: true, meetingBooked: true, result: "won", strategy: "golf_day" } });
    expect(ok.status).toBe(201);
    expect((await call("GET", "/v1/vocabulary")).status).toBe(401);
  });
});
