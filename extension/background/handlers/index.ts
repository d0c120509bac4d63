// Every message's handler, one table: a message in shared/src/messages.ts without a handler here
// fails type-checking (the table is `Handlers`, not a partial one).
import type { BackgroundContext, Handlers } from "../context.ts";
import { accountHandlers } from "./account.ts";
import { recordPageHandlers } from "./record-page.ts";
import { reviewHandlers } from "./review.ts";
import { syncHandlers } from "./sync.ts";
import { todayHandlers } from "./today.ts";
import { trainingHandlers } from "./training.ts";

export function allHandlers(ctx: BackgroundContext): Handlers {
  return {
    ...accountHandlers(ctx),
    ...syncHandlers(ctx),
    ...recordPageHandlers(ctx),
    ...trainingHandlers(ctx),
    ...todayHandlers(ctx),
    ...reviewHandlers(ctx),
  };
}
