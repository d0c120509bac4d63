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
  /**
   * Whose work it is (`Account.key`, a digest of the token it was queued under): sent only with that
   * token. Null or absent (queued with no token, or before version 2) belongs to the next account that sends.
   */
  account?: string | null;
  /** The server that account was on, to say where waiting items belong. */
  server?: string | null;
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
  /** The worker said a teammate owns this lead (a rep viewing a colleague's deal): its readings are not sent. */
  notMine?: boolean;
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

/** Every schema version, oldest first. One that shipped is never edited: the next is added. */
const SCHEMA: [version: number, stores: Record<string, string>][] = [
  [
    1,
    {
      outbox: "++seq, &id, state, nextAttemptAt, leadKey",
      leads: "&key, serverId",
      kv: "&key",
      scenarios: "&id, summary.category, summary.difficulty",
      cache: "&key",
    },
  ],
  // Version 2: outbox items are tagged with the account that queued them (`OutboxItem.account`).
  // No upgrade function: an untagged item belongs to the next account that sends.
  [2, { outbox: "++seq, &id, state, nextAttemptAt, leadKey, account" }],
];

export const DB_VERSION = SCHEMA[SCHEMA.length - 1]![0];

/** Opens the database at the latest version (`upTo` opens an older one, for upgrade tests). */
export function openDb(name = DB_NAME, deps?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange }, upTo = DB_VERSION): DealQuestDb {
  const db = new Dexie(name, deps) as DealQuestDb;
  for (const [version, stores] of SCHEMA) if (version <= upTo) db.version(version).stores(stores);
  return db;
}
