// What every message handler works with: the background's parts, one way to sync, and the types
// of the message boundary. Imports only types, so handlers, the dispatch and the service all stand
// on it without importing each other.
import type { MessageFailure, MessageOf, MessageResult, MessageType, PageBroadcast, SyncSummary } from "@dq/shared";
import type { DealQuestApi } from "./api.ts";
import type { DealQuestDb } from "./db.ts";
import type { LeadBook } from "./leads.ts";
import type { Outbox } from "./outbox.ts";

/** What the background needs from the browser (platform.ts is the chrome.* one; tests record calls). */
export interface Platform {
  /** `chrome-extension://<id>/`: where the extension's own pages live; its host is the extension's id. */
  extensionOrigin: string;
  /** Injects the lead UI script into a tab's frame. */
  injectUi(tabId: number, frameId: number): Promise<void>;
  /** Opens the side panel at `hash`; must start opening synchronously (user gesture). */
  openSidePanel(target: { tabId?: number; windowId?: number }, hash: string): Promise<boolean>;
  broadcast(message: PageBroadcast): void;
  /** Mirrors the sync summary where content scripts can watch it (no secrets in it). */
  publishSummary(summary: SyncSummary): void;
  /** Mirrors the switched-off CRM features where record pages read them before their first paint (tests may leave it out). */
  publishFeaturesOff?(off: ReadonlyArray<{ crm: string; feature: string }>): void;
  /** Wakes the background at `at` (epoch ms) to retry, or cancels the wake-up. */
  scheduleRetry(at: number | null): void;
}

/** Who sent a message, as chrome.runtime.onMessage tells it. */
export interface Sender {
  /** The sending extension's id. */
  id?: string;
  /** The sending frame's URL (a CRM page for content scripts, chrome-extension://… for pages). */
  url?: string;
  tab?: { id?: number; windowId?: number; url?: string };
  frameId?: number;
}

export interface BackgroundContext {
  db: DealQuestDb;
  /** A client for the configured server and token (read fresh on every call), or for an override. */
  api(override?: { serverUrl?: string; token?: string }): Promise<DealQuestApi>;
  outbox: Outbox;
  leads: LeadBook;
  now: () => number;
  platform: Platform;
  /** Starts sending what is due and waits for it at most `ms` (the answer then shows the local state). */
  syncFor(ms: number): Promise<void>;
  /** How long a request waits for the outbox before answering with the local state. */
  syncWaitMs: number;
  /** How long a practice answer waits for its score before the UI says "queued". */
  scoreWaitMs: number;
}

export type Handler<T extends MessageType> = (message: MessageOf<T>, sender: Sender) => Promise<MessageResult<T>> | MessageResult<T>;
/** One handler per message: exhaustive, so a message without a handler fails type-checking. */
export type Handlers = { [T in MessageType]: Handler<T> };

/** A refusal with a code the page can act on. */
export class DispatchError extends Error {
  constructor(readonly failure: MessageFailure) {
    super(failure.message);
  }
}
