// Bindings and per-request variables of the worker.
import type { Db } from "./db/client.ts";
import type { Principal } from "./http/auth.ts";
import type { IdempotencySlot } from "./http/idempotency.ts";

export interface Env {
  DB: D1Database;
  /** Admin secret for POST /v1/teams (a wrangler secret; `.dev.vars` locally). */
  DQ_ADMIN_SECRET?: string;
  /** Build/version label reported by /v1/health. */
  DQ_VERSION?: string;
}

export interface Vars {
  db: Db;
  principal: Principal;
  idempotency: IdempotencySlot | null;
}

export type AppEnv = { Bindings: Env; Variables: Vars };
