// @vitest-environment happy-dom
// The kill switch on record pages: operators switch HubSpot's stage watcher off (the worker lists it
// in /v1/me, the background caches it and answers the page); on the next HubSpot record visit the
// stage turning Closed Won no longer prompts, while Salesforce and Pipedrive still do. A switched-off
// page reader leaves the panel asking the rep instead of reading the page.
import { readFileSync } from "node:fs";
import path from "node:path";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { afterEach, describe, expect, it } from "vitest";
import { crmFeatureIds, type Crm, type CrmFeatureOff, type LeadView } from "@dq/shared";
import { openDb } from "../background/db.ts";
import { createBackgroundService } from "../background/service.ts";
import { FIXTURES, loadFixture } from "../crm/fixtures.test-helper.ts";
import { hubspot } from "../crm/hubspot.ts";
import { pipedrive } from "../crm/pipedrive.ts";
import { salesforce } from "../crm/salesforce.ts";
import type { CrmAdapter } from "../crm/types.ts";
import type { RecordEventMap } from "./events.ts";
import { features } from "./registry.ts";
import { type CachedSwitches, readerOffNotice, startRecordSession, type SwitchedOff } from "./session.ts";
import { stageWatcher } from "./stage-watcher.ts";
import type { Feature, RecordContext } from "./types.ts";
import { meFixture } from "../background/loop.test-helpers.ts";

const ID = "abcdefghijklmnop";
const ORIGIN = `chrome-extension://${ID}/`;

/** A record page per CRM, how to close its deal as won on the page, and where it lives. */
const pages: Record<Exclude<Crm, "sandbox">, { url: string; fixture: string; adapter: CrmAdapter; closeWon(doc: Document): void }> = {
  hubspot: {
    url: "https://app.hubspot.com/contacts/20931/record/0-3/987654",
    fixture: "hubspot-deal.html",
    adapter: hubspot,
    closeWon: (doc) => void (doc.querySelector('[data-test-id="deal-stage-select"] button')!.textContent = "Closed won"),
  },
  salesforce: {
    url: "https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view",
    fixture: "salesforce-opportunity.html",
    adapter: salesforce,
    closeWon: (doc) => swapRoot(doc, salesforce, "salesforce-closed-won.html"),
  },
  pipedrive: { url: "https://initech.pipedrive.com/deal/1234", fixture: "pipedrive-deal.html", adapter: pipedrive, closeWon: (doc) => swapRoot(doc, pipedrive, "pipedrive-deal-won.html") },
};

/** The page re-renders its record as the closed fixture shows it (inside the element the adapter watches). */
function swapRoot(doc: Document, adapter: CrmAdapter, closedFixture: string) {
  const html = loadFixtureText(closedFixture);
  const closed = new DOMParser().parseFromString(html, "text/html");
  adapter.watchRoot(doc)!.innerHTML = adapter.watchRoot(closed)!.innerHTML;
}
const loadFixtureText = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");

/** The background, signed in, with a worker whose /v1/me lists `off`. */
async function backgroundWith(off: CrmFeatureOff[]) {
  const me = meFixture({ crmFeaturesOff: off });
  const fetch = async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.pathname === "/v1/me") return Response.json(me);
    return Response.json({ error: { code: "not_found", message: "no" } }, { status: 404 });
  };
  const platform = { extensionOrigin: ORIGIN, injectUi: async () => {}, openSidePanel: async () => false, broadcast: () => {}, publishSummary: () => {}, scheduleRetry: () => {} };
  const service = createBackgroundService({ db: openDb(`switch-${crypto.randomUUID()}`, { indexedDB: new IDBFactory(), IDBKeyRange }), platform, fetch: fetch as typeof globalThis.fetch, syncWaitMs: 0 });
  await service.handle({ type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "t" }, { id: ID, url: `${ORIGIN}options.html` });
  /** What the lead UI asks, as a script on the CRM tab. */
  const switchedOff = (href: string): SwitchedOff => async (crm) => {
    const answer = await service.handle({ type: "crm.featuresOff", crm }, { id: ID, url: href, tab: { id: 7 }, frameId: 0 });
    if (!answer.ok) throw new Error(answer.error.message);
    return (answer.data as { off: string[] }).off;
  };
  return { switchedOff };
}

const view = (crm: Crm): LeadView => ({ crm, externalId: "x", serverId: "ld_1", name: null, company: null, stage: null, amount: null, currency: null, persona: null, status: "open", outcome: null, autoPrompts: 0, waiting: 0, syncedAt: null });

let stop: AbortController | null = null;
afterEach(() => {
  stop?.abort();
  stop = null;
});

/** Visits the record page with the stage watcher and a probe standing in for the rest; returns the popup requests and the record's context. */
async function visit(crm: keyof typeof pages, switchedOff: SwitchedOff, cached: CachedSwitches = async () => null) {
  const page = pages[crm];
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(page.url);
  const doc = loadFixture(page.fixture);
  const opened: RecordEventMap["outcome:open"][] = [];
  let started: RecordContext | null = null;
  const starts: RecordContext[] = [];
  const probe: Feature = {
    id: "probe",
    crms: "all",
    init(ctx, signal) {
      started = ctx;
      starts.push(ctx);
      ctx.events.on("outcome:open", (r) => opened.push(r), signal);
      // The background's view of an open deal, nothing reported by the CRM: the watcher settles.
      if (!ctx.store.get().reading) ctx.store.set({ reading: ctx.adapter.readLead(ctx.doc, ctx.record) });
      ctx.store.set({ view: view(ctx.record.crm), pending: null });
    },
  };
  stop = new AbortController();
  const wxt = { signal: stop.signal, isInvalid: false, addEventListener: (t: EventTarget, type: string, h: EventListener) => t.addEventListener(type, h, { signal: stop!.signal }) };
  startRecordSession(wxt as never, [stageWatcher, probe], doc, switchedOff, cached);
  await expect.poll(() => started).not.toBeNull();
  return { doc, opened, ctx: started! as RecordContext, page, starts };
}

describe("kill switch on record pages", () => {
  const hubspotWatcherOff: CrmFeatureOff[] = [{ crm: "hubspot", feature: "stage-watcher", reason: "HubSpot moved the stage field", since: "2026-11-28T09:00:00.000Z" }];

  it("uses the record-page features' ids", () => {
    expect(features.map((f) => f.id).sort()).toEqual([...crmFeatureIds].sort());
  });

  it("with nothing switched off, the stage turning Closed Won prompts on HubSpot", async () => {
    const { switchedOff } = await backgroundWith([]);
    const { doc, opened, page } = await visit("hubspot", switchedOff(pages.hubspot.url));
    page.closeWon(doc);
    await expect.poll(() => opened).toEqual([{ reason: "stage", result: "won" }]);
  });

  it("a stage watcher switched off on HubSpot stops prompting there", async () => {
    const { switchedOff } = await backgroundWith(hubspotWatcherOff);
    const { doc, opened, page } = await visit("hubspot", switchedOff(pages.hubspot.url));
    page.closeWon(doc);
    expect(page.adapter.readLead(doc, { crm: "hubspot", externalId: "987654", kind: "deal" }).closed).toBe("won");
    await new Promise((r) => setTimeout(r, 600)); // longer than the watcher's debounce
    expect(opened).toEqual([]);
  });

  it.each(["salesforce", "pipedrive"] as const)("…and only there: %s still prompts", async (crm) => {
    const { switchedOff } = await backgroundWith(hubspotWatcherOff);
    const { doc, opened, page } = await visit(crm, switchedOff(pages[crm].url));
    page.closeWon(doc);
    await expect.poll(() => opened).toEqual([{ reason: "stage", result: "won" }]);
  });

  it("a page reader switched off leaves the page unread: the panel asks the rep and says why", async () => {
    const { switchedOff } = await backgroundWith([{ crm: "pipedrive", feature: "lead-sync", reason: "", since: "2026-11-28T09:00:00.000Z" }]);
    const { ctx } = await visit("pipedrive", switchedOff(pages.pipedrive.url));
    expect(ctx.store.get()).toMatchObject({ reading: {}, problem: readerOffNotice("Pipedrive") });
  });

  it("starts from the mirrored copy without waiting for the background", async () => {
    const never: SwitchedOff = () => new Promise(() => {});
    const { doc, opened, page, starts } = await visit("hubspot", never, async () => ["stage-watcher"]);
    page.closeWon(doc);
    await new Promise((r) => setTimeout(r, 600)); // longer than the watcher's debounce
    expect(opened).toEqual([]);
    expect(starts).toHaveLength(1);
  });

  it("the background's answer wins over the copy: a feature it says is off is stopped", async () => {
    let answer: (off: string[]) => void = () => {};
    const later: SwitchedOff = () => new Promise((resolve) => (answer = resolve));
    const { doc, opened, page, starts } = await visit("hubspot", later, async () => []);
    answer(["stage-watcher"]);
    // The visit's features restart without the stage watcher (the first run's are torn down).
    await expect.poll(() => starts.length).toBe(2);
    page.closeWon(doc);
    await new Promise((r) => setTimeout(r, 600));
    expect(opened).toEqual([]);
  });

  it("starts the features once when the copy and the background agree, and keeps the copy when the background cannot answer", async () => {
    const agreed = await visit("hubspot", async () => ["stage-watcher"], async () => ["stage-watcher"]);
    await new Promise((r) => setTimeout(r, 50));
    expect(agreed.starts).toHaveLength(1);
    stop?.abort();
    const offline = await visit("hubspot", async () => Promise.reject(new Error("extension reloaded")), async () => ["stage-watcher"]);
    offline.page.closeWon(offline.doc);
    await new Promise((r) => setTimeout(r, 600));
    expect(offline.opened).toEqual([]);
    expect(offline.starts).toHaveLength(1);
  });

  it("runs everything when the background cannot answer", async () => {
    const { doc, opened, page } = await visit("hubspot", async () => Promise.reject(new Error("extension reloaded")));
    page.closeWon(doc);
    await expect.poll(() => opened).toEqual([{ reason: "stage", result: "won" }]);
  });
});
