// Builds the extension the tests load (skipped when `npm test` has just built it).
import { existsSync } from "node:fs";
import path from "node:path";
import { bin, root, runOrThrow } from "../../scripts/lib/proc.ts";

export default function globalSetup() {
  if (process.env.DQ_E2E_SKIP_BUILD === "1" && existsSync(path.join(root, ".output", "chrome-mv3", "manifest.json"))) return;
  runOrThrow(bin("wxt"), ["build"], { quiet: true });
}
