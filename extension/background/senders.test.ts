// How outbox items reach the worker, through the real background service: a rep viewing a
// teammate's deal (PUT /v1/leads answers 404 for another member's lead) is "not yours", not a
// failed item, and later readings of that deal are not sent again.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import type { Platform } from "./context.ts";
import { openDb } from "./db.ts";
import { createBackgroundService } from "./service.ts";

const ID = "abcdefghijklmnop";
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = { id: ID, url: `${ORIGIN}options.html` };
const TAB = { id: ID, url: "https://app.hubspot.com/contacts/20931/record/0-3/4242", tab: { id: 7, windowId: 1 }, frameId: 0 };
const platform: Platform = { extensionOrigin: ORIGIN, injectUi: async () => {}, openSidePanel: async () => false, broadcast: () => {}, publishSummary: () => {}, scheduleRetry: () => {} };

async function background(answer: (method: string, path: string) => Response) {
  const requests: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
    requests.push(`${method} ${path}`);
    return answer(method, path);
  };
  const db = openDb(`senders-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const service = createBackgroundService({ db, platform, fetch: fetch as typeof globalThis.fetch, syncWaitMs: 50 });
  const ok = async (message: unknown, from: object = TAB): Promise<any> => {
    const res = await service.handle(message, from);
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
    return res.data;
  };
  await ok({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "t" }, PAGE);
  return { service, ok, requests, db };
}

const teammates = () => Response.json({ error: { code: "not_found", message: "This lead belongs to another member of your team: only its owner can update it." } }, { status: 404 });

describe("outbox senders", () => {
  it("treats a teammate's deal as not yours: nothing failed, the lead is marked, its later readings stay here", async () => {
    const { service, ok, requests, db } = await background((method, path) => (method === "PUT" && path === "/v1/leads" ? teammates() : Response.json({}, { status: 500 })));
    await ok({ type: "lead.seen", lead: { crm: "hubspot", externalId: "4242", name: "Acme renewal" } });
    await service.sync();
    expect(await ok({ type: "sync.summary" }, PAGE)).toMatchObject({ failed: 0, waiting: 0 });
    expect((await ok({ type: "outbox.list" }, PAGE)).items).toEqual([expect.objectContaining({ kind: "lead.upsert", state: "sent" })]);
    expect((await db.leads.get("hubspot:4242"))?.notMine).toBe(true);

    await ok({ type: "lead.seen", lead: { crm: "hubspot", externalId: "4242", name: "Acme renewal", stage: "Contract Sent" } });
    await service.sync();
    expect(requests.filter((r) => r === "PUT /v1/leads")).toHaveLength(1);
    expect((await ok({ type: "outbox.list" }, PAGE)).items).toHaveLength(1);
  });

  it("still fails other refusals of an upsert", async () => {
    const { service, ok } = await background(() => Response.json({ error: { code: "invalid_body", message: "No." } }, { status: 400 }));
    await ok({ type: "lead.seen", lead: { crm: "hubspot", externalId: "4242", name: "Acme renewal" } });
    await service.sync();
    expect(await ok({ type: "sync.summary" }, PAGE)).toMatchObject({ failed: 1 });
  });
});
