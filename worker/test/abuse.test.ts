// Abuse limits (issue 13): webhook floods and token guessing are cut per client IP before any D1 read,
// and a webhook call for an unknown team cannot be told from one for a known team with a wrong signature.
// The limits below run on the in-memory stand-in (deterministic windows, limits set per request through
// DQ_WEBHOOK_IP_LIMIT / DQ_AUTH_FAILURE_LIMIT); one test checks that a binding, when present, is what is asked.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { LIMITS, MemoryLimiter } from "../src/http/rateLimit.ts";
import { connectHubSpot, connectPipedrive, connectSalesforce, dealStageEvent, outboundMessage, PIPEDRIVE, SF_KEY } from "./fixtures/webhooks/helpers.ts";
import { hubspotSignatureOf } from "./fixtures/webhooks/hmac.ts";
import { ADMIN, BASE, call, createTeam, type TestTeam } from "./helpers.ts";

/** A D1 binding that runs everything on the real one and counts statements prepared (one per query). */
function countingD1(real: D1Database, counter: { statements: number }): D1Database {
  return {
    prepare(sql: string) {
      counter.statements += 1;
      return real.prepare(sql);
    },
    batch: (stmts) => real.batch(stmts),
    exec: (sql) => real.exec(sql),
    dump: () => real.dump(),
    withSession: (constraint) => real.withSession(constraint),
  } as D1Database;
}

let ipCounter = 0;
/** A fresh documentation-range address per use, so tests never share a bucket. */
const freshIp = () => `198.51.100.${++ipCounter}`;

const standIn = (limits: { webhook?: number; auth?: number }, counter?: { statements: number }) => ({
  WEBHOOK_IP_RATE_LIMITER: undefined,
  AUTH_FAILURE_RATE_LIMITER: undefined,
  DQ_WEBHOOK_IP_LIMIT: limits.webhook ? String(limits.webhook) : undefined,
  DQ_AUTH_FAILURE_LIMIT: limits.auth ? String(limits.auth) : undefined,
  ...(counter ? { DB: countingD1(env.DB, counter) } : {}),
});

const PERSON_CHANGE = { meta: { action: "change", entity: "person", version: "2.0" }, data: {}, previous: {} };
const basic = (u: string, p: string) => `Basic ${btoa(`${u}:${p}`)}`;

let team: TestTeam;
beforeAll(async () => {
  team = await createTeam();
  expect((await connectPipedrive(team.manager.token)).status).toBe(200);
});

describe("the in-memory stand-in", () => {
  it("counts per key in fixed windows, like the binding's simple limit", async () => {
    let t = 1_000;
    const limiter = new MemoryLimiter(3, 60_000, () => t);
    const results = async (key: string, n: number) => {
      const out: boolean[] = [];
      for (let i = 0; i < n; i++) out.push((await limiter.limit({ key })).success);
      return out;
    };
    expect(await results("a", 5)).toEqual([true, true, true, false, false]);
    expect(await results("b", 1)).toEqual([true]);
    t += 59_999;
    expect(await results("a", 1)).toEqual([false]);
    t += 1;
    expect(await results("a", 4)).toEqual([true, true, true, false]);
  });
});

describe("the bindings", () => {
  // (The webhook binding's 1,200 would take the simulation ~20 s to count: only that it is configured.)
  it("are configured, and the failed-check one has the limit the stand-in repeats (as simulated locally)", async () => {
    expect(env.WEBHOOK_IP_RATE_LIMITER).toBeDefined();
    const binding = env.AUTH_FAILURE_RATE_LIMITER!;
    const key = `check:${crypto.randomUUID()}`;
    const results: boolean[] = [];
    for (let i = 0; i <= LIMITS.authFailure.limit; i++) results.push((await binding.limit({ key })).success);
    expect(results.indexOf(false)).toBe(LIMITS.authFailure.limit);
  });
});

describe("webhook floods", () => {
  it("cuts a flood with random team ids from one IP at the limit, reading nothing for the refused ones", async () => {
    const limit = 25;
    const ip = freshIp();
    const counter = { statements: 0 };
    const bindings = standIn({ webhook: limit }, counter);
    const statuses: number[] = [];
    for (let i = 0; i < limit + 15; i++) {
      const before = counter.statements;
      const res = await call("POST", `/v1/webhooks/pipedrive/${crypto.randomUUID()}`, {
        body: PERSON_CHANGE,
        headers: { "CF-Connecting-IP": ip, Authorization: basic("x", "y") },
        bindings,
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.json.error.code).toBe("rate_limited");
        expect(res.headers.get("Retry-After")).toBe(String(LIMITS.webhook.period));
        expect(res.headers.get("X-D1-Round-Trips")).toBe("0");
        expect(res.headers.get("X-D1-Rows-Read")).toBe("0");
        expect(counter.statements).toBe(before);
      }
    }
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(limit).every((s) => s === 429)).toBe(true);
    // One read per delivery let through (the integration lookup), none for the 15 refused.
    expect(counter.statements).toBe(limit);

    // Another address is not affected, and a real delivery from it goes through.
    const other = await call("POST", `/v1/webhooks/pipedrive/${team.teamId}`, {
      body: PERSON_CHANGE,
      headers: { "CF-Connecting-IP": freshIp(), Authorization: basic(PIPEDRIVE.username, PIPEDRIVE.password) },
      bindings,
    });
    expect(other.status).toBe(200);
  });

  it("does not limit callers without CF-Connecting-IP (in-process and local calls)", async () => {
    const bindings = standIn({ webhook: 2 });
    for (let i = 0; i < 5; i++)
      expect((await call("POST", `/v1/webhooks/pipedrive/${crypto.randomUUID()}`, { body: PERSON_CHANGE, bindings })).status).toBe(401);
  });

  it("asks the Rate Limiting binding when there is one, keyed by the client IP", async () => {
    const keys: string[] = [];
    const binding = {
      limit: async ({ key }: { key: string }) => {
        keys.push(key);
        return { success: false };
      },
    };
    const ip = freshIp();
    const res = await call("POST", `/v1/webhooks/hubspot/${team.teamId}`, {
      body: [],
      headers: { "CF-Connecting-IP": ip },
      bindings: { WEBHOOK_IP_RATE_LIMITER: binding as unknown as RateLimit },
    });
    expect([res.status, res.json.error.code]).toEqual([429, "rate_limited"]);
    expect(keys).toEqual([`webhook:${ip}`]);
  });
});

describe("token guessing", () => {
  it("cuts failed token checks per IP before the token lookup; successes never count", async () => {
    const limit = 10;
    const ip = freshIp();
    const counter = { statements: 0 };
    const bindings = standIn({ auth: limit }, counter);
    const as = (token: string, from = ip) => call("GET", "/v1/me", { token, headers: { "CF-Connecting-IP": from }, bindings });

    // A rep's normal traffic from the address spends nothing: 3 × the budget of successful calls.
    for (let i = 0; i < 3 * limit; i++) expect((await as(team.rep.token)).status).toBe(200);

    // Guesses: the budget's worth answer 401 (one lookup each), the next one 429 (after its lookup), then
    // 429 without a lookup.
    const statuses: number[] = [];
    for (let i = 0; i < limit + 10; i++) {
      const before = counter.statements;
      const res = await as(`dq_${crypto.randomUUID().replaceAll("-", "")}`);
      statuses.push(res.status);
      if (i > limit) {
        expect(res.headers.get("X-D1-Round-Trips")).toBe("0");
        expect(counter.statements).toBe(before);
      }
    }
    expect(statuses).toEqual([...Array(limit).fill(401), ...Array(10).fill(429)]);
    const refused = await as("dq_guess");
    expect(refused.json.error.code).toBe("rate_limited");
    expect(refused.headers.get("Retry-After")).toBe(String(LIMITS.authFailure.period));

    // A wrong admin secret is a failed check too.
    const admin = await call("POST", "/v1/teams", { token: "not-the-admin-secret", body: {}, headers: { "CF-Connecting-IP": ip }, bindings });
    expect(admin.status).toBe(429);

    // The rep, verified from this address before, keeps working; a member this worker has not verified
    // recently waits out the period like the guesser (telling them apart would take the read being saved).
    expect((await as(team.rep.token)).status).toBe(200);
    expect((await as(team.rep2.token)).status).toBe(429);
    // Another address is not affected.
    expect((await as("dq_guess", freshIp())).status).toBe(401);
    expect((await as(team.rep2.token, freshIp())).status).toBe(200);
  });

  it("counts wrong admin secrets; the right one still works from another address", async () => {
    const ip = freshIp();
    const bindings = standIn({ auth: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await call("POST", "/v1/teams", { token: `guess-${i}`, body: {}, headers: { "CF-Connecting-IP": ip }, bindings })).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const ok = await call("POST", "/v1/teams", { token: ADMIN, body: { name: "Abuse Co", manager: { name: "Ada", email: "ada@example.com" } }, headers: { "CF-Connecting-IP": freshIp() }, bindings });
    expect(ok.status).toBe(201);
  });
});

describe("unknown team vs known team with a wrong signature", () => {
  let configured: TestTeam;
  let bare: TestTeam;
  beforeAll(async () => {
    configured = await createTeam();
    bare = await createTeam();
    for (const connect of [connectHubSpot, connectPipedrive, connectSalesforce]) expect((await connect(configured.manager.token)).status).toBe(200);
  });

  const deliveries: Record<string, (teamId: string) => Promise<Request>> = {
    hubspot: async (teamId) => {
      const url = `${BASE}/v1/webhooks/hubspot/${teamId}`;
      const body = JSON.stringify([dealStageEvent("77", "closedwon")]);
      const timestamp = String(Date.now());
      const signature = await hubspotSignatureOf("not-the-client-secret", "POST", url, body, timestamp);
      return new Request(url, { method: "POST", body, headers: { "Content-Type": "application/json", "X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": timestamp } });
    },
    pipedrive: async (teamId) =>
      new Request(`${BASE}/v1/webhooks/pipedrive/${teamId}`, {
        method: "POST",
        body: JSON.stringify(PERSON_CHANGE),
        headers: { "Content-Type": "application/json", Authorization: basic(PIPEDRIVE.username, "wrong-password") },
      }),
    salesforce: async (teamId) =>
      new Request(`${BASE}/v1/webhooks/salesforce/${teamId}?key=${encodeURIComponent(`${SF_KEY}-wrong`)}`, {
        method: "POST",
        body: outboundMessage([{ id: "04l1", opportunityId: "0065g00000Z1", isClosed: true, isWon: true }]),
        headers: { "Content-Type": "text/xml; charset=utf-8", SOAPAction: '""' },
      }),
  };

  it.each(Object.keys(deliveries))("%s: same status, body, headers and D1 work", async (crm) => {
    const seen = [];
    for (const teamId of [crypto.randomUUID(), bare.teamId, configured.teamId, "not a team id"]) {
      const counter = { statements: 0 };
      const request = await deliveries[crm]!(encodeURIComponent(teamId));
      const res = await call(request.method, new URL(request.url).pathname + new URL(request.url).search, {
        raw: await request.text(),
        contentType: request.headers.get("Content-Type"),
        headers: Object.fromEntries([...request.headers].filter(([k]) => k !== "content-type")),
        bindings: { DB: countingD1(env.DB, counter) },
      });
      seen.push({ status: res.status, body: res.text, headers: [...res.headers.keys()].sort(), statements: counter.statements, teamId });
    }
    const [unknown, unconfigured, wrongSignature, malformed] = seen;
    expect(unknown!.status).toBe(401);
    expect(unknown!.headers.some((h) => h.startsWith("x-d1-"))).toBe(false);
    for (const other of [unconfigured, wrongSignature]) {
      expect({ ...other!, teamId: "" }).toEqual({ ...unknown!, teamId: "" });
    }
    // A malformed id (no team has one) is refused without a read, with the same answer.
    expect({ status: malformed!.status, body: malformed!.body, headers: malformed!.headers }).toEqual({ status: unknown!.status, body: unknown!.body, headers: unknown!.headers });
  });
});
