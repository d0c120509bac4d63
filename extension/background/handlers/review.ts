// The review queue: drafts (the team's for a manager, the rep's own otherwise) with this browser's
// unsynced edits applied; saving and publishing go through the outbox.
import { CACHE_KEYS, cachedValue } from "../cache.ts";
import type { BackgroundContext, Handlers } from "../context.ts";
import { actionStatus, withUnsynced, type Draft } from "../overlays.ts";

/** How long a save or publish waits for the worker before the page is told "queued". */
export const DRAFT_WAIT_MS = 6000;

export function reviewHandlers(ctx: BackgroundContext) {
  const { db, outbox, now } = ctx;
  const waitingItems = async () => (await outbox.own()).filter((i) => i.state === "waiting");

  async function draftTitle(id: string): Promise<string> {
    for (const scope of ["team", "mine"] as const) {
      const drafts = (await db.cache.get(CACHE_KEYS.drafts(scope)))?.value as Draft[] | undefined;
      const found = drafts?.find((d) => d.id === id);
      if (found) return found.title;
    }
    return "a draft";
  }

  return {
    async "drafts.list"(m) {
      const client = await ctx.api();
      const list = await cachedValue(db, CACHE_KEYS.drafts(m.scope), async () => (await client.scenarioDrafts(m.scope)).drafts, now);
      const waiting = await waitingItems();
      return { ...list, data: list.data.map((d) => withUnsynced(d, waiting)) };
    },
    async "draft.save"(m) {
      const item = await outbox.enqueue({ kind: "scenario.update", body: m.patch, target: m.id, label: `Edits to “${m.patch.title ?? (await draftTitle(m.id))}”` });
      await ctx.syncFor(DRAFT_WAIT_MS);
      return actionStatus(ctx, item.id);
    },
    async "draft.publish"(m) {
      // After this draft's edits still waiting (a publish must not overtake them, and fails with them).
      const pendingEdit = (await waitingItems()).filter((i) => i.kind === "scenario.update" && i.target === m.id).at(-1);
      const item = await outbox.enqueue({ kind: "scenario.publish", body: {}, target: m.id, label: `Publish “${await draftTitle(m.id)}”`, ...(pendingEdit ? { after: pendingEdit.id } : {}) });
      await ctx.syncFor(DRAFT_WAIT_MS);
      const status = await actionStatus(ctx, item.id);
      // Refused while the reviewer watches: the page shows why, and a publish carries no data to
      // keep, so it does not linger in the failed list. (Refused later, offline, it stays there.)
      if (status.status === "failed") await outbox.discard(item.id);
      return status;
    },
  } satisfies Partial<Handlers>;
}
