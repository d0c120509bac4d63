// What this browser's outbox changes in the lists the worker serves: a nudge acted on offline stays
// hidden, a draft shows its unsynced edits, a lead shows the scenario draft queued from it. Also
// the one way to mark a nudge practised (from a record page or from Today).
import type { CreateScenarioDraftResponse, DraftView, Nudge, OutboxKind, PatchScenarioRequest, QueuedAction, ScenarioDraftList, ScenarioDraftState } from "@dq/shared";
import { CACHE_KEYS } from "./cache.ts";
import { DispatchError, type BackgroundContext } from "./context.ts";
import type { OutboxItem } from "./db.ts";

/** A draft as the worker lists it for review. */
export type Draft = ScenarioDraftList["drafts"][number];

const NUDGE_KINDS: ReadonlySet<OutboxKind> = new Set(["nudge.act", "nudge.dismiss", "nudge.snooze"]);

/** Nudges to leave out of Today: acted on or dismissed here (waiting or sent), or snoozed here and still asleep. */
export function handledHere(items: OutboxItem[], now: number): Set<string> {
  const hidden = new Set<string>();
  for (const i of items) {
    if (!i.target || !NUDGE_KINDS.has(i.kind) || i.state === "failed") continue;
    if (i.kind === "nudge.snooze") {
      const hours = Number((JSON.parse(i.body) as { hours?: unknown }).hours) || 24;
      if (Date.parse(i.createdAt) + hours * 3_600_000 <= now) continue;
    }
    hidden.add(i.target);
  }
  return hidden;
}

/** A draft as the reviewer last left it: the worker's copy with the edits still waiting applied, oldest first. */
export function withUnsynced(draft: Draft, items: OutboxItem[]): DraftView {
  const mine = items.filter((i) => i.target === draft.id && i.state === "waiting");
  const unsynced = new Set<"save" | "publish">();
  let view: Draft = draft;
  for (const i of mine) {
    if (i.kind === "scenario.update") {
      view = { ...view, ...(JSON.parse(i.body) as PatchScenarioRequest) };
      unsynced.add("save");
    } else if (i.kind === "scenario.publish") unsynced.add("publish");
  }
  return { ...view, unsynced: [...unsynced] };
}

/** A queued scenario draft as the record page shows it. */
export function draftState(item: OutboxItem): ScenarioDraftState {
  const made = item.state === "sent" ? (item.result as CreateScenarioDraftResponse | null)?.scenario : undefined;
  return {
    state: item.state,
    scenario: made ? { id: made.id, title: made.title } : null,
    error: item.state === "sent" ? null : item.lastError,
  };
}

/** What became of an outbox item a page is waiting on. */
export async function actionStatus(ctx: BackgroundContext, id: string): Promise<QueuedAction> {
  const item = await ctx.outbox.get(id);
  if (!item) throw new DispatchError({ code: "not_found", message: "This action is not in the outbox." });
  if (item.state === "sent") return { status: "done", id };
  if (item.state === "failed") return { status: "failed", id, error: item.lastError ?? { status: 0, code: "failed", message: "The server refused this." } };
  return { status: "queued", id };
}

/** "Practised: <scenario>" from the cached nudges (or a plain label when the nudge is not cached). */
export async function nudgeLabel(ctx: BackgroundContext, id: string, verb: string, title?: string): Promise<string> {
  if (title) return `${verb}: ${title}`;
  const cached = (await ctx.db.cache.get(CACHE_KEYS.nudges))?.value as { nudges?: Nudge[] } | undefined;
  const nudge = cached?.nudges?.find((n) => n.id === id);
  return nudge ? `${verb}: ${nudge.scenario.title}` : `${verb} a nudge`;
}

/**
 * Marks a nudge practised ("Practice now" on a record page or in Today): one outbox item per
 * nudge — a second click while the first still waits reuses it.
 */
export async function markPractised(ctx: BackgroundContext, id: string, title?: string): Promise<OutboxItem> {
  const waiting = (await ctx.outbox.own()).find((i) => i.kind === "nudge.act" && i.target === id && i.state === "waiting");
  return waiting ?? ctx.outbox.enqueue({ kind: "nudge.act", body: {}, target: id, label: await nudgeLabel(ctx, id, "Practised", title) });
}
