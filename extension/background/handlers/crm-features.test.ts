// "Which features are off on this CRM" (the kill switch) as the background answers a record page:
// from the cached /v1/me while fresh, a stale copy at once (refreshed for the next visit), and
// without holding up the page when nothing is cached and the worker does not answer.
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import type { CrmFeatureOff } from "@dq/shared";
import type { Platform } from "../context.ts";
import { openDb } from "../db.ts";
import { meFixture } from "../loop.test-helpers.ts";
import { createBackgroundService } from "../service.ts";
import { SWITCHES_FRESH_MS, SWITCHES_WAIT_MS } from "./record-page.ts";

const ID = "abcdefghijklmnop";
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = { id: ID, url: `${ORIGIN}options.html` };
const TAB = { id: ID, url: "https://app.hubspot.com/contacts/20931/record/0-3/4242", tab: { id: 7 }, frameId: 0 };
const platform = () => {
  const mirrored: Array<ReadonlyArray<{ crm: string; feature: string }>> = [];
  const p: Platform = {
    extensionOrigin: ORIGIN,
    injectUi: async () => {},
    openSidePanel: async () => false,
    broadcast: () => {},
    publishSummary: () => {},
    publishFeaturesOff: (off) => void mirrored.push(off),
    scheduleRetry: () => {},
  };
  return { platform: p, mirrored };
};
const off = (feature: CrmFeatureOff["feature"], crm: CrmFeatureOff["crm"] = "hubspot"): CrmFeatureOff => ({ crm, feature, reason: "", since: "2026-11-28T09:00:00.000Z" });

function background() {
  let clock = Date.parse("2026-11-28T10:00:00.000Z");
  const worker = { list: [] as CrmFeatureOff[], hang: false, meCalls: 0 };
  const me = () => meFixture({ crmFeaturesOff: worker.list });
  const fetch = async (input: RequestInfo | URL) => {
    if (new URL(String(input instanceof Request ? input.url : input)).pathname !== "/v1/me") return Response.json({}, { status: 404 });
    worker.meCalls += 1;
    if (worker.hang) await new Promise((r) => setTimeout(r, 60_000));
    return Response.json(me());
  };
  const db = openDb(`switches-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange });
  const { platform: p, mirrored } = platform();
  const service = createBackgroundService({ db, platform: p, fetch: fetch as typeof globalThis.fetch, now: () => clock, syncWaitMs: 0 });
  const featuresOff = async (crm = "hubspot") => {
    const res = await service.handle({ type: "crm.featuresOff", crm }, TAB);
    if (!res.ok) throw new Error(res.error.message);
    return (res.data as { off: string[] }).off;
  };
  return { service, worker, featuresOff, mirrored, advance: (ms: number) => void (clock += ms) };
}

describe("crm.featuresOff", () => {
  it("answers this CRM's switched-off features, reading /v1/me at most once while the copy is fresh", async () => {
    const bg = background();
    await bg.service.handle({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "t" }, PAGE);
    bg.worker.list = [off("stage-watcher"), off("lead-panel", "pipedrive")];
    expect(await bg.featuresOff()).toEqual(["stage-watcher"]);
    expect(await bg.featuresOff("pipedrive")).toEqual(["lead-panel"]);
    expect(await bg.featuresOff("salesforce")).toEqual([]);
    expect(bg.worker.meCalls).toBe(1);

    // Switched back on: a stale copy answers at once, the refresh counts from the next visit.
    bg.worker.list = [];
    bg.advance(SWITCHES_FRESH_MS + 1);
    expect(await bg.featuresOff()).toEqual(["stage-watcher"]);
    await expect.poll(() => bg.worker.meCalls).toBe(2);
    await expect.poll(() => bg.featuresOff()).toEqual([]);
  });

  it("mirrors every CRM's switched-off features for record pages to read before their first paint, once per change", async () => {
    const bg = background();
    await bg.service.handle({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "t" }, PAGE);
    bg.worker.list = [off("stage-watcher"), off("lead-panel", "pipedrive")];
    await bg.featuresOff();
    await bg.featuresOff("pipedrive");
    expect(bg.mirrored).toEqual([
      [
        { crm: "hubspot", feature: "stage-watcher" },
        { crm: "pipedrive", feature: "lead-panel" },
      ],
    ]);

    // Switched back on: the refresh (for the next visit) is mirrored as soon as it lands.
    bg.worker.list = [];
    bg.advance(SWITCHES_FRESH_MS + 1);
    await bg.featuresOff();
    await expect.poll(() => bg.mirrored.at(-1)).toEqual([]);
    expect(bg.mirrored).toHaveLength(2);
  });

  it("does not hold up a record page when nothing is cached and the worker does not answer", async () => {
    const bg = background();
    await bg.service.handle({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "t" }, PAGE);
    bg.worker.hang = true;
    const started = Date.now();
    expect(await bg.featuresOff()).toEqual([]);
    expect(Date.now() - started).toBeLessThan(SWITCHES_WAIT_MS + 1000);
  });

  it("answers nothing off when signed out", async () => {
    expect(await background().featuresOff()).toEqual([]);
  });
});
