// Worker tests run inside workerd with a real D1: each test file gets a fresh database with all
// migrations applied (test/apply-migrations.ts).
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.jsonc" },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            // `DQ_NOW=2027-01-31T23:59:00Z npm test` pins the calendar day of the whole suite (test/pin-clock.ts).
            DQ_TEST_NOW: process.env.DQ_NOW ?? "",
            DQ_ADMIN_SECRET: "test-admin-secret",
            // Requests the API fuzz sends in total (test/fuzz.test.ts): the CI size here, ≥ 5,000 under `npm run fuzz`.
            DQ_FUZZ_RUNS: process.env.DQ_FUZZ_RUNS ?? "1300",
            // Test-only keys (32 bytes, base64): the current one and the one it rotated from.
            DQ_SECRETS_KEY: "dGVzdC1zZWNyZXRzLWtleS1jdXJyZW50LTMyLWJ5dGU=",
            DQ_SECRETS_KEY_PREVIOUS: "dGVzdC1zZWNyZXRzLWtleS1wcmV2aW91cy0zMmJ5dGU=",
          },
          // A small webhook limit so the limit itself can be tested (each test team stays under it).
          ratelimits: { WEBHOOK_RATE_LIMITER: { namespace_id: "1001", simple: { limit: 40, period: 60 } } },
        },
      }),
    ],
    test: {
      setupFiles: ["./test/apply-migrations.ts", "./test/pin-clock.ts"],
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    },
  };
});
