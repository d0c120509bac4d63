import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ADMIN, call, createTeam, uniq } from "./helpers.ts";

describe("POST /v1/teams", () => {
  it("creates a team with its manager and returns the manager's token once", async () => {
    const email = `${uniq("boss")}@example.com`;
    const res = await call("POST", "/v1/teams", { token: ADMIN, body: { name: "Acme Sales", manager: { name: "Bo Boss", email } } });
    expect(res.status).toBe(201);
    expect(res.json.team.name).toBe("Acme Sales");
    expect(res.json.manager).toMatchObject({ name: "Bo Boss", email, role: "manager", teamId: res.json.team.id });
    expect(res.json.token).toMatch(/^dq_[A-Za-z0-9_-]{40,}$/);

    const me = await call("GET", "/v1/me", { token: res.json.token });
    expect(me.status).toBe(200);
    expect(me.json.member.role).toBe("manager");

    // Only the hash is stored: the token itself appears nowhere in the database.
    const tokens = await env.DB.prepare("SELECT hash FROM tokens").all<{ hash: string }>();
    expect(tokens.results.some((t) => t.hash === res.json.token)).toBe(false);
    expect(tokens.results.every((t) => /^[0-9a-f]{64}$/.test(t.hash))).toBe(true);
  });

  it("requires the admin secret", async () => {
    const body = { name: "X", manager: { name: "Y", email: "y@example.com" } };
    const none = await call("POST", "/v1/teams", { body });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe("unauthorized");
    const wrong = await call("POST", "/v1/teams", { token: "not-the-secret", body });
    expect(wrong.status).toBe(401);
    const team = await createTeam();
    const asMember = await call("POST", "/v1/teams", { token: team.manager.token, body });
    expect(asMember.status).toBe(401);
  });

  it("rejects bad bodies with 400 and the zod issues", async () => {
    const missing = await call("POST", "/v1/teams", { token: ADMIN, body: { name: "No manager" } });
    expect(missing.status).toBe(400);
    expect(missing.json.error.code).toBe("invalid_body");
    expect(missing.json.error.issues.some((i: { path: string[] }) => i.path[0] === "manager")).toBe(true);

    const wrongType = await call("POST", "/v1/teams", { token: ADMIN, body: { name: 42, manager: { name: "A", email: "a@example.com" } } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.issues[0].path).toEqual(["name"]);

    const badEmail = await call("POST", "/v1/teams", { token: ADMIN, body: { name: "A", manager: { name: "A", email: "not-an-email" } } });
    expect(badEmail.status).toBe(400);
    expect(badEmail.json.error.issues[0].path).toEqual(["manager", "email"]);

    const malformed = await call("POST", "/v1/teams", { token: ADMIN, raw: '{"name": "A",' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.code).toBe("invalid_body");
    expect(malformed.json.error.message).toMatch(/JSON/);
  });

  it("replays with the same Idempotency-Key: one team, and a 409 token_already_issued instead of the token", async () => {
    const key = crypto.randomUUID();
    const body = { name: uniq("Idem "), manager: { name: "I", email: `${uniq("i")}@example.com` } };
    const first = await call("POST", "/v1/teams", { token: ADMIN, body, idempotencyKey: key });
    const second = await call("POST", "/v1/teams", { token: ADMIN, body, idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe("token_already_issued");
    expect(second.json.error.message).toContain(first.json.team.id);
    expect(second.text).not.toContain(first.json.token);
    expect(second.headers.get("Idempotency-Replayed")).toBe("true");
    const count = await env.DB.prepare("SELECT count(*) AS n FROM teams WHERE name = ?").bind(body.name).first<{ n: number }>();
    expect(count!.n).toBe(1);
    // The token is stored nowhere, not even in the idempotency receipt.
    const receipt = await env.DB.prepare("SELECT body FROM idempotency WHERE scope = 'admin' AND key = ?").bind(key).first<{ body: string }>();
    expect(receipt!.body).not.toContain(first.json.token);
    expect(await tokenAnywhereInIdempotency(first.json.token)).toBe(false);
  });
});

describe("OpenAPI", () => {
  it("documents that a replay of a token-issuing request answers 409 token_already_issued", async () => {
    const doc = (await call("GET", "/v1/openapi.json")).json;
    for (const path of ["/v1/teams", "/v1/team/members"]) expect(doc.paths[path].post.description).toContain("token_already_issued");
  });
});

async function tokenAnywhereInIdempotency(token: string) {
  const hit = await env.DB.prepare("SELECT count(*) AS n FROM idempotency WHERE instr(body, ?) > 0").bind(token).first<{ n: number }>();
  return hit!.n > 0;
}

describe("POST /v1/team/members", () => {
  it("lets a manager invite a rep who can then authenticate", async () => {
    const team = await createTeam();
    const email = `${uniq("new")}@example.com`;
    const res = await call("POST", "/v1/team/members", { token: team.manager.token, body: { name: "Nia New", email } });
    expect(res.status).toBe(201);
    expect(res.json.member).toMatchObject({ name: "Nia New", email, role: "rep", teamId: team.teamId });
    const me = await call("GET", "/v1/me", { token: res.json.token });
    expect(me.json.member.id).toBe(res.json.member.id);
    const list = await call("GET", "/v1/team/members", { token: team.manager.token });
    expect(list.json.members.map((m: { email: string }) => m.email)).toContain(email);
  });

  it("is manager-only (403 for a rep) and rejects a duplicate email with 409", async () => {
    const team = await createTeam();
    const asRep = await call("POST", "/v1/team/members", { token: team.rep.token, body: { name: "X", email: "x@example.com" } });
    expect(asRep.status).toBe(403);
    expect(asRep.json.error.code).toBe("forbidden");
    const listAsRep = await call("GET", "/v1/team/members", { token: team.rep.token });
    expect(listAsRep.status).toBe(403);

    const email = `${uniq("dup")}@example.com`;
    expect((await call("POST", "/v1/team/members", { token: team.manager.token, body: { name: "A", email } })).status).toBe(201);
    const dup = await call("POST", "/v1/team/members", { token: team.manager.token, body: { name: "B", email: email.toUpperCase() } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("conflict");
  });

  it("never stores the new member's token: a replay says it was issued, and does not invite twice", async () => {
    const team = await createTeam();
    const key = crypto.randomUUID();
    const body = { name: "Rae Replay", email: `${uniq("replay")}@example.com` };
    const first = await call("POST", "/v1/team/members", { token: team.manager.token, body, idempotencyKey: key });
    expect(first.status).toBe(201);
    expect(await tokenAnywhereInIdempotency(first.json.token)).toBe(false);

    const replay = await call("POST", "/v1/team/members", { token: team.manager.token, body, idempotencyKey: key });
    expect(replay.status).toBe(409);
    expect(replay.json).toEqual({ error: { code: "token_already_issued", message: expect.stringContaining(first.json.member.id) } });
    expect(replay.text).not.toContain(first.json.token);
    const list = await call("GET", "/v1/team/members", { token: team.manager.token });
    expect(list.json.members.filter((m: { email: string }) => m.email === body.email)).toHaveLength(1);
    // The token from the first response still works.
    expect((await call("GET", "/v1/me", { token: first.json.token })).json.member.id).toBe(first.json.member.id);
  });

  it("rejects a bad role", async () => {
    const team = await createTeam();
    const res = await call("POST", "/v1/team/members", { token: team.manager.token, body: { name: "A", email: "a@example.com", role: "admin" } });
    expect(res.status).toBe(400);
    expect(res.json.error.issues[0].path).toEqual(["role"]);
  });
});

describe("authentication", () => {
  it("answers 401 without a token, with a bad token, and with a malformed header", async () => {
    for (const headers of [{}, { Authorization: "Bearer dq_nope" }, { Authorization: "Basic abc" }] as Record<string, string>[]) {
      const res = await call("GET", "/v1/me", { headers });
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
  });
});
