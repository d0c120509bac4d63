// The background end to end, minus the browser: messages in, requests to a fake worker out, state
// in a real IndexedDB implementation.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { PageBroadcast, SyncSummary } from "@dq/shared";
import { meFixture } from "./loop.test-helpers.ts";
import { openDb } from "./db.ts";
import { createBackgroundService, type Platform } from "./service.ts";

const ORIGIN = "chrome-extension://abcdefghijklmnop/";
const PAGE = { id: "abcdefghijklmnop", url: `${ORIGIN}options.html` };
const TAB = { id: "abcdefghijklmnop", url: "http://127.0.0.1:8790/leads/L-1", tab: { id: 7, windowId: 1 }, frameId: 0 };

/** A small stand-in for the worker: records requests, honours Idempotency-Key, can go down. */
class FakeWorker {
  up = true;
  requests: Array<{ method: string; path: string; key: string | null; body: any; token?: string | null }> = [];
  /** The tokens it accepts (one per member). */
  tokens = new Set(["good-token"]);
  receipts = new Map<string, { status: number; body: unknown }>();
  outcomes: unknown[] = [];
  leads = new Map<string, any>();
  refuse: ((path: string, body: any) => { status: number; body: unknown } | null) | null = null;

  fetch: typeof fetch = async (input, init) => {
    if (!this.up) throw new TypeError("Failed to fetch");
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const headers = new Headers(init?.headers);
    const key = headers.get("Idempotency-Key");
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const token = headers.get("Authorization")?.replace(/^Bearer /, "") ?? null;
    this.requests.push({ method, path: url.pathname, key, body, token });
    if (!this.tokens.has(token ?? "") && url.pathname !== "/v1/health") return json(401, { error: { code: "unauthorized", message: "This token is not valid." } });
    if (key && this.receipts.has(key)) return json(this.receipts.get(key)!.status, this.receipts.get(key)!.body);
    const res = this.route(method, url.pathname, body);
    if (key) this.receipts.set(key, res);
    return json(res.status, res.body);
  };

  private route(method: string, path: string, body: any): { status: number; body: unknown } {
    const refused = this.refuse?.(path, body);
    if (refused) return refused;
    const now = "2026-11-24T10:00:00.000Z";
    if (method === "GET" && path === "/v1/health") return { status: 200, body: { status: "ok", version: "0.1.0", migrations: { applied: 2, latest: "0002" }, time: now } };
    if (method === "GET" && path === "/v1/me")
      return { status: 200, body: meFixture() };
    if (method === "PUT" && path === "/v1/leads") {
      const id = `ld_${body.crm}_${body.externalId}`;
      const lead = { ...lead0(id, now), ...this.leads.get(id), ...body, id };
      this.leads.set(id, lead);
      return { status: 200, body: { lead, created: true } };
    }
    const outcome = /^\/v1\/leads\/([^/]+)\/outcomes$/.exec(path);
    if (method === "POST" && outcome) {
      const lead = this.leads.get(outcome[1]!);
      if (!lead) return { status: 404, body: { error: { code: "not_found", message: "Lead not found." } } };
      this.outcomes.push(body);
      lead.status = body.result;
      return {
        status: 201,
        body: {
          outcome: { id: `o${this.outcomes.length}`, leadId: lead.id, memberId: "m1", responded: body.responded, meetingBooked: body.meetingBooked, result: body.result, strategy: null, tactics: [], lostReason: null, winningApproach: null, scenarioConsent: false, notes: null, closedAt: now, createdAt: now },
          lead,
          xp: { awarded: 5, total: 20 },
        },
      };
    }
    if (method === "GET" && path === "/v1/scenarios") return { status: 200, body: { scenarios: [summary("s1", "cold_outreach"), summary("s2", "pricing")] } };
    if (method === "POST" && path === "/v1/training/attempts")
      return {
        status: 201,
        body: {
          attempt: { id: "a1", scenarioId: body.scenarioId, score: 72, durationSec: body.durationSec, createdAt: now },
          score: 72,
          summary: "Good.",
          criteria: [{ id: "k", kind: "key_point", label: "Trigger", score: 100, weight: 1, met: true, feedback: "Yes." }],
          xp: { awarded: 20, training: 30, total: 35 },
          streak: 3,
          idealResponse: "…",
          scorer: "rubric",
        },
      };
    return { status: 404, body: { error: { code: "not_found", message: `No route ${method} ${path}` } } };
  }
}

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
function lead0(id: string, now: string) {
  return { id, teamId: "t1", ownerId: "m1", crm: "sandbox", externalId: "", name: null, company: null, stage: null, status: "open", amount: null, currency: null, url: null, persona: null, industry: null, createdAt: now, firstSeenAt: now, updatedAt: now, closedAt: null, activityAt: null, staleSince: null };
}
function summary(id: string, category: string) {
  return { id, slug: id, title: `Scenario ${id}`, category, difficulty: "medium", persona: "executive", industry: null, source: "library", status: "published", teamId: null, createdAt: "2026-01-01T00:00:00.000Z" };
}

let worker: FakeWorker;
let platform: Platform & { summaries: SyncSummary[]; opened: string[]; broadcasts: PageBroadcast[]; injected: number[] };
let service: ReturnType<typeof createBackgroundService>;

async function call(message: unknown, from: object = TAB) {
  return service.handle(message, from);
}
async function ok(message: unknown, from: object = TAB): Promise<any> {
  const res = await call(message, from);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.data;
}

beforeEach(async () => {
  worker = new FakeWorker();
  const summaries: SyncSummary[] = [];
  const opened: string[] = [];
  const broadcasts: PageBroadcast[] = [];
  const injected: number[] = [];
  platform = {
    extensionOrigin: ORIGIN,
    summaries,
    opened,
    broadcasts,
    injected,
    injectUi: async (tabId) => void injected.push(tabId),
    openSidePanel: (_t, hash) => {
      opened.push(hash);
      return Promise.resolve(true);
    },
    broadcast: (m) => void broadcasts.push(m),
    publishSummary: (s) => void summaries.push(s),
    scheduleRetry: () => {},
  };
  service = createBackgroundService({ db: openDb(`bg-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange }), platform, fetch: worker.fetch, syncWaitMs: 2000, scoreWaitMs: 2000 });
  await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "good-token" }, PAGE);
});

const lead = { crm: "sandbox", externalId: "L-1", name: "Dana Whitfield", company: "Brightline", stage: "Proposal Sent", amount: 48000, currency: "USD" };
const outcome = { responded: true, meetingBooked: true, result: "won", tactics: ["live_demo"], strategy: "value_selling" };

describe("background: leads and outcomes", () => {
  it("upserts a seen lead once per distinct reading, with an idempotency key", async () => {
    const view = await ok({ type: "lead.seen", lead });
    expect(view).toMatchObject({ serverId: "ld_sandbox_L-1", name: "Dana Whitfield", status: "open", waiting: 0 });
    await ok({ type: "lead.seen", lead });
    const puts = worker.requests.filter((r) => r.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(puts[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    await ok({ type: "lead.seen", lead: { ...lead, stage: "Negotiation" } });
    expect(worker.requests.filter((r) => r.method === "PUT")).toHaveLength(2);
  });

  it("records an outcome made offline exactly once when the worker is back", async () => {
    await ok({ type: "lead.seen", lead });
    worker.up = false;
    const waiting = await ok({ type: "outcome.record", lead, outcome });
    expect(waiting).toMatchObject({ status: "won", outcome: { result: "won", state: "waiting" }, waiting: 1 });
    expect(platform.summaries.at(-1)).toMatchObject({ waiting: 1, paused: "offline" });

    worker.up = true;
    await service.reconnect();
    expect(worker.outcomes).toHaveLength(1);
    expect((await ok({ type: "lead.get", lead: { crm: "sandbox", externalId: "L-1" } })).outcome.state).toBe("sent");
    // A lost answer and a resend: the same key, the worker does the work once.
    const posts = worker.requests.filter((r) => r.path.endsWith("/outcomes"));
    expect(new Set(posts.map((p) => p.key)).size).toBe(1);
    expect(platform.summaries.at(-1)).toMatchObject({ waiting: 0, failed: 0 });
  });

  it("creates the lead first when the outcome is for a lead the worker never acknowledged", async () => {
    worker.up = false;
    await ok({ type: "lead.seen", lead: { crm: "sandbox", externalId: "L-9" } });
    await ok({ type: "outcome.record", lead: { crm: "sandbox", externalId: "L-9", name: "New" }, outcome });
    worker.up = true;
    await service.reconnect();
    expect(worker.outcomes).toHaveLength(1);
    expect(worker.leads.get("ld_sandbox_L-9")).toMatchObject({ status: "won" });
  });

  it("puts a refused outcome in the failed list with the server's message", async () => {
    await ok({ type: "lead.seen", lead });
    worker.refuse = (path) => (path.endsWith("/outcomes") ? { status: 400, body: { error: { code: "bad_request", message: 'Unknown strategy "x".' } } } : null);
    const view = await ok({ type: "outcome.record", lead, outcome: { ...outcome, strategy: "x" } });
    expect(view.outcome.state).toBe("failed");
    const { items } = await ok({ type: "outbox.list" }, PAGE);
    expect(items.find((i: any) => i.state === "failed")).toMatchObject({ lastError: { status: 400, message: 'Unknown strategy "x".' } });
    expect(platform.summaries.at(-1)).toMatchObject({ failed: 1 });
  });

  it("counts automatic outcome prompts per lead", async () => {
    await ok({ type: "lead.seen", lead });
    expect((await ok({ type: "outcome.prompted", lead: { crm: "sandbox", externalId: "L-1" } })).autoPrompts).toBe(1);
    expect((await ok({ type: "outcome.prompted", lead: { crm: "sandbox", externalId: "L-1" } })).autoPrompts).toBe(2);
  });

  it("keeps what the rep typed for missing fields, without overriding the page", async () => {
    await ok({ type: "lead.seen", lead: { crm: "sandbox", externalId: "L-2", stage: "New" } });
    const view = await ok({ type: "lead.answer", lead: { crm: "sandbox", externalId: "L-2" }, answers: { name: "Typed", company: "Typed Co", persona: "smb_owner" } });
    expect(view).toMatchObject({ name: "Typed", company: "Typed Co", persona: "smb_owner" });
    const last = worker.requests.filter((r) => r.method === "PUT").at(-1)!;
    expect(last.body).toMatchObject({ name: "Typed", company: "Typed Co", persona: "smb_owner", stage: "New" });
    const later = await ok({ type: "lead.seen", lead: { crm: "sandbox", externalId: "L-2", name: "From page" } });
    expect(later.name).toBe("From page");
  });

  it("waits for a token rather than failing", async () => {
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "" }, PAGE);
    await ok({ type: "lead.seen", lead });
    expect(platform.summaries.at(-1)).toMatchObject({ waiting: 1, paused: "no_token" });
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "good-token" }, PAGE);
    await expect.poll(() => platform.summaries.at(-1)).toMatchObject({ waiting: 0, paused: "none" });
  });
});

describe("background: switching account", () => {
  it("keeps rep A's queued outcome for A's token, never sends it as B, hides A's leads and items from B", async () => {
    worker.tokens.add("b-token");
    await ok({ type: "lead.seen", lead });
    worker.up = false;
    await ok({ type: "outcome.record", lead, outcome });
    expect(platform.summaries.at(-1)).toMatchObject({ waiting: 1 });

    // B signs in on this browser; the worker is reachable again.
    worker.up = true;
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "b-token" }, PAGE);
    await service.sync();
    expect(worker.outcomes).toHaveLength(0);
    expect(worker.requests.filter((r) => r.token === "b-token" && r.method !== "GET")).toEqual([]);
    // A's lead is not readable as B; A's items are counted, never listed.
    expect(await ok({ type: "lead.get", lead: { crm: "sandbox", externalId: "L-1" } })).toBeNull();
    expect((await ok({ type: "outbox.list" }, PAGE)).items).toEqual([]);
    const asB = await ok({ type: "sync.summary" }, PAGE);
    expect(asB.lastError).toBeNull();
    expect(asB).toMatchObject({ waiting: 0, failed: 0, otherAccounts: { items: 1, servers: ["http://127.0.0.1:8787"] } });
    expect(JSON.stringify(asB)).not.toContain("Dana");
    // B opens the same CRM record: nothing of A's queued outcome shows (not its state, not its count).
    worker.up = false;
    const same = await ok({ type: "lead.seen", lead: { crm: "sandbox", externalId: "L-1" } });
    expect(same).toMatchObject({ outcome: null, status: "open", waiting: 1 });
    expect(JSON.stringify(same)).not.toContain("Dana");
    worker.up = true;
    // B's own work goes out under B's token.
    await ok({ type: "lead.seen", lead: { crm: "sandbox", externalId: "B-1", name: "Bea's lead" } });
    expect(worker.requests.filter((r) => r.method === "PUT" && r.body.externalId === "B-1").map((r) => r.token)).toEqual(["b-token"]);

    // A signs in again: A's outcome goes out, under A's token, once.
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "good-token" }, PAGE);
    await service.sync();
    expect(worker.outcomes).toHaveLength(1);
    expect(worker.requests.filter((r) => r.path.endsWith("/outcomes")).map((r) => r.token)).toEqual(["good-token"]);
    expect(await ok({ type: "sync.summary" }, PAGE)).toMatchObject({ waiting: 0, failed: 0, otherAccounts: { items: 0, servers: [] } });
  });

  it("holds another account's failed items: B can neither retry nor discard them", async () => {
    worker.tokens.add("b-token");
    await ok({ type: "lead.seen", lead });
    worker.refuse = (path) => (path.endsWith("/outcomes") ? { status: 400, body: { error: { code: "bad_request", message: "No." } } } : null);
    await ok({ type: "outcome.record", lead, outcome });
    const { items } = await ok({ type: "outbox.list" }, PAGE);
    const failed = items.find((i: any) => i.state === "failed");
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "b-token" }, PAGE);
    worker.refuse = null;
    await ok({ type: "outbox.discard", id: failed.id }, PAGE);
    await ok({ type: "outbox.retry", id: failed.id }, PAGE);
    expect(worker.outcomes).toHaveLength(0);
    expect(await ok({ type: "sync.summary" }, PAGE)).toMatchObject({ failed: 0, otherAccounts: { items: 1 } });
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "good-token" }, PAGE);
    expect((await ok({ type: "outbox.list" }, PAGE)).items.find((i: any) => i.id === failed.id)).toMatchObject({ state: "failed" });
  });
});

describe("background: training", () => {
  it("lists scenarios online and from the cache offline (filters applied locally)", async () => {
    const online = await ok({ type: "scenarios.list", query: {} }, PAGE);
    expect(online).toMatchObject({ offline: false, data: [{ id: "s1" }, { id: "s2" }] });
    worker.up = false;
    const offline = await ok({ type: "scenarios.list", query: { category: "pricing" } }, PAGE);
    expect(offline).toMatchObject({ offline: true, data: [{ id: "s2" }] });
  });

  it("forgets cached server data when the token or server changes", async () => {
    await ok({ type: "scenarios.list", query: {} }, PAGE);
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "good-token" }, PAGE);
    worker.up = false;
    expect(await ok({ type: "scenarios.list", query: {} }, PAGE)).toMatchObject({ offline: true });
    await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "another-members-token" }, PAGE);
    expect(await call({ type: "scenarios.list", query: {} }, PAGE)).toMatchObject({ ok: false });
  });

  it("scores an attempt online; offline it waits in the outbox and is scored later", async () => {
    const attempt = { scenarioId: "s1", response: "Hello, congrats on the Series B.", durationSec: 42 };
    expect(await ok({ type: "attempt.submit", attempt }, PAGE)).toMatchObject({ status: "scored", result: { score: 72, xp: { awarded: 20 } } });
    worker.up = false;
    const queued = await ok({ type: "attempt.submit", attempt }, PAGE);
    expect(queued.status).toBe("queued");
    worker.up = true;
    await service.reconnect();
    expect(await ok({ type: "attempt.status", id: queued.id }, PAGE)).toMatchObject({ status: "scored", result: { score: 72 } });
  });

  it("tests a connection and says what is wrong", async () => {
    expect(await ok({ type: "connection.test" }, PAGE)).toMatchObject({ ok: true, member: { name: "Riley Rep", team: "Northwind" } });
    expect(await ok({ type: "connection.test", token: "wrong" }, PAGE)).toMatchObject({ ok: false, server: { version: "0.1.0" }, error: { status: 401 } });
    worker.up = false;
    expect(await ok({ type: "connection.test" }, PAGE)).toMatchObject({ ok: false, server: null, error: { status: 0, code: "network" } });
  });
});

describe("background: the message boundary", () => {
  it("rejects malformed messages with the schema's issues", async () => {
    const res = await call({ type: "lead.seen", lead: { crm: "nope", externalId: "" } });
    expect(res).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    expect(res.ok === false && res.error.issues!.length).toBeGreaterThan(0);
    expect(await call({ type: "no.such" })).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    expect(await call("junk")).toMatchObject({ ok: false });
  });

  it("lets only extension pages touch settings; never hands out the token", async () => {
    expect(await call({ type: "settings.save", serverUrl: "https://evil.example", token: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await call({ type: "settings.get" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    const view = await ok({ type: "settings.get" }, PAGE);
    expect(view).toEqual({ serverUrl: "http://127.0.0.1:8787", defaultServerUrl: "http://127.0.0.1:8787", hasToken: true });
    expect(JSON.stringify(view)).not.toContain("good-token");
  });

  it("opens the side panel synchronously, inside the click's user gesture", () => {
    void call({ type: "sidepanel.open", hash: "#/practice?category=pricing" });
    expect(platform.opened).toEqual(["#/practice?category=pricing"]);
    expect(platform.broadcasts).toEqual([{ type: "sidepanel.navigate", hash: "#/practice?category=pricing" }]);
  });

  it("injects the lead UI into the asking tab only", async () => {
    expect(await ok({ type: "ui.inject" })).toEqual({ injected: true });
    expect(platform.injected).toEqual([7]);
    expect(await call({ type: "ui.inject" }, PAGE)).toMatchObject({ ok: false, error: { code: "forbidden" } });
  });
});
