// Runs the registered features on record pages, and again after every client-side navigation to
// another record; the previous record's features are torn down through their AbortSignal. Each
// visit first learns which features operators switched off on this CRM (the kill switch, for when a
// CRM redesigns its pages) and skips those: from the copy the background mirrors into storage (a
// read of a few ms, no wait for the background), then from the background's answer, which restarts
// the visit's features if it differs. With no copy yet, the visit waits for the background.
// The lead UI starts before the page is parsed (document_start): both are asked while the page
// loads, and the features start as soon as its DOM is there: in the DOMContentLoaded task only what
// shows the lead's name (the page reader, the panel's first render); the rest (Feature.deferred)
// in later tasks, so the extension does not make that task, which also holds the host page's first
// style and layout, a long task.
import type { Crm } from "@dq/shared";
import { CRM_FEATURES_OFF_KEY } from "@dq/shared/terms";
import { browser } from "wxt/browser";
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { recordAt } from "../crm/registry.ts";
import { send } from "../lib/messaging.ts";
import { RecordEvents } from "./events.ts";
import { createLeadStore } from "./store.ts";
import { appliesTo, type Feature, type RecordContext } from "./types.ts";

/** The ids of the features switched off on a CRM. */
export type SwitchedOff = (crm: Crm) => Promise<readonly string[]>;

const askBackground: SwitchedOff = async (crm) => (await send({ type: "crm.featuresOff", crm })).off;

/** The ids of the features switched off on a CRM as the background last mirrored them; null when it never did. */
export type CachedSwitches = (crm: Crm) => Promise<readonly string[] | null>;

const readMirror: CachedSwitches = async (crm) => {
  const list = (await browser.storage.local.get(CRM_FEATURES_OFF_KEY))[CRM_FEATURES_OFF_KEY];
  if (!Array.isArray(list)) return null;
  return list.filter((f) => f?.crm === crm && typeof f.feature === "string").map((f) => f.feature as string);
};

/** What the panel says when the page is not read: the rep fills in the lead and logs the outcome by hand. */
export const readerOffNotice = (crmLabel: string) => `Deal Quest is not reading ${crmLabel} pages for now (they changed): fill in the lead and log the outcome by hand.`;

export function startRecordSession(
  wxt: ContentScriptContext,
  features: readonly Feature[],
  doc: Document = document,
  switchedOff: SwitchedOff = askBackground,
  cachedSwitches: CachedSwitches = readMirror,
) {
  let active: { key: string; controller: AbortController } | null = null;

  const visit = (href: string) => {
    const match = recordAt(href);
    const key = match ? `${match.record.crm}:${match.record.externalId}` : null;
    if (active && active.key === key) return; // same record (e.g. a tab inside it)
    active?.controller.abort();
    active = null;
    if (!match || !key || wxt.isInvalid) return;
    const controller = new AbortController();
    const visitSignal = AbortSignal.any([wxt.signal, controller.signal]);
    active = { key, controller };

    /** The features running with the switches as last learnt; restarted when they change. */
    let running: { off: string; controller: AbortController } | null = null;
    const run = (switchedOffHere: readonly string[]) => {
      const off = new Set(switchedOffHere);
      const offKey = [...off].sort().join(",");
      if (visitSignal.aborted || running?.off === offKey) return;
      running?.controller.abort();
      running = { off: offKey, controller: new AbortController() };
      const signal = AbortSignal.any([visitSignal, running.controller.signal]);
      const ctx: RecordContext = { wxt, adapter: match.adapter, record: match.record, doc, store: createLeadStore(), events: new RecordEvents() };
      // The page is not read: the panel asks the rep for what it would have read instead of misreading it.
      if (off.has("lead-sync")) ctx.store.set({ reading: {}, problem: readerOffNotice(match.adapter.label) });
      for (const feature of features) {
        if (!appliesTo(feature, match.record.crm) || off.has(feature.id)) continue;
        // The deferred ones each in a task of their own, in start order, after this one (see Feature.deferred).
        if (feature.deferred) later(() => void runFeature(feature, ctx, signal), signal);
        else void runFeature(feature, ctx, signal);
      }
    };

    void (async () => {
      // Listening from now: "parsed" is the DOMContentLoaded event (the host's deferred scripts have
      // run and rendered), not the earlier readyState change.
      const domReady = parsed(doc, visitSignal);
      const answered = switchedOff(match.record.crm).catch(() => null);
      const cached = await cachedSwitches(match.record.crm).catch(() => null);
      await domReady;
      if (visitSignal.aborted) return;
      if (cached) run(cached);
      // No answer (the extension was reloaded, say): the mirrored copy stands, else everything runs,
      // as before the switch existed.
      const answer = await answered;
      if (answer) run(answer);
      else if (!cached) run([]);
    })();
  };

  wxt.addEventListener(window, "wxt:locationchange", (e) => visit(e.newUrl.href));
  wxt.addEventListener(window, "popstate", () => visit(location.href));
  visit(location.href);
}

/** Resolves at DOMContentLoaded (at once when the document is past loading); never after `signal` aborts. */
function parsed(doc: Document, signal: AbortSignal): Promise<void> {
  if (doc.readyState !== "loading") return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener("DOMContentLoaded", () => resolve(), { once: true, signal }));
}

/** Runs `fn` in a later task (not when `signal` aborted first). */
function later(fn: () => void, signal: AbortSignal) {
  const timer = setTimeout(() => !signal.aborted && fn(), 0);
  signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
}

/** A failing feature is reported and skipped; it never throws into the host page. */
async function runFeature(feature: Feature, ctx: RecordContext, signal: AbortSignal) {
  try {
    await feature.init(ctx, signal);
  } catch (err) {
    if (!signal.aborted) console.warn(`[Deal Quest] feature "${feature.id}" failed`, err);
  }
}
