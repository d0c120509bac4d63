// Bindings and per-request variables of the worker.
import type { Db } from "./db/client.ts";
import type { AiRunner } from "./domain/llmJudge.ts";
import type { Principal } from "./http/auth.ts";
import type { IdempotencySlot } from "./http/idempotency.ts";

export interface Env {
  DB: D1Database;
  /** Admin secret for POST /v1/teams (a wrangler secret; `.dev.vars` locally). */
  DQ_ADMIN_SECRET?: string;
  /** Build/version label reported by /v1/health. */
  DQ_VERSION?: string;
  /** Key sealing CRM webhook credentials at rest: 32 random bytes, base64 (a wrangler secret). */
  DQ_SECRETS_KEY?: string;
  /** The key DQ_SECRETS_KEY replaced, during a rotation: still opens what it sealed. */
  DQ_SECRETS_KEY_PREVIOUS?: string;
  /**
   * Local runs and tests only: shifts the worker's clock by this many milliseconds, so the product can be run
   * on a pinned calendar day (see http/clock.ts). Never set in production.
   */
  DQ_CLOCK_OFFSET_MS?: string;
  /** Per-team limit on CRM webhook deliveries (Workers Rate Limiting binding). */
  WEBHOOK_RATE_LIMITER?: RateLimit;
  /** Per-client-IP limit on CRM webhook deliveries (http/rateLimit.ts; an in-memory stand-in when absent). */
  WEBHOOK_IP_RATE_LIMITER?: RateLimit;
  /** Per-client-IP limit on failed token checks (http/rateLimit.ts; an in-memory stand-in when absent). */
  AUTH_FAILURE_RATE_LIMITER?: RateLimit;
  /** The stand-in's webhook deliveries per IP and minute, when WEBHOOK_IP_RATE_LIMITER is absent (tests, local runs). */
  DQ_WEBHOOK_IP_LIMIT?: string;
  /** The stand-in's failed token checks per IP and minute, when AUTH_FAILURE_RATE_LIMITER is absent. */
  DQ_AUTH_FAILURE_LIMIT?: string;
  /** Workers AI, for the optional LLM judge of practice answers (domain/llmJudge.ts). */
  AI?: AiRunner;
  /** "on" scores practice answers with the LLM judge (needs AI); anything else keeps the rubric scorer. */
  DQ_LLM_JUDGE?: string;
  /** The Workers AI model the judge asks (default in domain/llmJudge.ts). */
  DQ_LLM_JUDGE_MODEL?: string;
}

export interface Vars {
  db: Db;
  principal: Principal;
  idempotency: IdempotencySlot | null;
  /** The request's "now" (one instant for the whole request), from the worker's clock (http/clock.ts). */
  now: Date;
}

export type AppEnv = { Bindings: Env; Variables: Vars };
