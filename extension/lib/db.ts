// The extension's own IndexedDB (in the extension's origin: only the background and extension
// pages open it, never a content script). Schema versions are numbered and never edited once
// shipped; a new version is a new `version(n)` block with its upgrade and a test.
import { Dexie, type EntityTable } from "dexie";
import type { LeadAnswers, LeadStatus, OutboxKind, OutboxState, Result, Scenario, ScenarioSummary, SyncError, UpsertLeadRequest } from "@dq/shared";

/** One mutation waiting for (or acknowledged by) the worker. `id` is its Idempotency-Key. */
export interface OutboxItem {
  /** Insertion order: items are sent oldest first. */
  seq?: number;
  id: string;
  kind: OutboxKind;
  /** The request body exactly as sent (a retry must send the same bytes for the same key). */
  body: string;
  /** `${crm}:${externalId}` for items about a lead. */
  leadKey: string | null;
  /** For an outcome: the lead as seen, to create it on the worker first if it never got there. */
  lead: UpsertLeadRequest | null;
  label: string;
  state: OutboxState;
  attempts: number;
  createdAt: string;
  /** Epoch ms; due when ≤ now (waiting items only). */
  nextAttemptAt: number;
  lastError: SyncError | null;
  sentAt: string | null;
  /** The worker's answer, kept for the UI (e.g. an attempt's score). */
  result: unknown;
  /** The id of an item that must reach the worker first (a scenario draft follows its outcome). */
  after?: string | null;
  /** The resource the request addresses when the body does not name it (e.g. a nudge id). */
  target?: string | null;
}

/** A lead as this browser knows it: what the page showed, what the rep added, what the worker said. */
export interface LocalLead {
  key: string;
  crm: UpsertLeadRequest["crm"];
  externalId: string;
  /** The latest reading of the record page. */
  seen: UpsertLeadRequest;
  /** Fields the rep typed in because the page did not show them. */
  answers: LeadAnswers;
  serverId: string | null;
  serverStatus: LeadStatus | null;
  /** The last upsert body queued, to skip identical ones. */
  lastQueued: string | null;
  syncedAt: string | null;
  outcome: { result: Result; recordedAt: string; outboxId: string } | null;
  autoPrompts: number;
  updatedAt: string;
}

export interface KeyValue {
  key: string;
  value: unknown;
}

export interface CachedScenario {
  id: string;
  summary: ScenarioSummary;
  detail: Scenario | null;
  cachedAt: string;
}

export interface CachedValue {
  key: string;
  value: unknown;
  cachedAt: string;
}

export type DealQuestDb = Dexie & {
  outbox: EntityTable<OutboxItem, "seq">;
  leads: EntityTable<LocalLead, "key">;
  kv: EntityTable<KeyValue, "key">;
  scenarios: EntityTable<CachedScenario, "id">;
  cache: EntityTable<CachedValue, "key">;
};

export const DB_NAME = "deal-quest";

export function openDb(name = DB_NAME, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }): DealQuestDb {
  const db = new Dexie(name, deps) as DealQuestDb;
  db.version(1).stores({
    outbox: "++seq, &id, state, nextAttemptAt, leadKey",
    leads: "&key, serverId",
    kv: "&key",
    scenarios: "&id, summary.category, summary.difficulty",
    cache: "&key",
  });
  return db;
}
