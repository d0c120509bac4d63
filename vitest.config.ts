// Unit tests for the extension, the Sandbox CRM and shared/ (in Node; DOM tests opt into happy-dom
// with a `@vitest-environment happy-dom` comment). The worker's tests run in workerd from worker/.
// The on-page UI's tests run twice: on React, and on Preact, which the lead UI script ships with.
import { defineConfig } from "vitest/config";

const pageUi = ["extension/components/page/**/*.test.tsx"];

export default defineConfig({
  test: {
    exclude: ["**/node_modules/**", "worker/**", "tests/e2e/**"],
    environment: "node",
    setupFiles: ["tests/pin-clock.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["extension/**/*.test.{ts,tsx}", "shared/**/*.test.ts", "tests/sandbox-crm/**/*.test.ts"] } },
      {
        extends: true,
        test: { name: "page-ui-on-preact", include: pageUi },
        resolve: {
          alias: [
            { find: /^react$/, replacement: new URL("./tests/preact/react.ts", import.meta.url).pathname },
            { find: /^react\/jsx-(dev-)?runtime$/, replacement: "preact/jsx-runtime" },
            { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
          ],
        },
      },
    ],
  },
});
