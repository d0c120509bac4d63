// The scheduled job that expires Idempotency-Key receipts: kept 30 days from the injected `now`,
// and a receipt that still holds a token (from before tokens were kept out) goes on the first run.
import { DAY_MS } from "@dq/shared";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { scheduledJobs } from "../src/jobs.ts";
import { IDEMPOTENCY_RETENTION_DAYS } from "../src/jobs/idempotency.ts";
import { call, createTeam, uniq } from "./helpers.ts";

async function receipt(scope: string, key: string) {
  return env.DB.prepare("SELECT key FROM idempotency WHERE scope = ? AND key = ?").bind(scope, key).first();
}

async function insertReceipt(scope: string, key: string, body: string, createdAt: Date) {
  await env.DB.prepare("INSERT INTO idempotency (scope, key, fingerprint, status, body, created_at) VALUES (?, ?, 'f', 201, ?, ?)")
    .bind(scope, key, body, createdAt.toISOString())
    .run();
}

describe("expire-idempotency job", () => {
  const job = scheduledJobs.find((j) => j.name === "expire-idempotency")!;

  it("is registered and deletes receipts older than the retention as of the injected now, keeping younger ones", async () => {
    expect(job).toBeDefined();
    expect(IDEMPOTENCY_RETENTION_DAYS).toBe(30);
    const now = new Date("2031-03-01T12:00:00.000Z");
    const scope = `test:${uniq()}`;
    await insertReceipt(scope, "old", "{}", new Date(now.getTime() - 30 * DAY_MS - 1000));
    await insertReceipt(scope, "young", "{}", new Date(now.getTime() - 30 * DAY_MS + 1000));
    await job.run(env, now);
    expect(await receipt(scope, "old")).toBeNull();
    expect(await receipt(scope, "young")).not.toBeNull();
    // A run "later" (the injected now, not the wall clock) expires the younger one too.
    await job.run(env, new Date(now.getTime() + 2000));
    expect(await receipt(scope, "young")).toBeNull();
  });

  it("deletes a receipt that holds a token whatever its age, and a replay after expiry is new work", async () => {
    const scope = `test:${uniq()}`;
    const now = new Date();
    await insertReceipt(scope, "leaky", JSON.stringify({ member: {}, token: "dq_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG" }), now);
    await insertReceipt(scope, "plain", JSON.stringify({ ok: true, note: "token" }), now);
    await job.run(env, now);
    expect(await receipt(scope, "leaky")).toBeNull();
    expect(await receipt(scope, "plain")).not.toBeNull();

    const team = await createTeam();
    const key = uniq("k");
    const lead = { crm: "sandbox", externalId: uniq("e"), name: "Lee" };
    await call("PUT", "/v1/leads", { token: team.rep.token, body: lead, idempotencyKey: key });
    const replay = await call("PUT", "/v1/leads", { token: team.rep.token, body: lead, idempotencyKey: key });
    expect(replay.headers.get("Idempotency-Replayed")).toBe("true");
    await job.run(env, new Date(Date.now() + 31 * DAY_MS));
    const after = await call("PUT", "/v1/leads", { token: team.rep.token, body: lead, idempotencyKey: key });
    expect(after.status).toBe(200);
    expect(after.headers.get("Idempotency-Replayed")).toBeNull();
  });
});
