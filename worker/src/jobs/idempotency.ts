// Expires Idempotency-Key receipts. A receipt only has to outlive the client's retries: the
// extension's outbox retries an item until the worker acknowledges it, and a laptop can stay shut
// through a holiday, so receipts are kept 30 days — then a replay would do the work again, which
// no outbox item waits that long for. Receipts that still hold a token (written before tokens were
// kept out of receipts) are deleted on the first run, whatever their age.
import { DAY_MS } from "@dq/shared";
import { Db } from "../db/client.ts";
import { everyDatabase } from "../db/placement.ts";
import type { Env } from "../env.ts";
import type { ScheduledJob } from "../jobs.ts";

export const IDEMPOTENCY_RETENTION_DAYS = 30;

/** Deletes the receipts older than the retention as of `now`; returns how many went. */
export async function expireIdempotencyReceipts(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_DAYS * DAY_MS).toISOString();
  const result = await db.run(`DELETE FROM idempotency WHERE created_at < ? OR body LIKE '%"token":"dq\\_%' ESCAPE '\\'`, cutoff);
  return result.meta.changes ?? 0;
}

export const expireIdempotency: ScheduledJob = {
  name: "expire-idempotency",
  async run(env: Env, now: Date) {
    for (const d1 of everyDatabase(env)) await expireIdempotencyReceipts(new Db(d1), now);
  },
};
