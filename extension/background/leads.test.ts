// The background's lead book under concurrent messages: a page's reading and the outcome popup's
// prompt count arrive together (the popup opens while the reading is being saved); neither is lost.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { createBackgroundService, type Platform } from "./service.ts";
import { openDb } from "./db.ts";

const TAB = { id: "abcdefghijklmnop", url: "http://127.0.0.1:8790/leads/L-7", tab: { id: 7, windowId: 1 }, frameId: 0 };
const platform: Platform = {
  extensionOrigin: "chrome-extension://abcdefghijklmnop/",
  injectUi: async () => {},
  openSidePanel: async () => true,
  broadcast: () => {},
  publishSummary: () => {},
  scheduleRetry: () => {},
};

function background() {
  // The worker is down: everything waits in the outbox, the lead book alone answers.
  const service = createBackgroundService({ db: openDb(`leads-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange }), platform, fetch: async () => Promise.reject(new TypeError("Failed to fetch")), syncWaitMs: 0 });
  return async (message: unknown): Promise<any> => {
    const res = await service.handle(message, TAB);
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
    return res.data;
  };
}

describe("lead book: concurrent changes to one lead", () => {
  it("counts a prompt that arrives while the page's reading is saved", async () => {
    const send = background();
    const key = { crm: "sandbox", externalId: "L-7" };
    await send({ type: "lead.seen", lead: { ...key, name: "Priya Natarajan", stage: "Proposal" } });
    await Promise.all([send({ type: "lead.seen", lead: { ...key, name: "Priya Natarajan", stage: "Closed Lost" } }), send({ type: "outcome.prompted", lead: key })]);
    await Promise.all([send({ type: "outcome.prompted", lead: key }), send({ type: "lead.seen", lead: { ...key, name: "Priya Natarajan", stage: "Closed Lost", amount: 1200 } })]);
    const view = await send({ type: "lead.get", lead: key });
    expect(view.autoPrompts).toBe(2);
    expect(view).toMatchObject({ name: "Priya Natarajan", stage: "Closed Lost", amount: 1200 });
  });
});
