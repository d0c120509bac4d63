// The extension's message registry (shared/src/messages.ts) and the background's boundary over it:
// every message has a sender rule and a handler, each rule refuses the wrong kind of sender before
// anything is parsed, and the request schemas reject what the worker would reject.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { AttemptStatus, ExtensionMessage, LeadView, messages, messageTypes, senderKinds, type SenderKind } from "@dq/shared";
import type { Platform, Sender } from "./context.ts";
import { openDb } from "./db.ts";
import { isCrmUrl, senderKind } from "./dispatch.ts";
import { createBackgroundService } from "./service.ts";

const ID = "abcdefghijklmnop";
const ORIGIN = `chrome-extension://${ID}/`;
const platform: Platform = { extensionOrigin: ORIGIN, injectUi: async () => {}, openSidePanel: async () => false, broadcast: () => {}, publishSummary: () => {}, scheduleRetry: () => {} };

/** One sender of each kind the background answers. */
const senders: Record<SenderKind, Sender> = {
  "crm-page": { id: ID, url: "https://app.hubspot.com/contacts/20931/record/0-3/4242", tab: { id: 7, windowId: 1 }, frameId: 0 },
  "extension-page": { id: ID, url: `${ORIGIN}sidepanel.html` },
};
/** Senders it answers nothing. */
const strangers: Record<string, Sender> = {
  "another extension's page": { id: "zyxwvutsrqponmlk", url: `chrome-extension://zyxwvutsrqponmlk/popup.html` },
  "another extension's script on a CRM tab": { id: "zyxwvutsrqponmlk", url: senders["crm-page"].url, tab: { id: 7 } },
  "a tab that is not a supported CRM": { id: ID, url: "https://evil.example/app.hubspot.com/", tab: { id: 8 } },
  "a look-alike CRM host": { id: ID, url: "https://app.hubspot.com.evil.example/contacts/1", tab: { id: 9 } },
  "a CRM URL without a tab": { id: ID, url: "https://app.hubspot.com/contacts/1" },
  "no id": { url: `${ORIGIN}options.html` },
};

function background() {
  const db = openDb(`registry-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  return createBackgroundService({ db, platform, fetch: async () => Promise.reject(new TypeError("Failed to fetch")), syncWaitMs: 0, scoreWaitMs: 0 });
}

describe("message registry", () => {
  it("gives every message a sender rule, a request and a result schema, and the background a handler for each", () => {
    const service = background();
    expect(messageTypes.length).toBeGreaterThan(30);
    for (const type of messageTypes) {
      const entry = messages[type];
      expect(entry.from.length, type).toBeGreaterThan(0);
      for (const kind of entry.from) expect(senderKinds).toContain(kind);
      expect(typeof entry.result.safeParse, type).toBe("function");
      expect(typeof service.handlers[type], type).toBe("function");
    }
    expect(Object.keys(service.handlers).sort()).toEqual([...messageTypes].sort());
  });

  it("tells the kinds of sender apart", () => {
    for (const kind of senderKinds) expect(senderKind(senders[kind], ORIGIN)).toBe(kind);
    for (const [name, sender] of Object.entries(strangers)) expect(senderKind(sender, ORIGIN), name).toBeNull();
    expect(isCrmUrl("https://acme.pipedrive.com/deal/1")).toBe(true);
    expect(isCrmUrl("https://pipedrive.com.evil.example/deal/1")).toBe(false);
    expect(isCrmUrl("https://acme.lightning.force.com/lightning/r/Opportunity/006/view")).toBe(true);
    expect(isCrmUrl("http://app.hubspot.com/contacts/1")).toBe(false);
  });

  for (const type of messageTypes) {
    const allowed = messages[type].from;
    it(`${type}: only from ${allowed.join(" or ")}, refused before its request is parsed`, async () => {
      const service = background();
      // A request with a field the schema rejects: a refused sender hears "forbidden", not what was wrong with it.
      const malformed = { type, lead: 42, id: 42, hash: 42, query: 42, scope: 42 };
      for (const kind of senderKinds) {
        const answer = await service.handle(malformed, senders[kind]);
        if (allowed.includes(kind)) expect(answer, `${type} from ${kind}`).not.toMatchObject({ error: { code: "forbidden" } });
        else expect(answer, `${type} from ${kind}`).toMatchObject({ ok: false, error: { code: "forbidden" } });
      }
      for (const [name, sender] of Object.entries(strangers)) expect(await service.handle(malformed, sender), `${type} from ${name}`).toMatchObject({ ok: false, error: { code: "forbidden" } });
    });
  }

  it("refuses unknown types and non-objects without looking further", async () => {
    const service = background();
    for (const raw of [{ type: "no.such" }, { type: "toString" }, { type: "__proto__" }, "junk", null, { type: 1 }]) expect(await service.handle(raw, senders["extension-page"])).toMatchObject({ ok: false, error: { code: "invalid_message" } });
  });
});

describe("message schemas", () => {
  it("accepts each well-formed message", () => {
    const good = [
      { type: "ui.inject" },
      { type: "lead.seen", lead: { crm: "hubspot", externalId: "1", name: "Acme", amount: 10 } },
      { type: "lead.answer", lead: { crm: "sandbox", externalId: "L-1" }, answers: { persona: "executive" } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: true, meetingBooked: false, result: "lost", lostReason: "price" } },
      { type: "scenarios.list", query: { category: "pricing", difficulty: "hard" } },
      { type: "attempt.submit", attempt: { scenarioId: "s1", response: "hi", durationSec: 5 } },
      { type: "sidepanel.open", hash: "#/scenario/s1" },
      { type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "dq_x" },
    ];
    for (const m of good) expect(ExtensionMessage.safeParse(m).success, JSON.stringify(m)).toBe(true);
  });

  it("rejects what the worker would reject, before it is queued", () => {
    const bad = [
      { type: "lead.seen", lead: { crm: "zoho", externalId: "1" } },
      { type: "lead.seen", lead: { crm: "hubspot", externalId: "" } },
      { type: "lead.seen", lead: { crm: "hubspot", externalId: "1", amount: -5 } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: false, meetingBooked: true, result: "won" } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: true, meetingBooked: true, result: "won", lostReason: "price" } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: true, meetingBooked: true, result: "lost", scenarioConsent: true } },
      { type: "sidepanel.open", hash: "javascript:alert(1)" },
      { type: "settings.save", serverUrl: "not a url" },
      { type: "unknown" },
    ];
    for (const m of bad) expect(ExtensionMessage.safeParse(m).success, JSON.stringify(m)).toBe(false);
  });

  it("describes lead views and attempt states", () => {
    expect(
      LeadView.safeParse({ crm: "sandbox", externalId: "L", serverId: null, name: null, company: null, stage: null, amount: null, currency: null, persona: null, status: "open", outcome: null, autoPrompts: 0, waiting: 0, syncedAt: null }).success,
    ).toBe(true);
    expect(AttemptStatus.safeParse({ status: "queued", id: "x" }).success).toBe(true);
    expect(AttemptStatus.safeParse({ status: "scored", id: "x" }).success).toBe(false);
  });
});
