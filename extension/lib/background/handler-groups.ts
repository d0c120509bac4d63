// Message handlers beyond the core ones (leads, outbox, training, settings in service.ts): each
// feature area adds a group here — one import and one entry. A group gets the background's parts.
import type { DealQuestApi } from "../api.ts";
import type { DealQuestDb } from "../db.ts";
import type { LeadBook } from "../leads.ts";
import type { Outbox } from "../outbox.ts";
import type { HandlerGroup } from "./dispatch.ts";
import { leadLoopHandlers } from "./lead-loop.ts";
import { loopHandlers } from "./loop.ts";
import type { Platform } from "./service.ts";

export interface HandlerDeps {
  db: DealQuestDb;
  /** A client for the configured server and token (read fresh on every call). */
  api: () => Promise<DealQuestApi>;
  outbox: Outbox;
  leads: LeadBook;
  now: () => number;
  platform: Platform;
}

export const handlerGroups: Array<(deps: HandlerDeps) => HandlerGroup> = [leadLoopHandlers, loopHandlers];
