// The lead panel on every record page: status, what waits to sync, this lead's nudges with
// "Practice now", the team scenario drafted from it, "Log outcome" and "Practice".
import { useLayoutEffect, useState } from "react";
import { browser } from "wxt/browser";
import { LeadPanel } from "../components/page/LeadPanel.tsx";
import { panelCss } from "../components/page/styles.ts";
import { send } from "../lib/messaging.ts";
import { practiceHash } from "../lib/practice.ts";
import { mountShadowReact } from "./mount.tsx";
import type { Feature, RecordContext } from "./types.ts";

const COLLAPSED_KEY = "dq:panel-collapsed";

const readCollapsed = async () => {
  try {
    return (await browser.storage.local.get(COLLAPSED_KEY))[COLLAPSED_KEY] === true;
  } catch {
    return false;
  }
};
/**
 * Whether the rep collapsed the panel: read once as the lead UI loads (before the page is parsed),
 * so the first visit mounts without another round trip; kept current by this page's own toggles.
 */
let collapsedPreference = readCollapsed();

export const leadPanel: Feature = {
  id: "lead-panel",
  crms: "all",
  async init(ctx, signal) {
    const collapsed = await collapsedPreference;
    if (signal.aborted) return;
    await mountShadowReact(ctx, { name: "deal-quest-panel", css: panelCss, render: () => <Panel ctx={ctx} initiallyCollapsed={collapsed} /> }, signal);
  },
};

function Panel({ ctx, initiallyCollapsed }: { ctx: RecordContext; initiallyCollapsed: boolean }) {
  const [collapsed, setCollapsed] = useState(initiallyCollapsed);
  // The first render (the host page's DOMContentLoaded task) shows the name; the rest a task later.
  const [shell, setShell] = useState(true);
  useLayoutEffect(() => {
    const timer = setTimeout(() => setShell(false), 0);
    return () => clearTimeout(timer);
  }, []);
  const key = { crm: ctx.record.crm, externalId: ctx.record.externalId };
  return (
    <LeadPanel
      shell={shell}
      store={ctx.store}
      crmLabel={ctx.adapter.label}
      collapsed={collapsed}
      onCollapsedChange={(c) => {
        setCollapsed(c);
        collapsedPreference = Promise.resolve(c);
        void browser.storage.local.set({ [COLLAPSED_KEY]: c });
      }}
      onLogOutcome={() => ctx.events.emit("outcome:open", { reason: "button" })}
      onPractice={async () => {
        const { view } = ctx.store.get();
        const reading = ctx.adapter.readLead(ctx.doc, ctx.record); // what the page shows at the click
        try {
          // Sent straight from the click: the side panel can only open inside a user gesture.
          return (await send({ type: "sidepanel.open", hash: practiceHash(view, reading) })).opened;
        } catch {
          return false;
        }
      }}
      onPracticeNudge={async (nudge) => {
        try {
          // Sent straight from the click (user gesture); the background marks the nudge acted through the outbox.
          const { opened } = await send({ type: "nudge.act", id: nudge.id, scenarioId: nudge.scenario.id, title: nudge.scenario.title });
          if (opened) ctx.store.set({ nudges: ctx.store.get().nudges.filter((n) => n.id !== nudge.id) });
          return opened;
        } catch (err) {
          ctx.store.set({ problem: (err as Error).message });
          return false;
        }
      }}
      onAnswer={async (answers) => {
        // Shown at once (the buyer-type select follows the view, and "Practice" reads it at the
        // click); the background's answer, a moment later, confirms it.
        const { view } = ctx.store.get();
        if (view) ctx.store.set({ view: { ...view, ...answers } });
        try {
          ctx.store.set({ view: await send({ type: "lead.answer", lead: key, answers }), problem: null });
        } catch (err) {
          ctx.store.set({ problem: (err as Error).message });
        }
      }}
    />
  );
}
