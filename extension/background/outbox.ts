// The outbox: every mutation is written to IndexedDB first, with a client-made idempotency key,
// then sent — and re-sent with backoff until the worker acknowledges it. A client error (4xx other
// than 401, 408 and 429) moves the item to a visible failed list with the server's message; an
// item leaves only when the worker acknowledged it or the rep discards it from that list.
// Each item is tagged with the account (token) it was queued under and sent only with that token:
// after the rep switches token, the other account's items wait — counted, never listed or sent —
// until that token is back.
import type { OutboxItemView, OutboxKind, SyncError, SyncSummary, UpsertLeadRequest } from "@dq/shared";
import { ApiError, asApiError } from "./api.ts";
import type { DealQuestDb, OutboxItem } from "./db.ts";
import type { Account } from "./settings.ts";

/** Sends one item; resolves with the worker's answer, throws an ApiError (or anything) on failure. */
export type OutboxSender = (item: OutboxItem) => Promise<unknown>;

export type Verdict =
  /** Try again later (server trouble, timeouts, rate limits, our own bugs). */
  | "retry"
  /** The server is unreachable: try again later, and stop this round (everything would fail). */
  | "offline"
  /** Nothing is wrong with the item, but nothing can be sent until the rep fixes the token. */
  | "pause"
  /** The server refused this item for good: show it in the failed list with its message. */
  | "fail";

export function verdictFor(err: ApiError): Verdict {
  if (err.status === 0) {
    if (err.code === "no_token") return "pause";
    if (err.code === "network" || err.code === "timeout") return "offline";
    return "retry";
  }
  if (err.status === 401) return "pause";
  if (err.status === 408 || err.status === 429 || err.status >= 500) return "retry";
  if (err.status >= 400) return "fail";
  // A 2xx we could not read (e.g. a body that does not match the contract): the key makes resending safe.
  return "retry";
}

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/** Exponential backoff with ±20 % jitter: 5 s, 10 s, 20 s … capped at 5 min. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

/** Acknowledged items are kept this long (the popup shows recent activity), then pruned. */
export const SENT_RETENTION_MS = 7 * 24 * 3600_000;

export interface EnqueueInput {
  kind: OutboxKind;
  body: unknown;
  label: string;
  leadKey?: string | null;
  lead?: UpsertLeadRequest | null;
  /** Defaults to a fresh UUID. */
  id?: string;
  /** Send only after this item (by id) was acknowledged; fail with it if it fails. */
  after?: string;
  /** The resource the request addresses when the body does not name it. */
  target?: string;
}

interface SyncMeta {
  lastSyncAt: string | null;
  lastError: SyncError | null;
  paused: SyncSummary["paused"];
}

const META_KEY = "outbox:meta";

export interface OutboxOptions {
  now?: () => number;
  random?: () => number;
  /** Called after every change with the new summary (the background mirrors it for live UIs). */
  onChange?: (summary: SyncSummary) => void;
  /** Who is signed in now (null: no token); items are tagged with it and sent only under it. */
  account?: () => Promise<Account | null>;
}

/**
 * Is this item the current account's to see and send? A tagged item is only its account's (signed
 * out, nobody's); an untagged one (queued with no token, or before tagging) is whoever sends next.
 */
function belongsTo(item: OutboxItem, account: Account | null): boolean {
  return !item.account || item.account === account?.key;
}

export class Outbox {
  private running: Promise<void> | null = null;
  private again = false;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(
    private readonly db: DealQuestDb,
    private readonly send: OutboxSender,
    private readonly opts: OutboxOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
  }

  /** Writes the mutation to IndexedDB (before anything else happens) and returns it. */
  async enqueue(input: EnqueueInput): Promise<OutboxItem> {
    const account = await this.account();
    const item: OutboxItem = {
      id: input.id ?? crypto.randomUUID(),
      kind: input.kind,
      body: typeof input.body === "string" ? input.body : JSON.stringify(input.body),
      leadKey: input.leadKey ?? null,
      lead: input.lead ?? null,
      label: input.label,
      state: "waiting",
      attempts: 0,
      createdAt: new Date(this.now()).toISOString(),
      nextAttemptAt: this.now(),
      lastError: null,
      sentAt: null,
      result: null,
      ...(input.after ? { after: input.after } : {}),
      ...(input.target ? { target: input.target } : {}),
      account: account?.key ?? null,
      server: account?.serverUrl ?? null,
    };
    await this.db.outbox.add(item);
    await this.changed();
    return item;
  }

  get(id: string) {
    return this.db.outbox.where("id").equals(id).first();
  }

  private account(): Promise<Account | null> {
    return this.opts.account ? this.opts.account() : Promise.resolve(null);
  }

  /** The current account's items in `state` (and untagged ones). */
  private async mine(state: OutboxItem["state"], account: Account | null) {
    return (await this.db.outbox.where("state").equals(state).toArray()).filter((i) => belongsTo(i, account));
  }

  /**
   * Sends every due item, oldest first. Concurrent calls share one run (a call made during a run
   * makes it go round once more, so new items are included).
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.round();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async round() {
    const meta = await this.meta();
    const account = await this.account();
    let stop: SyncSummary["paused"] | null = null;
    let lastError: SyncError | null = null;
    let sentAny = false;
    for (let pass = 0; pass < 10 && !stop; pass++) {
      const due = await this.db.outbox
        .where("state")
        .equals("waiting")
        .filter((i) => i.nextAttemptAt <= this.now() && belongsTo(i, account))
        .sortBy("seq");
      if (due.length === 0) break;
      let reconnected = false;
      for (const item of due) {
        const current = await this.db.outbox.get(item.seq!);
        if (current?.state !== "waiting") continue; // discarded or handled meanwhile
        // The rep switched account during this round: the rest waits for its own token.
        const signedIn = await this.account();
        if (signedIn?.key !== account?.key || !belongsTo(current, signedIn)) break;
        if (await this.heldBack(current)) continue;
        // An untagged item is sent under this account from now on (its retries too).
        if (!current.account && account) {
          current.account = account.key;
          current.server = account.serverUrl;
          await this.db.outbox.update(current.seq!, { account: account.key, server: account.serverUrl });
        }
        try {
          const result = await this.send(current);
          await this.db.outbox.update(current.seq!, {
            state: "sent",
            attempts: current.attempts + 1,
            sentAt: new Date(this.now()).toISOString(),
            lastError: null,
            result: result ?? null,
          });
          if (!sentAny && (meta.paused !== "none" || (await this.hasNetworkFailures()))) reconnected = true;
          sentAny = true;
        } catch (thrown) {
          const err = asApiError(thrown);
          const verdict = verdictFor(err);
          lastError = err.toSyncError();
          if (verdict === "fail") {
            await this.db.outbox.update(current.seq!, { state: "failed", attempts: current.attempts + 1, lastError });
          } else if (verdict === "pause") {
            await this.db.outbox.update(current.seq!, { lastError });
            stop = err.code === "no_token" ? "no_token" : "unauthorized";
            break;
          } else {
            const wait = Math.max(backoffMs(current.attempts + 1, this.random), err.retryAfterMs ?? 0);
            await this.db.outbox.update(current.seq!, { attempts: current.attempts + 1, nextAttemptAt: this.now() + wait, lastError });
            if (verdict === "offline") {
              stop = "offline";
              break;
            }
          }
        }
      }
      // The server answered again after being unreachable: retry what waited on the network now.
      if (reconnected && !stop) {
        await this.retryNetworkFailuresNow();
        continue;
      }
      break;
    }
    const next: SyncMeta = {
      lastSyncAt: sentAny ? new Date(this.now()).toISOString() : meta.lastSyncAt,
      paused: stop ?? (sentAny ? "none" : meta.paused),
      lastError: stop ? lastError : (lastError ?? (sentAny ? null : meta.lastError)),
    };
    await this.db.kv.put({ key: META_KEY, value: next });
    await this.prune();
    await this.changed();
  }

  /**
   * An item that follows another (`after`) waits until that one is acknowledged: it is due again
   * with it, and fails with it (retrying that one retries this too). A followed item that is gone
   * (pruned after it was sent, or discarded) holds nothing back: the worker then decides.
   */
  private async heldBack(item: OutboxItem): Promise<boolean> {
    if (!item.after) return false;
    const first = await this.get(item.after);
    if (!first || first.state === "sent") return false;
    if (first.state === "failed") {
      const lastError: SyncError = { status: 0, code: "blocked", message: `Waits for “${first.label}”, which failed to sync.` };
      await this.db.outbox.update(item.seq!, { state: "failed", lastError });
    } else {
      await this.db.outbox.update(item.seq!, { nextAttemptAt: Math.max(first.nextAttemptAt, this.now()) });
    }
    return true;
  }

  private async hasNetworkFailures() {
    return (await this.db.outbox.where("state").equals("waiting").filter((i) => i.lastError?.status === 0).count()) > 0;
  }

  /**
   * The current account's items (and untagged ones), oldest first: what the UI may overlay on
   * server data. Another account's items are never shown to whoever is signed in now.
   */
  async own(): Promise<OutboxItem[]> {
    const account = await this.account();
    return (await this.db.outbox.orderBy("seq").toArray()).filter((i) => belongsTo(i, account));
  }

  /** The current account's item by id, or undefined (another account's items are not the rep's to touch). */
  private async ownItem(id: string) {
    const item = await this.get(id);
    return item && belongsTo(item, await this.account()) ? item : undefined;
  }

  private async retryNetworkFailuresNow() {
    const now = this.now();
    await this.db.outbox
      .where("state")
      .equals("waiting")
      .filter((i) => i.lastError?.status === 0 && i.nextAttemptAt > now)
      .modify({ nextAttemptAt: now });
  }

  /** Moves a failed item back to the queue (after the rep fixed what the server complained about). */
  async retry(id: string) {
    const item = await this.ownItem(id);
    if (!item) return;
    if (item.state !== "sent") await this.db.outbox.update(item.seq!, { state: "waiting", nextAttemptAt: this.now() });
    // What failed only because it follows this item goes back to the queue with it.
    await this.db.outbox
      .where("state")
      .equals("failed")
      .filter((i) => i.after === id)
      .modify({ state: "waiting", nextAttemptAt: this.now() });
    await this.changed();
  }

  /** Removes an item the rep chose to discard from the failed list. Waiting items cannot be discarded. */
  async discard(id: string) {
    const item = await this.ownItem(id);
    if (item?.state === "failed") await this.db.outbox.delete(item.seq!);
    await this.changed();
  }

  /** Forgets the last sync's status (its error may name the previous account's leads): a new account starts clean. */
  async resetStatus() {
    await this.db.kv.delete(META_KEY);
    await this.changed();
  }

  /** Makes every waiting item due now (the browser came back online, the rep pressed "Sync now"). */
  async wakeAll() {
    await this.db.outbox.where("state").equals("waiting").modify({ nextAttemptAt: this.now() });
  }

  /** Epoch ms of the next due retry, or null when nothing waits. */
  async nextDueAt(): Promise<number | null> {
    const waiting = await this.mine("waiting", await this.account());
    return waiting.length ? Math.min(...waiting.map((i) => i.nextAttemptAt)) : null;
  }

  async summary(): Promise<SyncSummary> {
    const account = await this.account();
    const open = await this.db.outbox.where("state").anyOf("waiting", "failed").toArray();
    const own = open.filter((i) => belongsTo(i, account));
    const others = open.filter((i) => !belongsTo(i, account));
    const waiting = own.filter((i) => i.state === "waiting").length;
    const failed = own.length - waiting;
    const meta = await this.meta();
    return {
      waiting,
      failed,
      paused: waiting > 0 ? meta.paused : "none",
      lastSyncAt: meta.lastSyncAt,
      lastError: waiting > 0 || failed > 0 ? meta.lastError : null,
      otherAccounts: { items: others.length, servers: [...new Set(others.map((i) => i.server ?? ""))].filter(Boolean).sort() },
    };
  }

  /** Waiting and failed items, oldest first, then the most recent acknowledged ones. */
  async list(recentSent = 10): Promise<OutboxItemView[]> {
    const account = await this.account();
    const all = (await this.db.outbox.orderBy("seq").toArray()).filter((i) => belongsTo(i, account));
    const open = all.filter((i) => i.state !== "sent");
    const sent = all.filter((i) => i.state === "sent").slice(-recentSent).reverse();
    return [...open, ...sent].map(toView);
  }

  private async meta(): Promise<SyncMeta> {
    const row = await this.db.kv.get(META_KEY);
    return (row?.value as SyncMeta | undefined) ?? { lastSyncAt: null, lastError: null, paused: "none" };
  }

  private async prune() {
    const cutoff = new Date(this.now() - SENT_RETENTION_MS).toISOString();
    await this.db.outbox
      .where("state")
      .equals("sent")
      .filter((i) => (i.sentAt ?? "") < cutoff)
      .delete();
  }

  private async changed() {
    if (this.opts.onChange) this.opts.onChange(await this.summary());
  }
}

export function toView(i: OutboxItem): OutboxItemView {
  return {
    id: i.id,
    kind: i.kind,
    label: i.label,
    state: i.state,
    attempts: i.attempts,
    createdAt: i.createdAt,
    nextAttemptAt: i.state === "waiting" ? new Date(i.nextAttemptAt).toISOString() : null,
    lastError: i.lastError,
  };
}

export { ApiError };
