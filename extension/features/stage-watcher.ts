// Opens the outcome popup when the record's stage turns closed won / closed lost on the page, and
// on a later visit to a closed record whose outcome was never given (it asks again once).
import type { Feature } from "./types.ts";

/** The popup opens by itself at most this many times per lead (the closure, then one more visit). */
export const MAX_AUTO_PROMPTS = 2;

export const stageWatcher: Feature = {
  id: "stage-watcher",
  crms: "all",
  init(ctx, signal) {
    const { adapter, record, doc, store, events } = ctx;
    let settled = false; // the first reading + the background's view are in
    let lastClosed: string | undefined;

    // On arrival: a closed record without an outcome asks (unless it already asked twice).
    store.subscribe(() => {
      const { view, reading } = store.get();
      if (settled || !view || !reading) return;
      settled = true;
      lastClosed = reading.closed;
      const ask = Boolean(reading.closed && !view.outcome && view.autoPrompts < MAX_AUTO_PROMPTS);
      store.set({ autoPrompt: ask ? "opened" : "skipped" });
      if (ask) events.emit("outcome:open", { reason: "revisit", result: reading.closed });
    }, signal);

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
