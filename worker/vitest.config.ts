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
          bindings: { TEST_MIGRATIONS: migrations, DQ_ADMIN_SECRET: "test-admin-secret" },
        },
      }),
    ],
    test: {
      setupFiles: ["./test/apply-migrations.ts"],
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    },
  };
});
