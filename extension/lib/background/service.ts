// The background's behaviour, without the browser: message handlers over the outbox, the lead
// book, the settings and the caches. The entrypoint wires it to chrome.* through a `Platform`;
// tests drive it with fake-indexeddb, a fake fetch and a recording platform.
import type { AttemptStatus, LeadKey, MessageEnvelope, MessageType, PageBroadcast, SyncSummary } from "@dq/shared";
import { ApiError, DealQuestApi } from "../api.ts";
import { cachedScenario, cachedScenarioList, cachedValue } from "../cache.ts";
import type { DealQuestDb, OutboxItem } from "../db.ts";
import { LeadBook } from "../leads.ts";
import { Outbox } from "../outbox.ts";
import { createSender } from "../senders.ts";
import { accountOf, loadSettings, normalizeServerUrl, saveSettings, settingsView } from "../settings.ts";
import { DispatchError, dispatch, type HandlerGroup, type Sender } from "./dispatch.ts";
import { handlerGroups, type HandlerDeps } from "./handler-groups.ts";

/** What the background needs from the browser. */
export interface Platform {
  extensionOrigin: string;
  /** Injects the lead UI script into a tab's frame. */
  injectUi(tabId: number, frameId: number): Promise<void>;
  /** Opens the side panel at `hash`; must start opening synchronously (user gesture). */
  openSidePanel(target: { tabId?: number; windowId?: number }, hash: string): Promise<boolean>;
  broadcast(message: PageBroadcast): void;
  /** Mirrors the sync summary where content scripts can watch it (no secrets in it). */
  publishSummary(summary: SyncSummary): void;
  /** Wakes the background at `at` (epoch ms) to retry, or cancels the wake-up. */
  scheduleRetry(at: number | null): void;
}

export interface ServiceOptions {
  db: DealQuestDb;
  platform: Platform;
  fetch?: typeof fetch;
  now?: () => number;
  /** How long a request waits for the outbox before answering with the local state. */
  syncWaitMs?: number;
  /** How long a practice answer waits for its score before the UI says "queued". */
  scoreWaitMs?: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createBackgroundService(opts: ServiceOptions) {
  const { db, platform } = opts;
  const now = opts.now ?? Date.now;
  const syncWaitMs = opts.syncWaitMs ?? 2500;
  const scoreWaitMs = opts.scoreWaitMs ?? 20_000;

  const api = async (override?: { serverUrl?: string; token?: string }) => {
    const s = await loadSettings(db);
    return new DealQuestApi({ baseUrl: override?.serverUrl ?? s.serverUrl, token: override?.token ?? s.token, fetch: opts.fetch });
  };

  const outbox = new Outbox(db, (item) => sender(item), { now, onChange: (s) => platform.publishSummary(s), account: async () => accountOf(await loadSettings(db)) });
  const leads = new LeadBook(db, outbox, now);
  const sender = createSender({ api: () => api(), leads });

  /** Sends what is due, then schedules the next retry. */
  async function sync() {
    try {
      await outbox.flush();
    } finally {
      platform.scheduleRetry(await outbox.nextDueAt());
    }
  }
  /** Starts a sync and waits for it at most `ms` (the answer then shows the local state). */
  async function syncFor(ms: number) {
    const run = sync().catch((err) => console.warn("[Deal Quest] sync failed", err));
    await Promise.race([run, sleep(ms)]);
  }

  async function attemptStatus(item: OutboxItem | undefined, id: string): Promise<AttemptStatus> {
    if (!item) throw new DispatchError({ code: "not_found", message: "This practice answer is not in the outbox." });
    if (item.state === "sent") return { status: "scored", id, result: item.result as never };
    if (item.state === "failed") return { status: "failed", id, error: item.lastError! };
    return { status: "queued", id };
  }

  const leadView = async (key: LeadKey) => {
    const view = await leads.view(key);
    if (!view) throw new DispatchError({ code: "not_found", message: "Deal Quest has not seen this lead yet." });
    return view;
  };

  const core: HandlerGroup = {
    async "ui.inject"(_m, from) {
      if (from.tab?.id === undefined) throw new DispatchError({ code: "bad_sender", message: "Only a CRM tab can ask for the lead panel." });
      await platform.injectUi(from.tab.id, from.frameId ?? 0);
      return { injected: true };
    },
    async "settings.get"() {
      return settingsView(await loadSettings(db));
    },
    async "settings.save"(m) {
      const before = await accountOf(await loadSettings(db));
      const saved = await saveSettings(db, { serverUrl: m.serverUrl, token: m.token });
      if (before?.key !== (await accountOf(saved))?.key) await outbox.resetStatus();
      // New credentials: what waited for a token (or on the old server) is due now.
      await outbox.wakeAll();
      void syncFor(0);
      return settingsView(saved);
    },
    async "connection.test"(m) {
      const client = await api({ serverUrl: m.serverUrl ? normalizeServerUrl(m.serverUrl) : undefined, token: m.token || undefined });
      let server = null;
      try {
        const health = await client.health();
        server = { version: health.version, migrations: health.migrations };
        const me = await client.me();
        return { ok: true, server, member: { name: me.member.name, role: me.member.role, team: me.team.name }, error: null };
      } catch (err) {
        if (err instanceof ApiError) return { ok: false, server, member: null, error: err.toSyncError() };
        throw err;
      }
    },
    async "me.get"() {
      const client = await api();
      return cachedValue(db, "me", () => client.me(), now);
    },
    async "vocabulary.get"() {
      const client = await api();
      return cachedValue(db, "vocabulary", () => client.vocabulary(), now);
    },
    async "lead.seen"(m) {
      await leads.seen(m.lead);
      await syncFor(syncWaitMs);
      return leadView(m.lead);
    },
    async "lead.get"(m) {
      return leads.view(m.lead);
    },
    async "lead.answer"(m) {
      await leads.answer(m.lead, m.answers);
      await syncFor(syncWaitMs);
      return leadView(m.lead);
    },
    async "outcome.record"(m) {
      await leads.recordOutcome(m.lead, m.outcome);
      await syncFor(syncWaitMs);
      return leadView(m.lead);
    },
    async "outcome.prompted"(m) {
      await leads.prompted(m.lead);
      return leadView(m.lead);
    },
    async "sync.summary"() {
      return outbox.summary();
    },
    async "outbox.list"() {
      return { items: await outbox.list() };
    },
    async "outbox.flush"() {
      await outbox.wakeAll();
      await syncFor(syncWaitMs * 4);
      return outbox.summary();
    },
    async "outbox.retry"(m) {
      await outbox.retry(m.id);
      await syncFor(syncWaitMs);
      return outbox.summary();
    },
    async "outbox.discard"(m) {
      await outbox.discard(m.id);
      return outbox.summary();
    },
    async "scenarios.list"(m) {
      const client = await api();
      return cachedScenarioList(db, m.query, async () => (await client.scenarios(m.query)).scenarios, now);
    },
    async "scenario.get"(m) {
      const client = await api();
      return cachedScenario(db, m.id, () => client.scenario(m.id), now);
    },
    async "attempt.submit"(m) {
      const item = await outbox.enqueue({ kind: "attempt.create", body: m.attempt, label: "Practice answer" });
      await syncFor(scoreWaitMs);
      return attemptStatus(await outbox.get(item.id), item.id);
    },
    async "attempt.status"(m) {
      return attemptStatus(await outbox.get(m.id), m.id);
    },
    async "analytics.team"(m) {
      const client = await api();
      return cachedValue(db, `analytics:team:${m.query.from ?? ""}:${m.query.to ?? ""}`, () => client.teamAnalytics(m.query), now);
    },
    async "analytics.me"(m) {
      const client = await api();
      return cachedValue(db, `analytics:me:${m.query.from ?? ""}:${m.query.to ?? ""}`, () => client.myAnalytics(m.query), now);
    },
    async "sidepanel.open"(m, from) {
      // No await before this call: the click's user gesture must still be active.
      const opened = platform.openSidePanel({ tabId: from.tab?.id, windowId: from.tab?.windowId }, m.hash);
      platform.broadcast({ type: "sidepanel.navigate", hash: m.hash });
      return { opened: await opened };
    },
  };

  const deps: HandlerDeps = { db, api, outbox, leads, now, platform };
  const handlers: HandlerGroup = Object.assign({}, ...handlerGroups.map((group) => group(deps)), core);

  return {
    outbox,
    leads,
    handlers,
    sync,
    /** The network came back: everything waiting is due now. */
    async reconnect() {
      await outbox.wakeAll();
      await sync();
    },
    handle(raw: unknown, from: Sender): Promise<MessageEnvelope<MessageType>> {
      return dispatch(raw, from, handlers, platform.extensionOrigin);
    },
  };
}

export type BackgroundService = ReturnType<typeof createBackgroundService>;
