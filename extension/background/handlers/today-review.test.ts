// The adaptive loop's background handlers, minus the browser: messages in, requests to a fake worker
// out, the outbox and the caches in a real IndexedDB implementation.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import type { OutboxItem } from "../db.ts";
import { openDb } from "../db.ts";
import { handledHere, withUnsynced } from "../overlays.ts";
import { draft, NOW, nudge, pendingOutcome, recommendation, weakAreaList } from "../loop.test-helpers.ts";
import { createBackgroundService, type Platform } from "../service.ts";

const ORIGIN = "chrome-extension://abcdefghijklmnop/";
const PAGE = { id: "abcdefghijklmnop", url: `${ORIGIN}sidepanel.html` };
const CRM_TAB = { id: "abcdefghijklmnop", url: "https://app.hubspot.com/contacts/1/record/0-3/2", tab: { id: 7, windowId: 1 }, frameId: 0 };

type Answer = { status: number; body: unknown };
const error = (status: number, code: string, message: string, issues?: unknown[]): Answer => ({ status, body: { error: { code, message, ...(issues ? { issues } : {}) } } });

/** A stand-in for the worker's adaptive routes: records requests, honours Idempotency-Key, can go down. */
class FakeWorker {
  up = true;
  requests: Array<{ method: string; path: string; key: string | null; body: any }> = [];
  receipts = new Map<string, Answer>();
  nudges = [nudge("n1"), nudge("n2", { kind: "lost_on_price", scenario: { id: "sc_p", title: "Hold the price", category: "pricing", difficulty: "medium" } })];
  pending = [pendingOutcome("ld_1"), pendingOutcome("ld_2", { url: null, name: "Globex renewal" })];
  drafts = [draft("sc_d1"), draft("sc_d2", { source: "casebook", authorId: null, authorName: null, leadId: null, title: "Casebook: the champion who left" })];
  published = new Set<string>();
  refuse: ((method: string, path: string) => Answer | null) | null = null;

  fetch: typeof fetch = async (input, init) => {
    if (!this.up) throw new TypeError("Failed to fetch");
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const key = new Headers(init?.headers).get("Idempotency-Key");
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    this.requests.push({ method, path: url.pathname + url.search, key, body });
    if (key && this.receipts.has(key)) return json(this.receipts.get(key)!);
    const res = this.refuse?.(method, url.pathname) ?? this.route(method, url.pathname, body);
    if (key) this.receipts.set(key, res);
    return json(res);
  };

  private route(method: string, path: string, body: any): Answer {
    if (method === "GET" && path === "/v1/me/weak-areas") return { status: 200, body: weakAreaList() };
    if (method === "GET" && path === "/v1/me/recommendations") return { status: 200, body: { recommendations: [recommendation("sc_r1")], computedAt: NOW } };
    if (method === "GET" && path === "/v1/me/nudges") return { status: 200, body: { nudges: this.nudges } };
    if (method === "GET" && path === "/v1/me/pending-outcomes") return { status: 200, body: { pendingOutcomes: this.pending } };
    if (method === "GET" && (path === "/v1/team/scenario-drafts" || path === "/v1/me/scenario-drafts")) return { status: 200, body: { drafts: this.drafts.filter((d) => !this.published.has(d.id)) } };
    const action = /^\/v1\/nudges\/([^/]+)\/(act|dismiss|snooze)$/.exec(path);
    if (method === "POST" && action) {
      const found = this.nudges.find((n) => n.id === action[1]);
      if (!found) return error(404, "not_found", "Nudge not found.");
      this.nudges = this.nudges.filter((n) => n !== found);
      return { status: 200, body: { nudge: { ...found, status: action[2] === "snooze" ? "open" : action[2] === "act" ? "acted" : "dismissed" } } };
    }
    const scenario = /^\/v1\/scenarios\/([^/]+)(\/publish)?$/.exec(path);
    if (scenario) {
      const found = this.drafts.find((d) => d.id === scenario[1]);
      if (!found) return error(404, "not_found", "Scenario not found.");
      if (method === "PATCH") {
        Object.assign(found, body);
        return { status: 200, body: { scenario: found } };
      }
      if (method === "POST" && scenario[2]) {
        this.published.add(found.id);
        return { status: 200, body: { scenario: { ...found, status: "published" } } };
      }
    }
    if (method === "PUT" && path === "/v1/leads") {
      const id = `ld_${body.externalId}`;
      return { status: 200, body: { lead: lead(id, body), created: false } };
    }
    const outcome = /^\/v1\/leads\/([^/]+)\/outcomes$/.exec(path);
    if (method === "POST" && outcome) {
      this.pending = this.pending.filter((p) => p.leadId !== outcome[1]);
      return {
        status: 201,
        body: {
          outcome: { id: "o1", leadId: outcome[1], memberId: "m1", responded: body.responded, meetingBooked: body.meetingBooked, result: body.result, strategy: null, tactics: [], lostReason: null, winningApproach: null, scenarioConsent: false, notes: null, closedAt: body.closedAt, createdAt: NOW },
          lead: { ...lead(outcome[1]!, { crm: "pipedrive", externalId: outcome[1]!.slice(3) }), status: body.result },
          xp: { awarded: 5, total: 20 },
        },
      };
    }
    return error(404, "not_found", `No route ${method} ${path}`);
  }
}

function json(a: Answer) {
  return new Response(JSON.stringify(a.body), { status: a.status, headers: { "Content-Type": "application/json" } });
}
function lead(id: string, body: { crm: string; externalId: string }) {
  return { id, teamId: "t1", ownerId: "m1", crm: body.crm, externalId: body.externalId, name: null, company: null, stage: null, status: "won", amount: null, currency: null, url: null, persona: null, industry: null, createdAt: NOW, firstSeenAt: NOW, updatedAt: NOW, closedAt: null, activityAt: null, staleSince: null };
}

let worker: FakeWorker;
let opened: Array<{ target: { tabId?: number; windowId?: number }; hash: string }>;
let service: ReturnType<typeof createBackgroundService>;

async function call(message: unknown, from: object = PAGE) {
  return service.handle(message, from);
}
async function ok(message: unknown, from: object = PAGE): Promise<any> {
  const res = await call(message, from);
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  return res.data;
}

beforeEach(async () => {
  worker = new FakeWorker();
  opened = [];
  const platform: Platform = {
    extensionOrigin: ORIGIN,
    injectUi: async () => {},
    openSidePanel: (target, hash) => {
      opened.push({ target, hash });
      return Promise.resolve(true);
    },
    broadcast: () => {},
    publishSummary: () => {},
    scheduleRetry: () => {},
  };
  service = createBackgroundService({ db: openDb(`loop-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange }), platform, fetch: worker.fetch, syncWaitMs: 500 });
  await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "good-token" });
});

describe("reads, cached for offline", () => {
  it("serves the last weak areas, recommendations and Today when the worker cannot be reached, saying so", async () => {
    const online = await ok({ type: "weakAreas.get" });
    expect(online).toMatchObject({ offline: false, data: { weakAreas: [{ category: "meeting_booking" }, { category: "pricing" }] } });
    await ok({ type: "recommendations.get" });
    await ok({ type: "nudges.list" });
    await ok({ type: "pendingOutcomes.list" });
    expect(worker.requests.find((r) => r.path.startsWith("/v1/me/recommendations"))!.path).toBe("/v1/me/recommendations?limit=20");

    worker.up = false;
    const weak = await ok({ type: "weakAreas.get" });
    expect(weak).toMatchObject({ offline: true, cachedAt: online.cachedAt, data: { weakAreas: [{ category: "meeting_booking" }, { category: "pricing" }] } });
    expect(await ok({ type: "recommendations.get" })).toMatchObject({ offline: true, data: { recommendations: [{ scenario: { id: "sc_r1" } }] } });
    expect((await ok({ type: "nudges.list" })).data.nudges.map((n: { id: string }) => n.id)).toEqual(["n1", "n2"]);
    expect((await ok({ type: "pendingOutcomes.list" })).data.map((p: { leadId: string }) => p.leadId)).toEqual(["ld_1", "ld_2"]);
  });

  it("without anything cached, offline is an error the page can show", async () => {
    worker.up = false;
    const res = await call({ type: "weakAreas.get" });
    expect(res).toMatchObject({ ok: false, error: { code: "network", status: 0 } });
  });

  it("a refusal is not hidden behind the cache", async () => {
    await ok({ type: "drafts.list", scope: "team" });
    worker.refuse = (_m, path) => (path === "/v1/team/scenario-drafts" ? error(403, "forbidden", "Only a manager can review the team's drafts.") : null);
    expect(await call({ type: "drafts.list", scope: "team" })).toMatchObject({ ok: false, error: { status: 403, message: "Only a manager can review the team's drafts." } });
  });
});

describe("nudges: every action goes through the outbox", () => {
  it("dismissed offline: gone from Today at once and after a restart, sent once with its key when the worker is back", async () => {
    await ok({ type: "nudges.list" });
    worker.up = false;
    expect(await ok({ type: "nudge.dismiss", id: "n1" })).toMatchObject({ status: "queued" });
    expect((await ok({ type: "nudges.list" })).data.nudges.map((n: { id: string }) => n.id)).toEqual(["n2"]);

    worker.up = true;
    await service.reconnect();
    const posts = worker.requests.filter((r) => r.path === "/v1/nudges/n1/dismiss");
    expect(posts).toHaveLength(1);
    expect(posts[0]!.key).toMatch(/^[0-9a-f-]{36}$/);
    expect((await service.outbox.list()).find((i) => i.kind === "nudge.dismiss")).toMatchObject({ state: "sent", label: "Dismissed: Turn a reply into a meeting (n1)" });
  });

  it("'Practice now' and 'Not now' reach the worker (snooze with its hours) and leave Today", async () => {
    await ok({ type: "nudges.list" });
    expect(await ok({ type: "nudge.done", id: "n1" })).toMatchObject({ status: "done" });
    expect(await ok({ type: "nudge.snooze", id: "n2", hours: 24 })).toMatchObject({ status: "done" });
    expect(worker.requests.filter((r) => r.method === "POST").map((r) => [r.path, r.body])).toEqual([
      ["/v1/nudges/n1/act", undefined],
      ["/v1/nudges/n2/snooze", { hours: 24 }],
    ]);
    expect((await ok({ type: "nudges.list" })).data.nudges).toEqual([]);
  });

  it("a nudge the worker no longer knows fails visibly and shows again", async () => {
    await ok({ type: "nudges.list" });
    const res = await ok({ type: "nudge.dismiss", id: "gone" });
    expect(res).toMatchObject({ status: "failed", error: { status: 404, message: "Nudge not found." } });
    expect((await service.outbox.summary()).failed).toBe(1);
  });

  it("rejects malformed actions before they are queued", async () => {
    expect(await call({ type: "nudge.snooze", id: "n1", hours: 0 })).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    expect(await call({ type: "nudge.dismiss", id: "" })).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    expect(await service.outbox.list()).toEqual([]);
  });
});

describe("handledHere", () => {
  const item = (over: Partial<OutboxItem>): OutboxItem => ({
    id: crypto.randomUUID(),
    kind: "nudge.dismiss",
    body: "{}",
    leadKey: null,
    lead: null,
    label: "",
    state: "waiting",
    attempts: 0,
    createdAt: NOW,
    nextAttemptAt: 0,
    lastError: null,
    sentAt: null,
    result: null,
    target: "n1",
    ...over,
  });
  const now = Date.parse(NOW);

  it("hides acted and dismissed nudges, and snoozed ones while they sleep; a failed action hides nothing", () => {
    const hidden = handledHere(
      [
        item({ kind: "nudge.act", target: "a" }),
        item({ kind: "nudge.dismiss", target: "d", state: "sent" }),
        item({ kind: "nudge.snooze", target: "s", body: JSON.stringify({ hours: 24 }) }),
        item({ kind: "nudge.snooze", target: "woke", body: JSON.stringify({ hours: 1 }), createdAt: "2026-11-24T08:00:00.000Z" }),
        item({ kind: "nudge.dismiss", target: "f", state: "failed" }),
        item({ kind: "attempt.create", target: "x" }),
      ],
      now,
    );
    expect([...hidden].sort()).toEqual(["a", "d", "s"]);
  });
});

describe("closures awaiting answers", () => {
  it("marks a closure answered here (waiting to sync), and drops it once the answers are sent", async () => {
    worker.up = false;
    await call({ type: "pendingOutcomes.list" }); // nothing cached yet: an error
    worker.up = true;
    expect((await ok({ type: "pendingOutcomes.list" })).data.map((p: { answered: unknown }) => p.answered)).toEqual([null, null]);

    worker.up = false;
    const answers = { responded: true, meetingBooked: true, result: "won", tactics: [], closedAt: "2026-11-24T09:00:00.000Z" };
    await ok({ type: "outcome.record", lead: { crm: "pipedrive", externalId: "2", name: "Globex renewal" }, outcome: answers });
    const offline = await ok({ type: "pendingOutcomes.list" });
    expect(offline.data.map((p: { leadId: string; answered: unknown }) => [p.leadId, p.answered])).toEqual([
      ["ld_1", null],
      ["ld_2", "waiting"],
    ]);

    worker.up = true;
    await service.reconnect();
    expect(worker.requests.find((r) => r.path === "/v1/leads/ld_2/outcomes")?.body).toMatchObject({ result: "won", closedAt: "2026-11-24T09:00:00.000Z" });
    // The copy read before the answers were sent is out of date for this one.
    worker.up = false;
    expect((await ok({ type: "pendingOutcomes.list" })).data.map((p: { leadId: string }) => p.leadId)).toEqual(["ld_1"]);
    worker.up = true;
    expect((await ok({ type: "pendingOutcomes.list" })).data.map((p: { leadId: string }) => p.leadId)).toEqual(["ld_1"]);
  });
});

describe("the review queue", () => {
  it("saves only the edits, through the outbox; edits made offline show in the list until they are sent", async () => {
    await ok({ type: "drafts.list", scope: "team" });
    worker.up = false;
    expect(await ok({ type: "draft.save", id: "sc_d1", patch: { title: "Freight exec: price as cost per shipment", difficulty: "hard" } })).toMatchObject({ status: "queued" });
    const offline = await ok({ type: "drafts.list", scope: "team" });
    expect(offline).toMatchObject({ offline: true });
    expect(offline.data[0]).toMatchObject({ id: "sc_d1", title: "Freight exec: price as cost per shipment", difficulty: "hard", unsynced: ["save"] });
    expect(offline.data[1]).toMatchObject({ id: "sc_d2", unsynced: [] });

    worker.up = true;
    await service.reconnect();
    const patch = worker.requests.find((r) => r.method === "PATCH")!;
    expect(patch).toMatchObject({ path: "/v1/scenarios/sc_d1", body: { title: "Freight exec: price as cost per shipment", difficulty: "hard" } });
    expect((await ok({ type: "drafts.list", scope: "team" })).data[0]).toMatchObject({ title: "Freight exec: price as cost per shipment", unsynced: [] });
  });

  it("a publish waits for the edits before it, and fails with them", async () => {
    await ok({ type: "drafts.list", scope: "mine" });
    worker.up = false;
    await ok({ type: "draft.save", id: "sc_d1", patch: { title: "Freight exec: price as cost per shipment" } });
    expect(await ok({ type: "draft.publish", id: "sc_d1" })).toMatchObject({ status: "queued" });
    expect((await ok({ type: "drafts.list", scope: "mine" })).data[0].unsynced).toEqual(["save", "publish"]);

    worker.up = true;
    worker.refuse = (method) => (method === "PATCH" ? error(404, "not_found", "Scenario not found.") : null);
    await service.reconnect();
    const items = await service.outbox.list();
    expect(items.map((i) => [i.kind, i.state])).toEqual([
      ["scenario.update", "failed"],
      ["scenario.publish", "failed"],
    ]);
    expect(worker.requests.some((r) => r.path.endsWith("/publish"))).toBe(false);
  });

  it("publishes; a refusal while the reviewer watches comes back with its reasons and leaves no failed item", async () => {
    await ok({ type: "drafts.list", scope: "team" });
    worker.refuse = (method, path) =>
      method === "POST" && path.endsWith("/publish") ? error(409, "conflict", "This draft still mentions details of the real deal (“Helios”).", [{ path: ["situation"], message: "Mentions “Helios”." }]) : null;
    const refused = await ok({ type: "draft.publish", id: "sc_d1" });
    expect(refused).toMatchObject({ status: "failed", error: { status: 409, issues: [{ path: ["situation"], message: "Mentions “Helios”." }] } });
    expect((await service.outbox.summary()).failed).toBe(0);

    worker.refuse = null;
    expect(await ok({ type: "draft.publish", id: "sc_d1" })).toMatchObject({ status: "done" });
    expect((await ok({ type: "drafts.list", scope: "team" })).data.map((d: { id: string }) => d.id)).toEqual(["sc_d2"]);
    expect((await service.outbox.list()).find((i) => i.kind === "scenario.publish")).toMatchObject({ state: "sent", label: "Publish “An executive pushes back on price (a real win)”" });
  });

  it("refuses an edit the worker would refuse, before it is queued", async () => {
    const res = await call({ type: "draft.save", id: "sc_d1", patch: { title: "Hi" } });
    expect(res).toMatchObject({ ok: false, error: { code: "invalid_message", issues: [{ path: ["patch", "title"] }] } });
    expect(await call({ type: "draft.save", id: "sc_d1", patch: {} })).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    expect(await service.outbox.list()).toEqual([]);
  });

  it("withUnsynced applies waiting edits in order", () => {
    const d = draft("sc_x");
    const waiting = (kind: OutboxItem["kind"], body: object, seq: number): OutboxItem =>
      ({ seq, id: `i${seq}`, kind, body: JSON.stringify(body), target: "sc_x", state: "waiting" }) as OutboxItem;
    const view = withUnsynced(d, [waiting("scenario.update", { title: "First title" }, 1), waiting("scenario.update", { title: "Second title", persona: "procurement" }, 2)]);
    expect(view).toMatchObject({ title: "Second title", persona: "procurement", situation: d.situation, unsynced: ["save"] });
  });
});

describe("what only Deal Quest's pages may ask", () => {
  it("opens the side panel on the tab the page names; a CRM page may not, nor touch the review queue", async () => {
    expect(await ok({ type: "sidepanel.openAt", hash: "#/scenario/sc_1", tabId: 42, windowId: 3 })).toEqual({ opened: true });
    expect(opened).toEqual([{ target: { tabId: 42, windowId: 3 }, hash: "#/scenario/sc_1" }]);
    expect(await call({ type: "sidepanel.openAt", hash: "#/scenario/sc_1", tabId: 42 }, CRM_TAB)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    for (const m of [{ type: "drafts.list", scope: "team" }, { type: "draft.publish", id: "sc_d1" }]) expect(await call(m, CRM_TAB)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await call({ type: "sidepanel.openAt", hash: "javascript:alert(1)" })).toMatchObject({ ok: false, error: { code: "invalid_message" } });
    expect(opened).toHaveLength(1);
  });
});
