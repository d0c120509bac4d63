// What the adaptive loop knows about this record, kept in the record's store: a closure the CRM
// reported (webhook) that awaits the rep's answers — asked for as soon as the record is recognised,
// so the outcome popup can open already waiting — the rep's nudges about the lead (once the worker
// knows the lead), and the team scenario the rep agreed to make from it. All through the background.
import { browser } from "wxt/browser";
import type { SyncSummary } from "@dq/shared";
import { SYNC_SUMMARY_KEY } from "@dq/shared/terms";
import { send } from "../lib/messaging.ts";
import type { Feature } from "./types.ts";

/** Outbox activity comes in bursts; the nudges are asked for again once it settles. */
const REFRESH_DEBOUNCE_MS = 1000;

export const adaptiveLoop: Feature = {
  id: "adaptive-loop",
  crms: "all",
  deferred: true,
  init(ctx, signal) {
    const { record, store } = ctx;
    const lead = { crm: record.crm, externalId: record.externalId };
    const alive = () => !signal.aborted;

    // The background answers from its cache when the worker cannot be reached; no answer at all
    // means "nothing reported" (the page's own reading still decides).
    send({ type: "lead.pending", lead })
      .then((r) => alive() && store.set({ pending: r.data }))
      .catch(() => alive() && store.set({ pending: null }));

    const refreshNudges = () =>
      send({ type: "lead.nudges", lead })
        .then((r) => alive() && store.set({ nudges: r.data }))
        .catch(() => {});
    const refreshDraft = () =>
      send({ type: "lead.draft", lead })
        .then((draft) => alive() && store.set({ draft }))
        .catch(() => {});

    // Nudges are about leads the worker knows: ask once it has acknowledged this one.
    let nudgesFor: string | null = null;
    const askNudges = () => {
      const id = store.get().view?.serverId ?? null;
      if (id && id !== nudgesFor) {
        nudgesFor = id;
        void refreshNudges();
      }
    };
    store.subscribe(askNudges, signal);
    askNudges(); // it starts after the page reader (Feature.deferred): the view may be in already
    void refreshDraft();

    // Something reached the worker (an outcome can raise or settle a nudge) or failed: look again.
    let lastSyncAt: string | null | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== "local" || !changes[SYNC_SUMMARY_KEY] || !alive()) return;
      const summary = changes[SYNC_SUMMARY_KEY].newValue as SyncSummary | undefined;
      void refreshDraft();
      if (!nudgesFor || summary?.lastSyncAt === lastSyncAt) return;
      lastSyncAt = summary?.lastSyncAt;
      clearTimeout(timer);
      timer = setTimeout(() => alive() && void refreshNudges(), REFRESH_DEBOUNCE_MS);
    };
    browser.storage.onChanged.addListener(onStorage);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      browser.storage.onChanged.removeListener(onStorage);
    });
  },
};
