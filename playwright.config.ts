// End-to-end tests: the built extension in Debian's Chromium, against a real `wrangler dev` with a
// fresh local D1, on the Sandbox CRM and on fixture pages served at real CRM URLs.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  outputDir: "tests/artifacts/e2e",
  // One browser with the extension and one worker process at a time: the tests share the worker.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: { trace: process.env.DQ_E2E_TRACE ? "retain-on-failure" : "off", actionTimeout: 15_000 },
});
