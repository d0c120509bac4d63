// The outbox state machine against a real IndexedDB implementation (fake-indexeddb).
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { ApiError } from "./api.ts";
import { openDb, type DealQuestDb, type OutboxItem } from "./db.ts";
import { BACKOFF_BASE_MS, BACKOFF_MAX_MS, Outbox, SENT_RETENTION_MS, backoffMs, verdictFor } from "./outbox.ts";

let db: DealQuestDb;
let clock: number;
let sent: OutboxItem[];
let behaviour: (item: OutboxItem) => unknown;

const outbox = (onChange?: () => void) =>
  new Outbox(
    db,
    async (item) => {
      sent.push(item);
      return behaviour(item);
    },
    { now: () => clock, random: () => 0.5, onChange },
  );

beforeEach(() => {
  db = openDb(`test-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  clock = Date.parse("2026-11-24T10:00:00Z");
  sent = [];
  behaviour = () => ({ ok: true });
});

describe("verdicts", () => {
  it.each([
    [new ApiError(0, "network", "x"), "offline"],
    [new ApiError(0, "timeout", "x"), "offline"],
    [new ApiError(0, "no_token", "x"), "pause"],
    [new ApiError(0, "client_error", "x"), "retry"],
    [new ApiError(401, "unauthorized", "x"), "pause"],
    [new ApiError(408, "timeout", "x"), "retry"],
    [new ApiError(429, "rate_limited", "x"), "retry"],
    [new ApiError(500, "internal", "x"), "retry"],
    [new ApiError(503, "http_error", "x"), "retry"],
    [new ApiError(400, "invalid_body", "x"), "fail"],
    [new ApiError(404, "not_found", "x"), "fail"],
    [new ApiError(409, "conflict", "x"), "fail"],
    [new ApiError(413, "payload_too_large", "x"), "fail"],
    [new ApiError(200, "bad_response", "x"), "retry"],
  ] as const)("%s → %s", (err, verdict) => {
    expect(verdictFor(err)).toBe(verdict);
  });

  it("backs off exponentially with jitter, capped", () => {
    expect(backoffMs(1, () => 0.5)).toBe(BACKOFF_BASE_MS);
    expect(backoffMs(2, () => 0.5)).toBe(2 * BACKOFF_BASE_MS);
    expect(backoffMs(3, () => 0)).toBe(Math.round(4 * BACKOFF_BASE_MS * 0.8));
    expect(backoffMs(30, () => 1)).toBe(Math.round(BACKOFF_MAX_MS * 1.2));
  });
});

describe("outbox", () => {
  it("writes before sending, sends oldest first with the item id as key, then marks sent", async () => {
    const box = outbox();
    const a = await box.enqueue({ kind: "lead.upsert", body: { crm: "sandbox", externalId: "1" }, label: "A" });
    const b = await box.enqueue({ kind: "lead.upsert", body: { crm: "sandbox", externalId: "2" }, label: "B" });
    expect(await db.outbox.count()).toBe(2);
    expect(sent).toHaveLength(0);
    await box.flush();
    expect(sent.map((i) => i.id)).toEqual([a.id, b.id]);
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await box.summary()).toMatchObject({ waiting: 0, failed: 0, paused: "none", lastSyncAt: new Date(clock).toISOString() });
    expect((await box.get(a.id))!.result).toEqual({ ok: true });
  });

  it("keeps the exact body bytes for retries", async () => {
    const box = outbox();
    behaviour = () => {
      throw new ApiError(503, "http_error", "busy");
    };
    await box.enqueue({ kind: "attempt.create", body: '{"b":1,"a":2}', label: "x" });
    await box.flush();
    clock += BACKOFF_MAX_MS * 2;
    await box.flush();
    expect(sent.map((i) => i.body)).toEqual(['{"b":1,"a":2}', '{"b":1,"a":2}']);
    expect(new Set(sent.map((i) => i.id)).size).toBe(1);
  });

  it("retries server errors with backoff, only when due", async () => {
    const box = outbox();
    behaviour = () => {
      throw new ApiError(500, "internal", "oops");
    };
    const item = await box.enqueue({ kind: "lead.upsert", body: {}, label: "x" });
    await box.flush();
    let stored = (await box.get(item.id))!;
    expect(stored).toMatchObject({ state: "waiting", attempts: 1, nextAttemptAt: clock + BACKOFF_BASE_MS, lastError: { status: 500, message: "oops" } });
    await box.flush(); // not due yet
    expect(sent).toHaveLength(1);
    clock += BACKOFF_BASE_MS;
    await box.flush();
    stored = (await box.get(item.id))!;
    expect(stored).toMatchObject({ attempts: 2, nextAttemptAt: clock + 2 * BACKOFF_BASE_MS });
    behaviour = () => "ok";
    clock += 2 * BACKOFF_BASE_MS;
    await box.flush();
    expect((await box.get(item.id))!.state).toBe("sent");
  });

  it("honours Retry-After on 429", async () => {
    const box = outbox();
    behaviour = () => {
      throw new ApiError(429, "rate_limited", "slow down", undefined, 60_000);
    };
    const item = await box.enqueue({ kind: "lead.upsert", body: {}, label: "x" });
    await box.flush();
    expect((await box.get(item.id))!.nextAttemptAt).toBe(clock + 60_000);
  });

  it("moves a refused item to the visible failed list with the server's message, and goes on", async () => {
    const box = outbox();
    behaviour = (i) => {
      if (i.label === "bad") throw new ApiError(400, "invalid_body", "The request body is not valid.", [{ path: ["name"], message: "Too long" }]);
      return "ok";
    };
    const bad = await box.enqueue({ kind: "lead.upsert", body: {}, label: "bad" });
    await box.enqueue({ kind: "lead.upsert", body: {}, label: "good" });
    await box.flush();
    expect(await box.summary()).toMatchObject({ waiting: 0, failed: 1 });
    const list = await box.list();
    expect(list.find((i) => i.id === bad.id)).toMatchObject({
      state: "failed",
      lastError: { status: 400, code: "invalid_body", message: "The request body is not valid.", issues: [{ path: ["name"], message: "Too long" }] },
    });
    // Never retried by itself…
    clock += BACKOFF_MAX_MS * 10;
    await box.flush();
    expect(sent.filter((i) => i.label === "bad")).toHaveLength(1);
    // …until the rep asks, and it stays until it is sent or discarded.
    behaviour = () => "ok";
    await box.retry(bad.id);
    await box.flush();
    expect((await box.get(bad.id))!.state).toBe("sent");
  });

  it("discards only failed items", async () => {
    const box = outbox();
    behaviour = () => {
      throw new ApiError(422, "invalid", "no");
    };
    const failed = await box.enqueue({ kind: "lead.upsert", body: {}, label: "f" });
    await box.flush();
    behaviour = () => {
      throw new ApiError(0, "network", "down");
    };
    const waiting = await box.enqueue({ kind: "lead.upsert", body: {}, label: "w" });
    await box.flush();
    await box.discard(waiting.id);
    await box.discard(failed.id);
    expect(await box.get(waiting.id)).toBeDefined();
    expect(await box.get(failed.id)).toBeUndefined();
  });

  it("stops a round when the server is unreachable, and retries everything once it answers again", async () => {
    const box = outbox();
    behaviour = () => {
      throw new ApiError(0, "network", "Could not reach the server.");
    };
    const first = await box.enqueue({ kind: "outcome.record", body: {}, label: "outcome" });
    const second = await box.enqueue({ kind: "lead.upsert", body: {}, label: "lead" });
    await box.flush();
    expect(sent.map((i) => i.label)).toEqual(["outcome"]); // the second was not even tried
    expect(await box.summary()).toMatchObject({ waiting: 2, paused: "offline", lastError: { status: 0 } });

    // The server is back; a new mutation is sent right away and brings the backed-off one along.
    behaviour = () => "ok";
    clock += 1000;
    const third = await box.enqueue({ kind: "lead.upsert", body: {}, label: "new" });
    await box.flush();
    for (const i of [first, second, third]) expect((await box.get(i.id))!.state).toBe("sent");
    expect(sent.filter((i) => i.id === first.id)).toHaveLength(2);
    expect(await box.summary()).toMatchObject({ waiting: 0, paused: "none", lastError: null });
  });

  it("pauses without spending attempts while there is no valid token", async () => {
    const box = outbox();
    behaviour = () => {
      throw new ApiError(0, "no_token", "Add your token.");
    };
    const item = await box.enqueue({ kind: "lead.upsert", body: {}, label: "x" });
    await box.flush();
    expect(await box.get(item.id)).toMatchObject({ state: "waiting", attempts: 0 });
    expect(await box.summary()).toMatchObject({ paused: "no_token" });
    behaviour = () => {
      throw new ApiError(401, "unauthorized", "Bad token.");
    };
    await box.flush();
    expect(await box.summary()).toMatchObject({ paused: "unauthorized", lastError: { status: 401 } });
  });

  it("retries after a bug in the sender instead of losing the item", async () => {
    const box = outbox();
    behaviour = () => {
      throw new TypeError("x is undefined");
    };
    const item = await box.enqueue({ kind: "lead.upsert", body: {}, label: "x" });
    await box.flush();
    expect(await box.get(item.id)).toMatchObject({ state: "waiting", attempts: 1, lastError: { code: "client_error", message: "x is undefined" } });
  });

  it("shares one run between concurrent flushes and includes items added meanwhile", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const box = new Outbox(
      db,
      async (item) => {
        sent.push(item);
        if (sent.length === 1) await gate;
        return "ok";
      },
      { now: () => clock },
    );
    await box.enqueue({ kind: "lead.upsert", body: {}, label: "a" });
    const one = box.flush();
    await new Promise((r) => setTimeout(r, 10));
    await box.enqueue({ kind: "lead.upsert", body: {}, label: "b" });
    const two = box.flush();
    release();
    await Promise.all([one, two]);
    expect(sent.map((i) => i.label)).toEqual(["a", "b"]);
  });

  it("reports every change and prunes old acknowledged items", async () => {
    const summaries: unknown[] = [];
    const box = new Outbox(db, async () => "ok", { now: () => clock, onChange: (s) => summaries.push(s) });
    const item = await box.enqueue({ kind: "lead.upsert", body: {}, label: "x" });
    expect(summaries.at(-1)).toMatchObject({ waiting: 1 });
    await box.flush();
    expect(summaries.at(-1)).toMatchObject({ waiting: 0 });
    clock += SENT_RETENTION_MS + 1;
    await box.flush();
    expect(await box.get(item.id)).toBeUndefined();
  });

  it("knows when the next retry is due", async () => {
    const box = outbox();
    expect(await box.nextDueAt()).toBeNull();
    behaviour = () => {
      throw new ApiError(502, "http_error", "bad gateway");
    };
    await box.enqueue({ kind: "lead.upsert", body: {}, label: "x" });
    await box.flush();
    expect(await box.nextDueAt()).toBe(clock + BACKOFF_BASE_MS);
    await box.wakeAll();
    expect(await box.nextDueAt()).toBe(clock);
  });
});

describe("outbox: an item that follows another (after)", () => {
  it("is sent right after the item it follows, in the same round", async () => {
    const box = outbox();
    const first = await box.enqueue({ kind: "outcome.record", body: {}, label: "Outcome" });
    const next = await box.enqueue({ kind: "scenario.draft", body: {}, label: "Draft", after: first.id });
    await box.flush();
    expect(sent.map((i) => i.id)).toEqual([first.id, next.id]);
    expect((await box.get(next.id))!.state).toBe("sent");
  });

  it("waits while the item it follows backs off, then goes with it — never before it", async () => {
    const box = outbox();
    let down = true;
    behaviour = (i) => {
      if (down && i.label === "Outcome") throw new ApiError(503, "http_error", "busy");
      return "ok";
    };
    const first = await box.enqueue({ kind: "outcome.record", body: {}, label: "Outcome" });
    const next = await box.enqueue({ kind: "scenario.draft", body: {}, label: "Draft", after: first.id });
    await box.flush();
    expect(sent.map((i) => i.label)).toEqual(["Outcome"]);
    const held = (await box.get(next.id))!;
    expect(held).toMatchObject({ state: "waiting", attempts: 0, nextAttemptAt: (await box.get(first.id))!.nextAttemptAt });
    // Not due before the outcome: a flush meanwhile sends nothing (no busy loop either).
    await box.flush();
    expect(sent).toHaveLength(1);
    expect(await box.nextDueAt()).toBe(clock + BACKOFF_BASE_MS);
    down = false;
    clock += BACKOFF_BASE_MS;
    await box.flush();
    expect(sent.map((i) => i.label)).toEqual(["Outcome", "Outcome", "Draft"]);
    expect(await box.summary()).toMatchObject({ waiting: 0, failed: 0 });
  });

  it("fails with the item it follows, and goes back to the queue when the rep retries that one", async () => {
    const box = outbox();
    let refuse = true;
    behaviour = (i) => {
      if (refuse && i.label === "Outcome") throw new ApiError(400, "invalid_body", "Unknown strategy.");
      return "ok";
    };
    const first = await box.enqueue({ kind: "outcome.record", body: {}, label: "Outcome" });
    const next = await box.enqueue({ kind: "scenario.draft", body: {}, label: "Draft", after: first.id });
    await box.flush();
    expect(sent.map((i) => i.label)).toEqual(["Outcome"]);
    expect(await box.summary()).toMatchObject({ waiting: 0, failed: 2 });
    expect((await box.get(next.id))!.lastError).toMatchObject({ code: "blocked", message: "Waits for “Outcome”, which failed to sync." });
    refuse = false;
    await box.retry(first.id);
    await box.flush();
    expect(sent.map((i) => i.label)).toEqual(["Outcome", "Outcome", "Draft"]);
    expect((await box.get(next.id))!.state).toBe("sent");
  });

  it("is not held back by an item that is gone (pruned or discarded)", async () => {
    const box = outbox();
    const next = await box.enqueue({ kind: "scenario.draft", body: {}, label: "Draft", after: "no-such-item" });
    await box.flush();
    expect((await box.get(next.id))!.state).toBe("sent");
  });

  it("keeps the resource it addresses (target) for the sender", async () => {
    const box = outbox();
    await box.enqueue({ kind: "nudge.act", body: "", label: "Practice now", target: "ndg_1" });
    await box.flush();
    expect(sent[0]).toMatchObject({ kind: "nudge.act", target: "ndg_1", body: "" });
  });
});

describe("outbox: one browser, several accounts", () => {
  const A = { key: "acct-a", serverUrl: "http://127.0.0.1:8787" };
  const B = { key: "acct-b", serverUrl: "https://dq.example.com" };
  let current: typeof A | null;
  const accountBox = () =>
    new Outbox(
      db,
      async (item) => {
        sent.push(item);
        return behaviour(item);
      },
      { now: () => clock, random: () => 0.5, account: async () => current },
    );

  it("tags items with the account that queued them and sends them only while it is signed in", async () => {
    current = A;
    const box = accountBox();
    behaviour = () => {
      throw new ApiError(0, "network", "offline");
    };
    const a = await box.enqueue({ kind: "lead.upsert", body: { crm: "sandbox", externalId: "A-1" }, label: "A's lead" });
    await box.flush();
    expect((await box.get(a.id))!.account).toBe("acct-a");

    current = B;
    behaviour = () => ({ ok: true });
    sent = [];
    await box.wakeAll();
    await box.flush();
    expect(sent).toEqual([]);
    expect(await box.summary()).toMatchObject({ waiting: 0, otherAccounts: { items: 1, servers: ["http://127.0.0.1:8787"] } });
    expect(await box.list()).toEqual([]);
    expect(await box.nextDueAt()).toBeNull();

    // Signed out: nobody's items are listed or sent.
    current = null;
    await box.flush();
    expect(sent).toEqual([]);
    expect(await box.list()).toEqual([]);

    current = A;
    await box.wakeAll();
    await box.flush();
    expect(sent.map((i) => i.id)).toEqual([a.id]);
    expect(await box.summary()).toMatchObject({ waiting: 0, otherAccounts: { items: 0 } });
  });

  it("gives an item queued with no token (or before items were tagged) to the first account that sends it", async () => {
    current = null;
    const box = accountBox();
    const item = await box.enqueue({ kind: "attempt.create", body: {}, label: "Practice answer" });
    expect((await box.get(item.id))!.account).toBeNull();
    current = B;
    await box.flush();
    expect(sent.map((i) => i.id)).toEqual([item.id]);
    expect(await box.get(item.id)).toMatchObject({ state: "sent", account: "acct-b", server: "https://dq.example.com" });
  });
});
