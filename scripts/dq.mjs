#!/usr/bin/env node
// The two README commands land here: `npm start` and `npm test` (and `npm run bench`, `npm run bench:panel`, `npm run fuzz`).
// Runs on any Node ≥ 18: it fetches the pinned pnpm into .tools/, installs the workspace (which
// brings Node 22 as a dev dependency), then hands over to a pnpm script that runs on that Node 22.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PNPM_VERSION = "12.21.0";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const tools = path.join(root, ".tools");
const pnpmBin = path.join(tools, "node_modules", ".bin", process.platform === "win32" ? "pnpm.cmd" : "pnpm");

const env = {
  ...process.env,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  npm_config_update_notifier: "false",
};

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: "inherit", cwd: root, env, ...opts });
  if (res.error) throw res.error;
  return res.status ?? 1;
}

const tasks = { start: "dq:start", test: "dq:test", bench: "dq:bench", "bench:scorer": "dq:bench:scorer", "bench:panel": "dq:bench:panel", fuzz: "dq:fuzz" };
const task = process.argv[2];
if (!(task in tasks)) {
  console.error(`usage: node scripts/dq.mjs ${Object.keys(tasks).join("|")}`);
  process.exit(2);
}

if (!existsSync(pnpmBin)) {
  console.log(`› Installing pnpm ${PNPM_VERSION} into .tools/ (once)`);
  const status = run("npm", ["install", "--prefix", tools, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", `pnpm@${PNPM_VERSION}`]);
  if (status !== 0) process.exit(status);
}

console.log("› Installing dependencies (pnpm install --frozen-lockfile)");
let status = run(pnpmBin, ["install", "--frozen-lockfile"]);
if (status !== 0) process.exit(status);

status = run(pnpmBin, ["run", "--silent", tasks[task], ...process.argv.slice(3)]);
// `npm run bench` also measures the lead panel in Chromium (tests/bench/panel.ts; alone: `npm run bench:panel`).
if (status === 0 && task === "bench") status = run(pnpmBin, ["run", "--silent", "dq:bench:panel"]);
process.exit(status);
