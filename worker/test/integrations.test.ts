// Team CRM integration settings: manager-only, validated, secrets sealed at rest and never returned,
// key rotation, disconnecting, and the per-team webhook rate limit.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { keyringFrom, open, seal } from "../src/http/secrets.ts";
import {
  HUBSPOT_SECRET,
  PIPEDRIVE,
  PORTAL_ID,
  SF_KEY,
  SF_ORG,
  connect,
  connectHubSpot,
  connectPipedrive,
  connectSalesforce,
  dealStageEvent,
  hubspotDeliver,
  pipedriveDeliver,
  responseLog,
} from "./fixtures/webhooks/helpers.ts";
import { ADMIN, type TestTeam, call, createTeam } from "./helpers.ts";

let team: TestTeam;
const { responses, remember } = responseLog();

const row = (teamId: string, crm: string) =>
  env.DB.prepare("SELECT * FROM team_integrations WHERE team_id = ? AND crm = ?").bind(teamId, crm).first<{ secret: string; key_id: string; settings: string }>();

beforeAll(async () => {
  team = await createTeam();
});

describe("PUT /v1/team/integrations/:crm", () => {
  it("stores each CRM's settings and never returns the credentials", async () => {
    const hs = remember(await connectHubSpot(team.manager.token, { userMap: { "55501": team.rep.id } }));
    expect(hs.status).toBe(200);
    expect(hs.json.integration).toEqual({
      crm: "hubspot",
      configured: true,
      webhookUrl: `http://dq.test/v1/webhooks/hubspot/${team.teamId}`,
      settings: { portalId: PORTAL_ID, wonStages: ["closedwon"], lostStages: ["closedlost"] },
      secretsSet: ["clientSecret"],
      userMap: { "55501": team.rep.id },
      updatedAt: expect.any(String),
      lastDeliveryAt: null,
    });
    expect(remember(await connectPipedrive(team.manager.token)).json.integration).toMatchObject({ configured: true, secretsSet: ["username", "password"], settings: {} });
    expect(remember(await connectSalesforce(team.manager.token)).json.integration).toMatchObject({ settings: { organizationId: SF_ORG }, secretsSet: ["urlKey"] });

    const list = remember(await call("GET", "/v1/team/integrations", { token: team.manager.token }));
    expect(list.status).toBe(200);
    expect(list.json.integrations.map((i: { crm: string; configured: boolean }) => [i.crm, i.configured])).toEqual([
      ["hubspot", true],
      ["pipedrive", true],
      ["salesforce", true],
    ]);
  });

  it("seals credentials with AES-GCM under the current key, bound to the team and CRM", async () => {
    const stored = await row(team.teamId, "hubspot");
    const keyring = await keyringFrom(env);
    expect(stored!.secret).not.toContain(HUBSPOT_SECRET);
    expect(stored!.secret).toMatch(/^v1\.[0-9a-f]{12}\./);
    expect(stored!.key_id).toBe(keyring.current.id);
    expect(JSON.parse((await open(keyring, stored!.secret, `${team.teamId}:hubspot`)).plaintext)).toEqual({ clientSecret: HUBSPOT_SECRET });
    await expect(open(keyring, stored!.secret, `${team.teamId}:pipedrive`)).rejects.toThrow();
    const pd = await row(team.teamId, "pipedrive");
    expect(pd!.secret).not.toContain(PIPEDRIVE.password);
    expect(pd!.secret).not.toContain(PIPEDRIVE.username);
  });

  it("only managers manage integrations", async () => {
    for (const [method, path, body] of [
      ["GET", "/v1/team/integrations", undefined],
      ["PUT", "/v1/team/integrations/hubspot", { clientSecret: HUBSPOT_SECRET, portalId: PORTAL_ID }],
      ["DELETE", "/v1/team/integrations/hubspot", undefined],
    ] as const) {
      expect(remember(await call(method, path, { token: team.rep.token, body })).status).toBe(403);
      expect(remember(await call(method, path, { body })).status).toBe(401);
    }
  });

  it("validates: credentials the first time, known members in the map, disjoint stages, well-formed ids", async () => {
    const fresh = await createTeam();
    const noSecret = remember(await connect(fresh.manager.token, "hubspot", { portalId: PORTAL_ID }));
    expect(noSecret.status).toBe(400);
    expect(noSecret.json.error.issues).toEqual([expect.objectContaining({ path: ["clientSecret"] })]);
    const outsider = remember(await connectHubSpot(fresh.manager.token, { userMap: { "1": team.rep.id, "2": "nobody" } }));
    expect(outsider.status).toBe(400);
    expect(outsider.json.error.issues.map((i: { path: string[] }) => i.path.join("."))).toEqual(["userMap.1", "userMap.2"]);
    const both = remember(await connectHubSpot(fresh.manager.token, { wonStages: ["a", "b"], lostStages: ["b"] }));
    expect(both.status).toBe(400);
    expect(remember(await connect(fresh.manager.token, "hubspot", { clientSecret: HUBSPOT_SECRET, portalId: "hub-1" })).status).toBe(400);
    expect(remember(await connect(fresh.manager.token, "pipedrive", { username: "only-user" })).status).toBe(400);
    expect(remember(await connect(fresh.manager.token, "salesforce", { organizationId: "001000000000001", urlKey: SF_KEY })).status).toBe(400);
    expect(remember(await connect(fresh.manager.token, "salesforce", { organizationId: SF_ORG, urlKey: "short" })).status).toBe(400);
    expect(remember(await call("PUT", "/v1/team/integrations/sandbox", { token: fresh.manager.token, body: {} })).status).toBe(404);
    const list = remember(await call("GET", "/v1/team/integrations", { token: fresh.manager.token }));
    expect(list.json.integrations.every((i: { configured: boolean }) => !i.configured)).toBe(true);
  });

  it("a PUT without credentials keeps the stored ones and replaces the rest", async () => {
    const before = await row(team.teamId, "hubspot");
    const res = remember(await connect(team.manager.token, "hubspot", { portalId: PORTAL_ID, wonStages: ["won-stage"] }));
    expect(res.status).toBe(200);
    expect(res.json.integration).toMatchObject({ settings: { wonStages: ["won-stage"], lostStages: ["closedlost"] }, userMap: {} });
    expect((await row(team.teamId, "hubspot"))!.secret).toBe(before!.secret);
    const deal = String(Date.now());
    const delivered = remember(await hubspotDeliver(team.teamId, [dealStageEvent(deal, "won-stage")]));
    expect(delivered.json).toMatchObject({ applied: 1 });
    // A new secret replaces the old one: the old one no longer verifies.
    remember(await connectHubSpot(team.manager.token, { clientSecret: "hs-rotated-client-secret" }));
    expect(remember(await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedlost")])).status).toBe(401);
    expect(remember(await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedlost")], { secret: "hs-rotated-client-secret" })).status).toBe(200);
    remember(await connectHubSpot(team.manager.token));
  });

  it("shows when the last verified delivery arrived", async () => {
    const list = remember(await call("GET", "/v1/team/integrations", { token: team.manager.token }));
    expect(list.json.integrations.find((i: { crm: string }) => i.crm === "hubspot").lastDeliveryAt).toEqual(expect.any(String));
  });

  it("DELETE disconnects: the CRM's webhooks are refused from then on", async () => {
    const other = await createTeam();
    remember(await connectPipedrive(other.manager.token));
    const del = remember(await call("DELETE", "/v1/team/integrations/pipedrive", { token: other.manager.token }));
    expect(del.status).toBe(200);
    expect(del.json.integration).toMatchObject({ configured: false, secretsSet: [] });
    expect(await row(other.teamId, "pipedrive")).toBeNull();
    expect(remember(await call("DELETE", "/v1/team/integrations/pipedrive", { token: other.manager.token })).status).toBe(404);
    const body = { meta: { action: "change", entity: "deal", id: "x", version: "2.0" }, data: { id: 1, status: "won" }, previous: { status: "open" } };
    expect(remember(await pipedriveDeliver(other.teamId, body)).status).toBe(401);
  });

  it("a manager only ever sees their own team's integrations", async () => {
    const other = await createTeam();
    const list = remember(await call("GET", "/v1/team/integrations", { token: other.manager.token }));
    expect(list.json.integrations.every((i: { configured: boolean; webhookUrl: string }) => !i.configured && i.webhookUrl.endsWith(other.teamId))).toBe(true);
  });
});

describe("key rotation", () => {
  it("credentials sealed by the previous key still verify and are re-sealed on delivery", async () => {
    const rotated = await createTeam();
    remember(await connectHubSpot(rotated.manager.token));
    // Seal as the server did before the rotation (the previous key was then current).
    const old = await keyringFrom({ DQ_SECRETS_KEY: env.DQ_SECRETS_KEY_PREVIOUS });
    const sealed = await seal(old, JSON.stringify({ clientSecret: HUBSPOT_SECRET }), `${rotated.teamId}:hubspot`);
    await env.DB.prepare("UPDATE team_integrations SET secret = ?, key_id = ? WHERE team_id = ? AND crm = 'hubspot'").bind(sealed.ciphertext, sealed.keyId, rotated.teamId).run();

    const res = remember(await hubspotDeliver(rotated.teamId, [dealStageEvent(String(Date.now() + 1), "closedwon")]));
    expect(res.status).toBe(200);
    const now = await row(rotated.teamId, "hubspot");
    const current = await keyringFrom(env);
    expect(now!.key_id).toBe(current.current.id);
    expect(now!.secret).not.toBe(sealed.ciphertext);
    expect(JSON.parse((await open(current, now!.secret, `${rotated.teamId}:hubspot`)).plaintext)).toEqual({ clientSecret: HUBSPOT_SECRET });
  });

  it("the admin re-encrypts what the previous key sealed; what no key opens is reported", async () => {
    const a = await createTeam();
    const b = await createTeam();
    remember(await connectPipedrive(a.manager.token));
    remember(await connectSalesforce(b.manager.token));
    const old = await keyringFrom({ DQ_SECRETS_KEY: env.DQ_SECRETS_KEY_PREVIOUS });
    const sealedA = await seal(old, JSON.stringify(PIPEDRIVE), `${a.teamId}:pipedrive`);
    await env.DB.prepare("UPDATE team_integrations SET secret = ?, key_id = ? WHERE team_id = ? AND crm = 'pipedrive'").bind(sealedA.ciphertext, sealedA.keyId, a.teamId).run();
    await env.DB.prepare("UPDATE team_integrations SET secret = 'v1.000000000000.AAAA.AAAA', key_id = '000000000000' WHERE team_id = ? AND crm = 'salesforce'").bind(b.teamId).run();

    expect(remember(await call("POST", "/v1/admin/integrations/re-encrypt", { token: team.manager.token })).status).toBe(401);
    const res = remember(await call("POST", "/v1/admin/integrations/re-encrypt", { token: ADMIN }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ reencrypted: 1, remaining: 0, unreadable: 1 });
    expect((await row(a.teamId, "pipedrive"))!.key_id).toBe((await keyringFrom(env)).current.id);
    expect(remember(await pipedriveDeliver(a.teamId, { meta: { action: "change", entity: "person", version: "2.0" }, data: {}, previous: {} })).status).toBe(200);
    // Unreadable credentials: the vendor is asked to retry (503) until a manager sets them again.
    const unreadable = remember(await call("POST", `/v1/webhooks/salesforce/${b.teamId}?key=${SF_KEY}`, { raw: "<x/>", contentType: "text/xml" }));
    expect(unreadable.status).toBe(503);
    remember(await connectSalesforce(b.manager.token));
    expect(remember(await call("POST", "/v1/admin/integrations/re-encrypt", { token: ADMIN })).json).toEqual({ reencrypted: 0, remaining: 0, unreadable: 0 });
  });

  it("credentials copied to another team's row do not open there", async () => {
    const victim = await createTeam();
    const attacker = await createTeam();
    remember(await connectHubSpot(victim.manager.token));
    remember(await connectHubSpot(attacker.manager.token, { clientSecret: "attacker-secret-000" }));
    const stolen = await row(victim.teamId, "hubspot");
    await env.DB.prepare("UPDATE team_integrations SET secret = ? WHERE team_id = ? AND crm = 'hubspot'").bind(stolen!.secret, attacker.teamId).run();
    expect(remember(await hubspotDeliver(attacker.teamId, [dealStageEvent("1", "closedwon")])).status).toBe(503);
  });
});

describe("webhook rate limit (per team)", () => {
  it("answers 429 past the limit, for that team only, before any D1 work", async () => {
    const busy = await createTeam();
    const calm = await createTeam();
    remember(await connectPipedrive(busy.manager.token));
    remember(await connectPipedrive(calm.manager.token));
    const body = { meta: { action: "change", entity: "person", version: "2.0" }, data: {}, previous: {} };
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof pipedriveDeliver>> | null = null;
    for (let i = 0; i < 45 && !limited; i++) {
      const res = await pipedriveDeliver(busy.teamId, body);
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 40).every((s) => s === 200)).toBe(true);
    expect(limited).not.toBeNull();
    expect(limited!.json.error.code).toBe("rate_limited");
    expect(limited!.headers.get("Retry-After")).toBe("60");
    expect(limited!.headers.get("X-D1-Round-Trips")).toBe("0");
    expect((await pipedriveDeliver(calm.teamId, body)).status).toBe(200);
  });
});

describe("secrets never leave the worker", () => {
  it("no response of this file carries a credential", () => {
    expect(responses.length).toBeGreaterThan(30);
    for (const text of responses) {
      for (const secret of [HUBSPOT_SECRET, "hs-rotated-client-secret", PIPEDRIVE.password, SF_KEY]) expect(text).not.toContain(secret);
    }
  });
});
