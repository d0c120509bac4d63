// The adaptive loop for the side panel and the popup: weak areas, recommendations, "Today" (open
// nudges and CRM-reported closures awaiting the rep's answers) and the review queue of drafts.
// Reads are cached for offline use and overlaid with what waits in this browser's outbox (a nudge
// dismissed offline stays hidden, a draft shows its unsynced edits); every action is an outbox item.
import type { DraftView, Nudge, OutboxKind, PatchScenarioRequest, PendingOutcomeView, QueuedAction, ScenarioDraftList } from "@dq/shared";
import { ApiError, type DealQuestApi } from "../api.ts";
import { cachedValue } from "../cache.ts";
import type { OutboxItem } from "../db.ts";
import { DispatchError, type HandlerGroup, type Sender } from "./dispatch.ts";
import type { HandlerDeps } from "./handler-groups.ts";

/** How long an action waits for the worker before the page is told "queued". */
export const LOOP_WAIT_MS = { nudge: 2500, draft: 6000 };

/** Cache keys (the `cache` table), one per list. */
export const LOOP_CACHE = {
  weakAreas: "loop:weak-areas",
  recommendations: "loop:recommendations",
  nudges: "loop:nudges",
  pending: "loop:pending-outcomes",
  drafts: (scope: "team" | "mine") => `loop:drafts:${scope}`,
};

/** A draft as the worker lists it for review. */
type Draft = ScenarioDraftList["drafts"][number];

const NUDGE_KINDS: ReadonlySet<OutboxKind> = new Set(["nudge.act", "nudge.dismiss", "nudge.snooze"]);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How each of the loop's outbox kinds reaches the worker (senders.ts delegates to these). */
export const loopSenders: Partial<Record<OutboxKind, (api: DealQuestApi, item: OutboxItem) => Promise<unknown>>> = {
  "nudge.dismiss": (api, item) => api.dismissNudge(targetOf(item), item.id),
  "nudge.snooze": (api, item) => api.snoozeNudge(targetOf(item), item.body, item.id),
  "scenario.update": (api, item) => api.patchScenario(targetOf(item), item.body, item.id),
  "scenario.publish": (api, item) => api.publishScenario(targetOf(item), item.id),
};

function targetOf(item: OutboxItem): string {
  if (!item.target) throw new ApiError(400, "no_target", `This ${item.label.toLowerCase()} does not say what it is about.`);
  return item.target;
}

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

export function loopHandlers(deps: HandlerDeps): HandlerGroup {
  const { db, outbox, platform, now } = deps;

  /** Sends what is due and waits for it at most `ms` (as the core handlers do), then schedules the next retry. */
  async function syncFor(ms: number) {
    const run = (async () => {
      try {
        await outbox.flush();
      } finally {
        platform.scheduleRetry(await outbox.nextDueAt());
      }
    })().catch((err) => console.warn("[Deal Quest] sync failed", err));
    await Promise.race([run, sleep(ms)]);
  }

  // The signed-in account's items only (outbox.ts): another rep's queued work is not overlaid here.
  const openItems = async () => (await outbox.own()).filter((i) => i.state === "waiting" || i.state === "sent");
  const waitingItems = async () => (await outbox.own()).filter((i) => i.state === "waiting");

  async function actionStatus(id: string): Promise<QueuedAction> {
    const item = await outbox.get(id);
    if (!item) throw new DispatchError({ code: "not_found", message: "This action is not in the outbox." });
    if (item.state === "sent") return { status: "done", id };
    if (item.state === "failed") return { status: "failed", id, error: item.lastError ?? { status: 0, code: "failed", message: "The server refused this." } };
    return { status: "queued", id };
  }

  async function nudgeAction(kind: "nudge.act" | "nudge.dismiss" | "nudge.snooze", id: string, body: object, label: string) {
    const item = await outbox.enqueue({ kind, body, target: id, label });
    await syncFor(LOOP_WAIT_MS.nudge);
    return actionStatus(item.id);
  }

  async function nudgeLabel(id: string, verb: string) {
    const cached = (await db.cache.get(LOOP_CACHE.nudges))?.value as { nudges?: Nudge[] } | undefined;
    const nudge = cached?.nudges?.find((n) => n.id === id);
    return nudge ? `${verb}: ${nudge.scenario.title}` : `${verb} a nudge`;
  }

  /** The review queue and tab-targeted side-panel opening belong to Deal Quest's own pages, not to CRM pages. */
  const pagesOnly = (from: Sender) => {
    if (!(from.url ?? "").startsWith(platform.extensionOrigin)) throw new DispatchError({ code: "forbidden", message: "Only Deal Quest's own pages can do this." });
  };

  return {
    "sidepanel.openAt"(m, from) {
      // A CRM page asks with "sidepanel.open", which takes its own tab.
      pagesOnly(from);
      // No await before this call: the click's user gesture must still be active.
      const opened = platform.openSidePanel({ tabId: m.tabId, windowId: m.windowId }, m.hash);
      platform.broadcast({ type: "sidepanel.navigate", hash: m.hash });
      return opened.then((o) => ({ opened: o }));
    },
    async "weakAreas.get"() {
      const client = await deps.api();
      return cachedValue(db, LOOP_CACHE.weakAreas, () => client.weakAreas(), now);
    },
    async "recommendations.get"() {
      const client = await deps.api();
      return cachedValue(db, LOOP_CACHE.recommendations, () => client.recommendations(20), now);
    },
    async "nudges.list"() {
      const client = await deps.api();
      const list = await cachedValue(db, LOOP_CACHE.nudges, () => client.nudges(), now);
      const hidden = handledHere(await openItems(), now());
      return { ...list, data: { nudges: list.data.nudges.filter((n) => !hidden.has(n.id)) } };
    },
    async "nudge.done"(m) {
      return nudgeAction("nudge.act", m.id, {}, await nudgeLabel(m.id, "Practised"));
    },
    async "nudge.dismiss"(m) {
      return nudgeAction("nudge.dismiss", m.id, {}, await nudgeLabel(m.id, "Dismissed"));
    },
    async "nudge.snooze"(m) {
      return nudgeAction("nudge.snooze", m.id, { hours: m.hours }, await nudgeLabel(m.id, "Not now"));
    },
    async "pendingOutcomes.list"() {
      const client = await deps.api();
      const list = await cachedValue(db, LOOP_CACHE.pending, async () => (await client.pendingOutcomes({})).pendingOutcomes, now);
      const views: PendingOutcomeView[] = [];
      for (const p of list.data) {
        // Answers saved in this browser (on the record page or here): still waiting or failed, they
        // are newer than what the worker knows; sent after the list was read, the list is out of date.
        // (Local clock against local clock: the worker's and the browser's may differ.)
        const local = await deps.leads.get(p);
        const item = local?.outcome ? await outbox.get(local.outcome.outboxId) : undefined;
        const answered = !item ? null : item.state !== "sent" ? item.state : (item.sentAt ?? "") > (list.cachedAt ?? "") ? "sent" : null;
        if (answered !== "sent") views.push({ ...p, answered });
      }
      return { ...list, data: views };
    },
    async "drafts.list"(m, from) {
      pagesOnly(from);
      const client = await deps.api();
      const list = await cachedValue(db, LOOP_CACHE.drafts(m.scope), async () => (await client.scenarioDrafts(m.scope)).drafts, now);
      const waiting = await waitingItems();
      return { ...list, data: list.data.map((d) => withUnsynced(d, waiting)) };
    },
    async "draft.save"(m, from) {
      pagesOnly(from);
      const item = await outbox.enqueue({ kind: "scenario.update", body: m.patch, target: m.id, label: `Edits to “${m.patch.title ?? (await draftTitle(m.id))}”` });
      await syncFor(LOOP_WAIT_MS.draft);
      return actionStatus(item.id);
    },
    async "draft.publish"(m, from) {
      pagesOnly(from);
      // After this draft's edits still waiting (a publish must not overtake them, and fails with them).
      const pendingEdit = (await waitingItems()).filter((i) => i.kind === "scenario.update" && i.target === m.id).at(-1);
      const item = await outbox.enqueue({ kind: "scenario.publish", body: {}, target: m.id, label: `Publish “${await draftTitle(m.id)}”`, ...(pendingEdit ? { after: pendingEdit.id } : {}) });
      await syncFor(LOOP_WAIT_MS.draft);
      const status = await actionStatus(item.id);
      // Refused while the reviewer watches: the page shows why, and a publish carries no data to
      // keep, so it does not linger in the failed list. (Refused later, offline, it stays there.)
      if (status.status === "failed") await outbox.discard(item.id);
      return status;
    },
  };

  async function draftTitle(id: string): Promise<string> {
    for (const scope of ["team", "mine"] as const) {
      const drafts = (await db.cache.get(LOOP_CACHE.drafts(scope)))?.value as Draft[] | undefined;
      const found = drafts?.find((d) => d.id === id);
      if (found) return found.title;
    }
    return "a draft";
  }
}
