// Runs the registered features on record pages, and again after every client-side navigation to
// another record; the previous record's features are torn down through their AbortSignal.
import type { ContentScriptContext } from "wxt/utils/content-script-context";
import { recordAt } from "../crm/registry.ts";
import { RecordEvents } from "./events.ts";
import { createLeadStore } from "./store.ts";
import { appliesTo, type Feature, type RecordContext } from "./types.ts";

export function startRecordSession(wxt: ContentScriptContext, features: readonly Feature[], doc: Document = document) {
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
    for (const feature of features) {
      if (appliesTo(feature, match.record.crm)) void runFeature(feature, ctx, signal);
    }
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
