// "Today" in the side panel and the popup: open nudges (ones acted on here left out) and the
// CRM-reported closures awaiting the rep's answers; every nudge action is an outbox item.
import type { PendingOutcomeView } from "@dq/shared";
import { CACHE_KEYS, cachedValue } from "../cache.ts";
import type { BackgroundContext, Handlers } from "../context.ts";
import { actionStatus, handledHere, markPractised, nudgeLabel } from "../overlays.ts";

/** How long a nudge action waits for the worker before the page is told "queued". */
export const NUDGE_WAIT_MS = 2500;

export function todayHandlers(ctx: BackgroundContext) {
  const { db, outbox, platform, now } = ctx;

  async function queued(item: { id: string }) {
    await ctx.syncFor(NUDGE_WAIT_MS);
    return actionStatus(ctx, item.id);
  }

  return {
    "sidepanel.openAt"(m) {
      // No await before this call: the click's user gesture must still be active.
      const opened = platform.openSidePanel({ tabId: m.tabId, windowId: m.windowId }, m.hash);
      platform.broadcast({ type: "sidepanel.navigate", hash: m.hash });
      return opened.then((o) => ({ opened: o }));
    },
    async "nudges.list"() {
      const client = await ctx.api();
      const list = await cachedValue(db, CACHE_KEYS.nudges, () => client.nudges(), now);
      // The signed-in account's items only: another rep's queued work is not overlaid here.
      const open = (await outbox.own()).filter((i) => i.state === "waiting" || i.state === "sent");
      const hidden = handledHere(open, now());
      return { ...list, data: { nudges: list.data.nudges.filter((n) => !hidden.has(n.id)) } };
    },
    async "nudge.done"(m) {
      return queued(await markPractised(ctx, m.id));
    },
    async "nudge.dismiss"(m) {
      return queued(await outbox.enqueue({ kind: "nudge.dismiss", body: {}, target: m.id, label: await nudgeLabel(ctx, m.id, "Dismissed") }));
    },
    async "nudge.snooze"(m) {
      return queued(await outbox.enqueue({ kind: "nudge.snooze", body: { hours: m.hours }, target: m.id, label: await nudgeLabel(ctx, m.id, "Not now") }));
    },
    async "pendingOutcomes.list"() {
      const client = await ctx.api();
      const list = await cachedValue(db, CACHE_KEYS.pending, async () => (await client.pendingOutcomes({})).pendingOutcomes, now);
      const views: PendingOutcomeView[] = [];
      for (const p of list.data) {
        // Answers saved in this browser (on the record page or here): still waiting or failed, they
        // are newer than what the worker knows; sent after the list was read, the list is out of date.
        // (Local clock against local clock: the worker's and the browser's may differ.)
        const local = await ctx.leads.get(p);
        const item = local?.outcome ? await outbox.get(local.outcome.outboxId) : undefined;
        const answered = !item ? null : item.state !== "sent" ? item.state : (item.sentAt ?? "") > (list.cachedAt ?? "") ? "sent" : null;
        if (answered !== "sent") views.push({ ...p, answered });
      }
      return { ...list, data: views };
    },
  } satisfies Partial<Handlers>;
}
