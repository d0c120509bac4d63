// The adaptive loop's background handlers (record-page.ts) through the real background service: a
// fake worker that honours Idempotency-Key, a real IndexedDB implementation, a recording platform.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../db.ts";
import { createBackgroundService, type Platform } from "../service.ts";

const ORIGIN = "chrome-extension://abcdefghijklmnop/";
const PAGE = { id: "abcdefghijklmnop", url: `${ORIGIN}options.html` };
const TAB = { id: "abcdefghijklmnop", url: "https://app.hubspot.com/contacts/20931/record/0-3/4242", tab: { id: 7, windowId: 1 }, frameId: 0 };
const NOW = "2026-11-24T10:00:00.000Z";

const lead0 = (id: string, body: any) => ({
  id,
  teamId: "t1",
  ownerId: "m1",
  crm: body.crm,
  externalId: body.externalId,
  name: null,
  company: null,
  stage: null,
  status: "open",
  amount: null,
  currency: null,
  url: null,
  persona: null,
  industry: null,
  createdAt: NOW,
  firstSeenAt: NOW,
  updatedAt: NOW,
  closedAt: null,
  activityAt: NOW,
  staleSince: null,
});

const nudge = (id: string, leadId: string, status = "open") => ({
  id,
  kind: "stale_lead",
  message: "Acme has been quiet for 20 days. Practise re-engaging an executive: “Wake a quiet deal”.",
  leadId,
  scenario: { id: "sc_reengage", title: "Wake a quiet deal", category: "re_engagement", difficulty: "medium" },
  link: "sidepanel.html#/scenario/sc_reengage",
  status,
  snoozedUntil: null,
  createdAt: NOW,
  expiresAt: "2026-12-08T10:00:00.000Z",
});

class FakeWorker {
  up = true;
  requests: Array<{ method: string; path: string; search: string; key: string | null; body: any }> = [];
  receipts = new Map<string, { status: number; body: unknown }>();
  leads = new Map<string, any>();
  drafts: Array<{ leadId: string; body: any }> = [];
  nudges: any[] = [];
  pending: any[] = [];
  refuseOutcomes = false;

  fetch: typeof fetch = async (input, init) => {
    if (!this.up) throw new TypeError("Failed to fetch");
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const key = new Headers(init?.headers).get("Idempotency-Key");
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    this.requests.push({ method, path: url.pathname, search: url.search, key, body });
    if (key && this.receipts.has(key)) return json(this.receipts.get(key)!);
    const res = this.route(method, url, body);
    if (key && res.status < 300) this.receipts.set(key, res); // like the worker: only done work has a receipt
    return json(res);
  };

  private route(method: string, url: URL, body: any): { status: number; body: unknown } {
    const path = url.pathname;
    if (method === "PUT" && path === "/v1/leads") {
      const id = `ld_${body.externalId}`;
      const lead = { ...lead0(id, body), ...this.leads.get(id), ...body, id };
      this.leads.set(id, lead);
      return { status: 200, body: { lead, created: true } };
    }
    let m = /^\/v1\/leads\/([^/]+)\/outcomes$/.exec(path);
    if (method === "POST" && m) {
      if (this.refuseOutcomes) return { status: 400, body: { error: { code: "invalid_body", message: "Unknown strategy." } } };
      const lead = this.leads.get(m[1]!);
      lead.status = body.result;
      this.pending = this.pending.filter((p) => p.leadId !== lead.id);
      const outcome = { id: "o1", leadId: lead.id, memberId: "m1", responded: body.responded, meetingBooked: body.meetingBooked, result: body.result, strategy: null, tactics: [], lostReason: null, winningApproach: body.winningApproach ?? null, scenarioConsent: !!body.scenarioConsent, notes: null, closedAt: body.closedAt, createdAt: NOW };
      return { status: 201, body: { outcome, lead, xp: { awarded: 10, total: 10 } } };
    }
    m = /^\/v1\/leads\/([^/]+)\/scenario-drafts$/.exec(path);
    if (method === "POST" && m) {
      const lead = this.leads.get(m[1]!);
      if (lead?.status !== "won") return { status: 409, body: { error: { code: "conflict", message: `Only a won deal can become a team scenario; this lead is ${lead?.status}.` } } };
      if (this.drafts.some((d) => d.leadId === lead.id)) return { status: 409, body: { error: { code: "conflict", message: "A scenario was already drafted from this deal." } } };
      this.drafts.push({ leadId: lead.id, body });
      const scenario = {
        id: "sc_draft_1",
        slug: "closing-a-skeptical-cfo",
        title: "Closing a skeptical CFO",
        category: "closing",
        difficulty: "medium",
        persona: "executive",
        industry: null,
        source: "deal",
        status: "draft",
        teamId: "t1",
        createdAt: NOW,
        situation: "A CFO at a logistics company (Brightwell Group) ...",
        buyerLine: "Why should we move now?",
        idealResponse: body.winningApproach,
        rubric: [{ id: "roi", point: "Build the ROI case", weight: 2, phrases: ["roi case"], synonyms: [], tip: "Show the ROI." }],
        authorId: "m1",
        leadId: lead.id,
        updatedAt: NOW,
      };
      return { status: 201, body: { scenario, replacements: { people: 1, organisations: 1, emails: 0, phones: 0, urls: 0, amounts: 1, dates: 0, ids: 0 }, xp: { awarded: 15, total: 25 } } };
    }
    m = /^\/v1\/leads\/([^/]+)$/.exec(path);
    if (method === "GET" && m) {
      const lead = this.leads.get(m[1]!);
      if (!lead) return { status: 404, body: { error: { code: "not_found", message: "Lead not found." } } };
      return { status: 200, body: { lead, outcomes: [], nudges: this.nudges.filter((n) => n.leadId === lead.id && n.status === "open") } };
    }
    if (method === "GET" && path === "/v1/me/pending-outcomes") {
      const crm = url.searchParams.get("crm");
      const externalId = url.searchParams.get("externalId");
      return { status: 200, body: { pendingOutcomes: this.pending.filter((p) => p.crm === crm && p.externalId === externalId) } };
    }
    m = /^\/v1\/nudges\/([^/]+)\/act$/.exec(path);
    if (method === "POST" && m) {
      const n = this.nudges.find((x) => x.id === m![1]);
      if (!n) return { status: 404, body: { error: { code: "not_found", message: "Nudge not found." } } };
      n.status = "acted";
      return { status: 200, body: { nudge: n } };
    }
    return { status: 404, body: { error: { code: "not_found", message: `No route ${method} ${path}` } } };
  }
}

function json(res: { status: number; body: unknown }) {
  return new Response(JSON.stringify(res.body), { status: res.status, headers: { "Content-Type": "application/json" } });
}

let worker: FakeWorker;
let opened: string[];
let openFails: boolean;
let broadcasts: unknown[];
let service: ReturnType<typeof createBackgroundService>;

async function ok(message: unknown, from: object = TAB): Promise<any> {
  const res = await service.handle(message, from);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.data;
}

beforeEach(async () => {
  worker = new FakeWorker();
  opened = [];
  openFails = false;
  broadcasts = [];
  const platform: Platform = {
    extensionOrigin: ORIGIN,
    injectUi: async () => {},
    openSidePanel: (_t, hash) => {
      opened.push(hash);
      return Promise.resolve(!openFails);
    },
    broadcast: (m) => void broadcasts.push(m),
    publishSummary: () => {},
    scheduleRetry: () => {},
  };
  service = createBackgroundService({ db: openDb(`loop-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange }), platform, fetch: worker.fetch, syncWaitMs: 2000 });
  await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "t" }, PAGE);
});

const key = { crm: "hubspot", externalId: "4242" };
const seen = { ...key, name: "Dana Whitfield", company: "Brightline Logistics", stage: "Contract Sent" };
const won = { responded: true, meetingBooked: true, result: "won", tactics: [], scenarioConsent: true, winningApproach: "Built the ROI case with their CFO, then ran a two-week pilot." };

describe("a won deal the rep agrees to share", () => {
  it("queues the outcome, then the draft after it; both reach the worker in that order, once", async () => {
    await ok({ type: "lead.seen", lead: seen });
    const answer = await ok({ type: "outcome.share", lead: seen, outcome: won });
    expect(answer.lead.outcome).toMatchObject({ result: "won", state: "sent" });
    expect(answer.draft).toEqual({ state: "sent", scenario: { id: "sc_draft_1", title: "Closing a skeptical CFO" }, error: null });
    const posts = worker.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => r.path)).toEqual(["/v1/leads/ld_4242/outcomes", "/v1/leads/ld_4242/scenario-drafts"]);
    expect(posts[1]!.body).toEqual({ consent: true, winningApproach: won.winningApproach });
    // The draft's key follows from the outcome's: a resend is the same request.
    expect(posts[1]!.key).toBe(`${posts[0]!.key}.draft`);
    expect(await ok({ type: "lead.draft", lead: key })).toMatchObject({ state: "sent" });
    // Sharing again (a second answer for the same deal) does not ask the worker for a second draft.
    await ok({ type: "outcome.share", lead: seen, outcome: won });
    expect(worker.requests.filter((r) => r.path.endsWith("/scenario-drafts"))).toHaveLength(1);
  });

  it("offline: both wait, in order; nothing is lost and the draft is made after the outcome", async () => {
    await ok({ type: "lead.seen", lead: seen });
    worker.up = false;
    const answer = await ok({ type: "outcome.share", lead: seen, outcome: won });
    expect(answer.lead.outcome).toMatchObject({ state: "waiting" });
    expect(answer.draft).toMatchObject({ state: "waiting", scenario: null });
    worker.up = true;
    await service.reconnect();
    const posts = worker.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => r.path)).toEqual(["/v1/leads/ld_4242/outcomes", "/v1/leads/ld_4242/scenario-drafts"]);
    expect(worker.drafts).toHaveLength(1);
    expect(await ok({ type: "lead.draft", lead: key })).toMatchObject({ state: "sent", scenario: { id: "sc_draft_1" } });
  });

  it("a refused outcome takes its draft to the failed list too; the draft request is never sent before it", async () => {
    await ok({ type: "lead.seen", lead: seen });
    worker.refuseOutcomes = true;
    const answer = await ok({ type: "outcome.share", lead: seen, outcome: won });
    expect(answer.draft).toMatchObject({ state: "failed", error: { code: "blocked" } });
    expect(worker.requests.filter((r) => r.path.endsWith("/scenario-drafts"))).toHaveLength(0);
    const { items } = await ok({ type: "outbox.list" }, PAGE);
    expect(items.filter((i: any) => i.state === "failed").map((i: any) => i.kind)).toEqual(["outcome.record", "scenario.draft"]);
    // The rep fixes it and retries the outcome: the draft follows.
    worker.refuseOutcomes = false;
    const outcomeItem = items.find((i: any) => i.kind === "outcome.record");
    await ok({ type: "outbox.retry", id: outcomeItem.id }, PAGE);
    await service.sync();
    expect(worker.drafts).toHaveLength(1);
  });

  it("a draft the worker refuses (4xx) is in the failed list with the worker's message", async () => {
    await ok({ type: "lead.seen", lead: seen });
    worker.drafts.push({ leadId: "ld_4242", body: {} }); // drafted before, elsewhere
    const answer = await ok({ type: "outcome.share", lead: seen, outcome: won });
    expect(answer.draft).toMatchObject({ state: "failed", error: { status: 409, message: "A scenario was already drafted from this deal." } });
    expect(answer.lead.outcome.state).toBe("sent");
  });

  it("refuses what cannot become a scenario before anything is queued", async () => {
    for (const outcome of [
      { ...won, scenarioConsent: false },
      { ...won, winningApproach: "We won." },
    ]) {
      const res = await service.handle({ type: "outcome.share", lead: seen, outcome }, TAB);
      expect(res).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    }
    const { items } = await ok({ type: "outbox.list" }, PAGE);
    expect(items.filter((i: any) => i.kind !== "lead.upsert")).toHaveLength(0);
  });
});

describe("nudges on a lead", () => {
  it("are asked for only once the worker knows the lead, and come from the cache offline", async () => {
    expect(await ok({ type: "lead.nudges", lead: key })).toEqual({ data: [], offline: false, cachedAt: null });
    worker.nudges.push(nudge("n1", "ld_4242"), nudge("n2", "ld_other"));
    await ok({ type: "lead.seen", lead: seen });
    const online = await ok({ type: "lead.nudges", lead: key });
    expect(online.data.map((n: any) => n.id)).toEqual(["n1"]);
    worker.up = false;
    const offline = await ok({ type: "lead.nudges", lead: key });
    expect(offline).toMatchObject({ offline: true, data: [{ id: "n1" }] });
  });

  it("Practice now opens the scenario at once (user gesture) and marks the nudge acted through the outbox", async () => {
    worker.nudges.push(nudge("n1", "ld_4242"));
    await ok({ type: "lead.seen", lead: seen });
    expect((await ok({ type: "lead.nudges", lead: key })).data).toHaveLength(1);
    worker.up = false;
    const pending = service.handle({ type: "nudge.act", id: "n1", scenarioId: "sc_reengage", title: "Wake a quiet deal" }, TAB);
    // Synchronously, before any await: the side panel was asked to open at the scenario.
    expect(opened).toEqual(["#/scenario/sc_reengage"]);
    expect(broadcasts).toEqual([{ type: "sidepanel.navigate", hash: "#/scenario/sc_reengage" }]);
    expect(await pending).toEqual({ ok: true, data: { opened: true } });
    // Offline: the act waits, and the nudge no longer shows for this lead (not even from the cache).
    expect((await ok({ type: "lead.nudges", lead: key })).data).toEqual([]);
    const { items } = await ok({ type: "outbox.list" }, PAGE);
    expect(items.find((i: any) => i.kind === "nudge.act")).toMatchObject({ state: "waiting", label: "Practised: Wake a quiet deal" });
    worker.up = true;
    await service.reconnect();
    const acts = worker.requests.filter((r) => r.path === "/v1/nudges/n1/act");
    expect(acts.length).toBeGreaterThan(0);
    expect(new Set(acts.map((r) => r.key)).size).toBe(1);
    expect(worker.nudges[0].status).toBe("acted");
  });

  it("a side panel that did not open leaves the nudge for later", async () => {
    worker.nudges.push(nudge("n1", "ld_4242"));
    await ok({ type: "lead.seen", lead: seen });
    openFails = true;
    expect(await ok({ type: "nudge.act", id: "n1", scenarioId: "sc_reengage" })).toEqual({ opened: false });
    expect((await ok({ type: "lead.nudges", lead: key })).data.map((n: any) => n.id)).toEqual(["n1"]);
    const { items } = await ok({ type: "outbox.list" }, PAGE);
    expect(items.filter((i: any) => i.kind === "nudge.act")).toHaveLength(0);
  });
});

describe("a closure the CRM reported", () => {
  const reported = { leadId: "ld_4242", crm: "hubspot", externalId: "4242", name: "Acme renewal", company: null, url: null, amount: 48000, currency: "USD", status: "won", closedAt: "2026-11-23T16:00:00.000Z", reportedAt: "2026-11-23T16:00:05.000Z", ownerId: "m1" };

  it("is asked for by CRM identity (before the lead was ever synced) and cached for offline visits", async () => {
    worker.pending.push(reported);
    const fresh = await ok({ type: "lead.pending", lead: key });
    expect(fresh).toMatchObject({ offline: false, data: reported });
    const req = worker.requests.find((r) => r.path === "/v1/me/pending-outcomes")!;
    expect(new URLSearchParams(req.search).get("externalId")).toBe("4242");
    worker.up = false;
    expect(await ok({ type: "lead.pending", lead: key })).toMatchObject({ offline: true, data: reported });
    expect(await ok({ type: "lead.pending", lead: { crm: "hubspot", externalId: "other" } }).catch((e) => e.message)).toMatch(/network|reach/i);
  });

  it("is gone once the rep's outcome reached the worker", async () => {
    worker.pending.push(reported);
    await ok({ type: "lead.seen", lead: seen });
    await ok({ type: "outcome.record", lead: seen, outcome: { responded: true, meetingBooked: true, result: "won", tactics: [], closedAt: reported.closedAt } });
    expect(worker.requests.find((r) => r.path.endsWith("/outcomes"))!.body.closedAt).toBe(reported.closedAt);
    expect((await ok({ type: "lead.pending", lead: key })).data).toBeNull();
  });
});
