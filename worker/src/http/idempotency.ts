// Idempotency-Key support for every mutation: the first response is stored with a fingerprint of
// the request; a replay with the same key returns it unchanged and does no work; the same key with a
// different request is a 409. Routes put the record into their own write batch (`commit`), so the
// work and its receipt land in one transaction; a concurrent duplicate loses on the primary key and
// is answered from the winner's receipt. A response that carries a secret (a member's token) is
// never stored: its route stores a receipt without it (`commit`'s `receipt`), so a replay says the
// work was done and the secret was shown once. The scheduled job `expire-idempotency` deletes
// receipts after their retention (jobs/idempotency.ts).
import type { Context, Next } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Db, Param } from "../db/client.ts";
import type { AppEnv } from "../env.ts";
import { sha256Hex } from "./crypto.ts";
import { ApiException, conflict } from "./errors.ts";

export interface IdempotencySlot {
  scope: string;
  key: string;
  fingerprint: string;
  saved: boolean;
  /** The statement that records this response; `commit` runs it first in the write batch. */
  record(status: number, body: unknown): D1PreparedStatement;
}

export interface StoredResponse {
  fingerprint: string;
  status: number;
  body: string;
}

export interface IdempotencyRequest {
  key: string;
  fingerprint: string;
}

const MUTATIONS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const KEY = /^[\x21-\x7e]{1,200}$/;

/** The request's key and fingerprint, or null when it is not a keyed mutation. */
export async function readIdempotencyKey(c: Context<AppEnv>): Promise<IdempotencyRequest | null> {
  if (!MUTATIONS.has(c.req.method)) return null;
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return null;
  if (!KEY.test(key)) {
    throw new ApiException(400, "bad_request", "Idempotency-Key must be 1–200 visible ASCII characters (a UUID is ideal).");
  }
  const body = await c.req.text();
  const fingerprint = await sha256Hex(`${c.req.method} ${new URL(c.req.url).pathname}\n${body}`);
  return { key, fingerprint };
}

/** The lookup of a stored response; `scopeSql` may be a sub-select resolved in the same query. */
export function lookupStatement(db: Db, scopeSql: string, scopeParams: Param[], key: string): D1PreparedStatement {
  return db.stmt(`SELECT fingerprint, status, body FROM idempotency WHERE scope = ${scopeSql} AND key = ?`, ...scopeParams, key);
}

export function readStored(result: D1Result): StoredResponse | null {
  return (result.results[0] as StoredResponse | undefined) ?? null;
}

function replay(stored: StoredResponse): Response {
  return new Response(stored.body, {
    status: stored.status,
    headers: { "Content-Type": "application/json", "Idempotency-Replayed": "true" },
  });
}

class IdempotencyRace extends Error {}

/**
 * Runs the rest of the request under an idempotency key: answers a replay from the store,
 * otherwise exposes a slot to the route and stores the response if the route did not.
 */
export async function runIdempotent(
  c: Context<AppEnv>,
  next: Next,
  request: IdempotencyRequest,
  scope: string,
  stored: StoredResponse | null,
): Promise<Response | undefined> {
  const db = c.var.db;
  if (stored) {
    if (stored.fingerprint !== request.fingerprint) {
      throw conflict("This Idempotency-Key was already used for a different request. Use a new key for new work.");
    }
    return replay(stored);
  }
  const slot: IdempotencySlot = {
    scope,
    key: request.key,
    fingerprint: request.fingerprint,
    saved: false,
    record(status, body) {
      slot.saved = true;
      return db.stmt(
        "INSERT INTO idempotency (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        scope,
        request.key,
        request.fingerprint,
        status,
        JSON.stringify(body),
        c.var.now.toISOString(),
      );
    },
  };
  c.set("idempotency", slot);
  await next();
  if (c.error instanceof IdempotencyRace) {
    const winner = await db.first<StoredResponse>(
      "SELECT fingerprint, status, body FROM idempotency WHERE scope = ? AND key = ?",
      scope,
      request.key,
    );
    if (winner) c.res = replay(winner);
    return;
  }
  const status = c.res.status;
  // Store client errors too (a replay of a bad request is the same bad request), never 5xx or 429.
  if (!slot.saved && status < 500 && status !== 429 && status !== 401) {
    const body = await c.res.clone().text();
    await db.run(
      "INSERT OR IGNORE INTO idempotency (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
      scope,
      request.key,
      request.fingerprint,
      status,
      body,
      c.var.now.toISOString(),
    );
  }
}

/** What a replay answers instead of the first response, when that response must not be stored. */
export interface Receipt {
  status: number;
  body: unknown;
}

/**
 * Runs a route's writes in one batch (one round trip, one transaction), with the idempotency
 * receipt first when the request carries a key, and answers with `body`. `receipt` replaces the
 * stored response when `body` holds a secret that must never be written down (a token).
 */
export async function commit<T>(
  c: Context<AppEnv>,
  writes: D1PreparedStatement[],
  body: T,
  status: ContentfulStatusCode = 200,
  receipt?: Receipt,
): Promise<T> {
  const slot = c.get("idempotency");
  const stored = receipt ?? { status, body };
  const statements = slot ? [slot.record(stored.status, stored.body), ...writes] : writes;
  try {
    await c.var.db.batch(statements);
  } catch (err) {
    if (slot && /UNIQUE constraint failed: idempotency/i.test(String(err))) throw new IdempotencyRace("duplicate in flight");
    throw err;
  }
  return body;
}

export function isIdempotencyRace(err: unknown): boolean {
  return err instanceof IdempotencyRace;
}
