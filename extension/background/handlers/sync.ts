// The outbox as pages see it: the summary, the list, and the rep's retry / discard / "sync now".
import type { BackgroundContext, Handlers } from "../context.ts";

export function syncHandlers(ctx: BackgroundContext) {
  const { outbox, syncWaitMs } = ctx;
  return {
    async "sync.summary"() {
      return outbox.summary();
    },
    async "outbox.list"() {
      return { items: await outbox.list() };
    },
    async "outbox.flush"() {
      await outbox.wakeAll();
      await ctx.syncFor(syncWaitMs * 4);
      return outbox.summary();
    },
    async "outbox.retry"(m) {
      await outbox.retry(m.id);
      await ctx.syncFor(syncWaitMs);
      return outbox.summary();
    },
    async "outbox.discard"(m) {
      await outbox.discard(m.id);
      return outbox.summary();
    },
  } satisfies Partial<Handlers>;
}
