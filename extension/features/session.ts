// Runs the registered features on record pages, and again after every client-side navigation to
// another record; the previous record's features are torn down through their AbortSignal. Each
// visit first asks which features operators switched off on this CRM (the kill switch, for when a
// CRM redesigns its pages) and skips those.
import type { Crm } from "@dq/shared";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { recordAt } from "../crm/registry.ts";
import { send } from "../lib/messaging.ts";
import { RecordEvents } from "./events.ts";
import { createLeadStore } from "./store.ts";
import { appliesTo, type Feature, type RecordContext } from "./types.ts";

/** The ids of the features switched off on a CRM. */
export type SwitchedOff = (crm: Crm) => Promise<readonly string[]>;

const askBackground: SwitchedOff = async (crm) => (await send({ type: "crm.featuresOff", crm })).off;

/** What the panel says when the page is not read: the rep fills in the lead and logs the outcome by hand. */
export const readerOffNotice = (crmLabel: string) => `Deal Quest is not reading ${crmLabel} pages for now (they changed): fill in the lead and log the outcome by hand.`;

export function startRecordSession(wxt: ContentScriptContext, features: readonly Feature[], doc: Document = document, switchedOff: SwitchedOff = askBackground) {
  let active: { key: string; controller: AbortController } | null = null;

  const visit = (href: string) => {
    const match = recordAt(href);
    const key = match ? `${match.record.crm}:${match.record.externalId}` : null;
    if (active && active.key === key) return; // same record (e.g. a tab inside it)
    active?.controller.abort();
    active = null;
    if (!match || !key || wxt.isInvalid) return;
    const controller = new AbortController();
    const signal = AbortSignal.any([wxt.signal, controller.signal]);
    active = { key, controller };
    const ctx: RecordContext = { wxt, adapter: match.adapter, record: match.record, doc, store: createLeadStore(), events: new RecordEvents() };
    void (async () => {
      let off: ReadonlySet<string> = new Set();
      try {
        off = new Set(await switchedOff(match.record.crm));
      } catch {
        // No answer (the extension was reloaded, say): run everything, as before the switch existed.
      }
      if (signal.aborted) return;
      // The page is not read: the panel asks the rep for what it would have read instead of misreading it.
      if (off.has("lead-sync")) ctx.store.set({ reading: {}, problem: readerOffNotice(match.adapter.label) });
      for (const feature of features) {
        if (appliesTo(feature, match.record.crm) && !off.has(feature.id)) void runFeature(feature, ctx, signal);
      }
    })();
  };

  wxt.addEventListener(window, "wxt:locationchange", (e) => visit(e.newUrl.href));
  wxt.addEventListener(window, "popstate", () => visit(location.href));
  visit(location.href);
}

/** A failing feature is reported and skipped; it never throws into the host page. */
async function runFeature(feature: Feature, ctx: RecordContext, signal: AbortSignal) {
  try {
    await feature.init(ctx, signal);
  } catch (err) {
    if (!signal.aborted) console.warn(`[Deal Quest] feature "${feature.id}" failed`, err);
  }
}
