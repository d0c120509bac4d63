// Reads the record page and tells the background (which upserts the lead through the outbox),
// again whenever what the page shows changes; keeps the record's store current with the
// background's view and the outbox summary.
import { browser } from "wxt/browser";
import type { SyncSummary } from "@dq/shared";
import { SYNC_SUMMARY_KEY } from "@dq/shared/terms";
import { watchReading } from "../crm/dom.ts";
import type { LeadReading } from "../crm/types.ts";
import { leadRequest } from "../lib/lead-request.ts";
import { send } from "../lib/messaging.ts";
import type { Feature } from "./types.ts";

/** Client-side navigation changes the URL before the host renders the new record. */
const FIRST_READ_DELAY_MS = 250;
/** Changes on the page are batched: one upsert per burst of host re-rendering. */
const CHANGE_DEBOUNCE_MS = 400;
/** Until the page shows the lead's name (the host still renders the record), look again soon: the panel shows it… */
const LOADING_DEBOUNCE_MS = 50;
/** …for the first seconds only: a page whose name cannot be read is not re-read 20 times a second. */
const LOADING_MS = 3000;

/**
 * Whether the page was loaded at this address (no client-side navigation since): then what the page
 * shows is this record's, and the first read need not wait for the host to re-render. On a page
 * that navigated since it loaded, the previous record may still be on screen: wait.
 */
export function loadedHere(doc: Document, href: string): boolean {
  const nav = doc.defaultView?.performance?.getEntriesByType?.("navigation")[0];
  return nav !== undefined && nav.name === href;
}

export const leadSync: Feature = {
  id: "lead-sync",
  crms: "all",
  init(ctx, signal) {
    const { adapter, record, doc, store } = ctx;
    const key = { crm: record.crm, externalId: record.externalId };
    const read = () => adapter.readLead(doc, record);

    const report = async (reading: LeadReading) => {
      store.set({ reading });
      try {
        const view = await send({ type: "lead.seen", lead: leadRequest(record, reading, location.href) });
        if (!signal.aborted) store.set({ view, problem: null });
      } catch (err) {
        if (!signal.aborted) store.set({ problem: (err as Error).message });
      }
    };

    const start = () => {
      if (signal.aborted) return;
      const started = Date.now();
      const initial = read();
      void report(initial);
      watchReading(doc, () => adapter.watchRoot(doc), read, (r) => void report(r), signal, {
        initial,
        debounceMs: () => (!store.get().reading?.name && Date.now() - started < LOADING_MS ? LOADING_DEBOUNCE_MS : CHANGE_DEBOUNCE_MS),
      });
    };
    // A page loaded at this record is read at once (the panel shows the name ~250 ms sooner, panel benchmark).
    if (loadedHere(doc, location.href)) start();
    else {
      const first = setTimeout(start, FIRST_READ_DELAY_MS);
      signal.addEventListener("abort", () => clearTimeout(first));
    }

    // The outbox summary, live: the background mirrors it into storage on every change.
    send({ type: "sync.summary" })
      .then((sync) => !signal.aborted && store.set({ sync }))
      .catch(() => {});
    const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== "local" || !changes[SYNC_SUMMARY_KEY] || signal.aborted) return;
      store.set({ sync: (changes[SYNC_SUMMARY_KEY].newValue as SyncSummary | undefined) ?? null });
      // Something was sent or failed: this lead's view may have changed (id, status, outcome state).
      send({ type: "lead.get", lead: key })
        .then((view) => !signal.aborted && view && store.set({ view }))
        .catch(() => {});
    };
    browser.storage.onChanged.addListener(onStorage);
    signal.addEventListener("abort", () => browser.storage.onChanged.removeListener(onStorage));
  },
};
