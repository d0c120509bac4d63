import { exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("reports health with the migration level", async () => {
  const res = await exports.default.fetch("http://dq.test/v1/health");
  expect(res.status).toBe(200);
  const body = await res.json<{ status: string; migrations: { applied: number } }>();
  expect(body.status).toBe("ok");
  expect(body.migrations.applied).toBeGreaterThan(0);
  expect(res.headers.get("Server-Timing")).toMatch(/d1;.*desc="1 round trips, \d+ rows read, 0 written"/);
});
