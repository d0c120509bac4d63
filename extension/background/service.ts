// The background's behaviour, without the browser: the outbox, the lead book, the settings and the
// message handlers over them. The entrypoint wires it to chrome.* through a `Platform`; tests drive
// it with fake-indexeddb, a fake fetch and a recording platform.
import type { MessageEnvelope, MessageType } from "@dq/shared";
import { DealQuestApi } from "./api.ts";
import type { BackgroundContext, Platform, Sender } from "./context.ts";
import type { DealQuestDb } from "./db.ts";
import { dispatch } from "./dispatch.ts";
import { allHandlers } from "./handlers/index.ts";
import { LeadBook } from "./leads.ts";
import { Outbox } from "./outbox.ts";
import { createSender } from "./senders.ts";
import { accountOf, loadSettings } from "./settings.ts";

export type { Platform } from "./context.ts";

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

  const api = async (override?: { serverUrl?: string; token?: string }) => {
    const s = await loadSettings(db);
    return new DealQuestApi({ baseUrl: override?.serverUrl ?? s.serverUrl, token: override?.token ?? s.token, fetch: opts.fetch });
  };

  const outbox: Outbox = new Outbox(db, (item) => send(item), { now, onChange: (s) => platform.publishSummary(s), account: async () => accountOf(await loadSettings(db)) });
  const leads = new LeadBook(db, outbox, now);
  const send = createSender({ api: () => api(), leads });

  /** Sends what is due, then schedules the next retry. */
  async function sync() {
    try {
      await outbox.flush();
    } finally {
      platform.scheduleRetry(await outbox.nextDueAt());
    }
  }

  const ctx: BackgroundContext = {
    db,
    api,
    outbox,
    leads,
    now,
    platform,
    async syncFor(ms) {
      const run = sync().catch((err) => console.warn("[Deal Quest] sync failed", err));
      await Promise.race([run, sleep(ms)]);
    },
    syncWaitMs: opts.syncWaitMs ?? 2500,
    scoreWaitMs: opts.scoreWaitMs ?? 20_000,
  };
  const handlers = allHandlers(ctx);

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
