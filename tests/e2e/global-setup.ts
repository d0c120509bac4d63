// Builds the extension the tests load (skipped when `npm test` has just built it).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { bin, quietEnv, root, runOrThrow } from "../../scripts/lib/proc.ts";

export default function globalSetup() {
  const manifest = path.join(root, ".output", "chrome-mv3", "manifest.json");
  // Reuse only a build that serves the Sandbox CRM (not a release build left in .output).
  if (process.env.DQ_E2E_SKIP_BUILD === "1" && existsSync(manifest) && readFileSync(manifest, "utf8").includes("127.0.0.1:8790")) return;
  // The tests drive the Sandbox CRM, which only a build with DQ_SANDBOX_CRM=1 serves.
  runOrThrow(bin("wxt"), ["build"], { quiet: true, env: { ...quietEnv, DQ_SANDBOX_CRM: "1" } });
}
