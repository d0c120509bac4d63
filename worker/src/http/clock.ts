// The worker's clock. Every time-relative computation (days, streaks, stale leads, nudges, analytics periods,
// the scheduled jobs) reads "now" from here — per request as `c.var.now`, one instant for the whole request —
// never from `new Date()`, so the product can run on a pinned calendar day (the date-sweep tests, a demo
// recorded on a fixed day). In production nothing is set and the clock is the real one.
import type { Env } from "../env.ts";

/** How far the worker's clock is shifted from the real one: `DQ_CLOCK_OFFSET_MS`, else 0. */
export function clockOffsetMs(env: Pick<Env, "DQ_CLOCK_OFFSET_MS">): number {
  const offset = Number(env.DQ_CLOCK_OFFSET_MS ?? 0);
  return Number.isFinite(offset) ? offset : 0;
}

/** The worker's "now": the real time shifted by `DQ_CLOCK_OFFSET_MS` (local runs and tests only). */
export function clockOf(env: Pick<Env, "DQ_CLOCK_OFFSET_MS">): () => Date {
  const shift = clockOffsetMs(env);
  return () => new Date(Date.now() + shift);
}
