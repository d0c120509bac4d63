// Opens the outcome popup when the record's stage turns closed won / closed lost on the page, on
// arrival at a record whose closure the CRM reported (webhook) and the rep has not answered, and
// on a later visit to a closed record whose outcome was never given (it asks again once).
import type { Result } from "@dq/shared";
import type { RecordEventMap } from "./events.ts";
import type { LeadState } from "./store.ts";
import type { Feature } from "./types.ts";

/** The popup opens by itself at most this many times per lead (the closure, then one more visit). */
export const MAX_AUTO_PROMPTS = 2;

/** How long arrival waits for the CRM-reported closure before deciding on the page alone. */
export const PENDING_WAIT_MS = 4000;

type Ask = { reason: Extract<RecordEventMap["outcome:open"]["reason"], "crm" | "revisit">; result: Result };

/**
 * Whether the popup should open by itself on arrival: a closure the CRM reported and the rep has
 * not answered (here or before the report), else a closed stage on the page without an outcome —
 * either way at most MAX_AUTO_PROMPTS times (dismissing it asks again next visit, once).
 */
export function arrivalPrompt(s: Pick<LeadState, "view" | "reading" | "pending">): Ask | null {
  const { view, reading, pending } = s;
  if (!view || !reading || view.autoPrompts >= MAX_AUTO_PROMPTS) return null;
  if (pending) {
    const answered = view.outcome !== null && (view.outcome.result === pending.status || view.outcome.recordedAt >= pending.reportedAt);
    if (!answered) return { reason: "crm", result: pending.status };
  }
  if (reading.closed && !view.outcome) return { reason: "revisit", result: reading.closed };
  return null;
}

export const stageWatcher: Feature = {
  id: "stage-watcher",
  crms: "all",
  deferred: true,
  init(ctx, signal) {
    const { adapter, record, doc, store, events } = ctx;
    let settled = false; // the first reading + the background's view are in
    let crmChecked = false; // the CRM-reported closure (if any) was considered
    let lastClosed: string | undefined;
    let waitedForCrm = false;

    const open = (ask: Ask) => {
      store.set({ autoPrompt: "opened" });
      events.emit("outcome:open", ask);
    };

    // On arrival: ask once what the CRM reported or the page shows is known (see arrivalPrompt).
    const decide = () => {
      const state = store.get();
      if (!state.view || !state.reading) return;
      if (!settled) {
        if (state.pending === undefined && !waitedForCrm) return; // the CRM's report is still on its way
        settled = true;
        crmChecked = state.pending !== undefined;
        lastClosed = state.reading.closed;
        const ask = arrivalPrompt(state);
        if (ask) open(ask);
        else store.set({ autoPrompt: "skipped" });
      } else if (!crmChecked && state.pending !== undefined) {
        // The CRM's report came after the page decided without it: it may still ask.
        crmChecked = true;
        const ask = state.autoPrompt === "skipped" ? arrivalPrompt(state) : null;
        if (ask?.reason === "crm") open(ask);
      }
    };
    store.subscribe(decide, signal);
    decide(); // it starts after the page reader (Feature.deferred): the reading and the view may be in already
    const timer = setTimeout(() => {
      waitedForCrm = true;
      decide();
    }, PENDING_WAIT_MS);
    signal.addEventListener("abort", () => clearTimeout(timer));

    // While here: the stage turning closed (a transition on this page) always asks.
    adapter.observeStage(
      doc,
      record,
      (reading) => {
        const changed = reading.closed !== lastClosed;
        lastClosed = reading.closed;
        if (settled && changed && reading.closed) events.emit("outcome:open", { reason: "stage", result: reading.closed });
      },
      signal,
    );
  },
};
