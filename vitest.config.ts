// Unit tests for the extension, the Sandbox CRM and shared/ (in Node; DOM tests opt into happy-dom
// with a `@vitest-environment happy-dom` comment). The worker's tests run in workerd from worker/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["extension/**/*.test.{ts,tsx}", "shared/**/*.test.ts", "tests/sandbox-crm/**/*.test.ts"],
    exclude: ["**/node_modules/**", "worker/**", "tests/e2e/**"],
    environment: "node",
    setupFiles: ["tests/pin-clock.ts"],
  },
});
