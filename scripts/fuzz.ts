// `npm run fuzz`: the attack and failure suites at their full counts (npm test runs them smaller) — the API fuzz
// (≥ 5,000 mutated requests over every operation of the OpenAPI document), the isolation matrix, and the outbox
// faults in real Chromium with a 1,000-outcome backlog — then one summary: requests sent, 5xx, bad error shapes,
// isolation violations and outbox losses, which must all be 0 (a violation or a loss fails its suite).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ensureChromium } from "../tests/e2e/chromium.ts";
import { bin, quietEnv, root, runOrThrow, workerBin } from "./lib/proc.ts";

function run(name: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv }) {
  console.log(`\n━━ ${name}`);
  const r = spawnSync(cmd, args, { cwd: opts.cwd ?? root, env: { ...process.env, ...opts.env }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
  process.stdout.write(`${out.split("\n").filter((l) => /API fuzz:|isolation matrix:|outbox drain:|✓|✘|×|passed|failed|Tests /.test(l)).join("\n")}\n`);
  return { ok: r.status === 0, out };
}

const fuzz = run("API fuzz + isolation matrix (workerd + D1)", workerBin("vitest"), ["run", "test/fuzz.test.ts", "test/isolation.test.ts"], {
  cwd: path.join(root, "worker"),
  env: { DQ_FUZZ_RUNS: process.env.DQ_FUZZ_RUNS ?? "5200" },
});
runOrThrow(bin("wxt"), ["build"], { env: { ...quietEnv, DQ_SANDBOX_CRM: "1" }, quiet: true });
const faults = run("outbox faults in Chromium (1,000 queued outcomes)", bin("playwright"), ["test", "tests/e2e/outbox-faults.spec.ts"], {
  env: { ...quietEnv, CHROMIUM_PATH: ensureChromium(), DQ_E2E_SKIP_BUILD: "1", DQ_FAULT_SCALE: process.env.DQ_FAULT_SCALE ?? "full" },
});

const line = /API fuzz: (\d+) operations, (\d+) requests sent \((\d+) × 2xx\), (\d+) × 5xx, (\d+) bad error shapes/.exec(fuzz.out);
const drain = /outbox drain: .*/.exec(faults.out)?.[0];
console.log("\n━━ summary");
console.log(`requests sent: ${line?.[2] ?? "?"} over ${line?.[1] ?? "?"} operations · 5xx: ${line?.[4] ?? "?"} · bad error shapes: ${line?.[5] ?? "?"}`);
console.log(`isolation violations: ${fuzz.ok ? 0 : "see the failures above"}`);
console.log(`outbox losses: ${faults.ok ? 0 : "see the failures above"}${drain ? ` · ${drain}` : ""}`);
if (!fuzz.ok || !faults.ok || !line || line[4] !== "0" || line[5] !== "0") process.exit(1);
