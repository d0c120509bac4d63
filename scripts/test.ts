// `npm test`: every check, in order — lint, types, worker tests in workerd, unit tests, build, e2e.
import path from "node:path";
import { bin, quietEnv, root, runOrThrow, workerBin } from "./lib/proc.ts";
import { ensureChromium } from "../tests/e2e/chromium.ts";

const steps: { name: string; run: () => void }[] = [
  { name: "lint (biome)", run: () => runOrThrow(bin("biome"), ["lint", "--error-on-warnings", "."]) },
  { name: "typecheck shared", run: () => runOrThrow(workerBin("tsc"), ["-p", "shared"]) },
  { name: "typecheck worker", run: () => runOrThrow(workerBin("tsc"), ["-p", "worker"]) },
  { name: "worker tests (workerd + D1)", run: () => runOrThrow(workerBin("vitest"), ["run"], { cwd: path.join(root, "worker") }) },
  {
    name: "typecheck extension",
    run: () => {
      runOrThrow(bin("wxt"), ["prepare"], { quiet: true }); // generates .wxt/tsconfig.json, which tsconfig.json extends
      runOrThrow(bin("tsc"), ["-p", "."]);
    },
  },
  { name: "unit tests (extension, shared, sandbox)", run: () => runOrThrow(bin("vitest"), ["run"]) },
  // With the Sandbox CRM, which the e2e tests drive (a release build leaves it out).
  { name: "build extension", run: () => runOrThrow(bin("wxt"), ["build"], { env: { ...quietEnv, DQ_SANDBOX_CRM: "1" } }) },
  {
    name: "e2e (Chromium + extension + wrangler dev)",
    run: () => {
      const chromium = ensureChromium();
      runOrThrow(bin("playwright"), ["test"], { env: { ...quietEnv, CHROMIUM_PATH: chromium, DQ_E2E_SKIP_BUILD: "1" } });
    },
  },
];

const only = process.argv.slice(2);
const started = Date.now();
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.includes(o))) continue;
  const t = Date.now();
  console.log(`\n━━ ${step.name}`);
  try {
    step.run();
  } catch (err) {
    console.error(`\n✗ ${step.name} failed: ${(err as Error).message}`);
    process.exit(1);
  }
  console.log(`✓ ${step.name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
