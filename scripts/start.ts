// `npm start`: the whole product locally — the worker (wrangler dev, local D1, migrated and seeded
// with the demo team), and what to open. Ctrl-C stops everything cleanly.
import path from "node:path";
import { pinnedNow } from "./lib/clock.ts";
import { seedDemo } from "./lib/demo.ts";
import { bin, freePort, isPortFree, quietEnv, root, runOrThrow, type Service } from "./lib/proc.ts";
import { ensureDevVars, migrateLocal, startLocalWorker } from "./lib/worker.ts";
import { demoMembers } from "../worker/seed/demo.ts";
import { SANDBOX_PORT, startSandbox } from "../tests/sandbox-crm/server.ts";

const reseed = process.argv.includes("--reseed");
const persistTo = path.join(root, "worker", ".wrangler", "state");
const services: Service[] = [];
const closers: Array<() => Promise<void>> = [];

async function shutdown(code = 0) {
  await Promise.all([...services.map((s) => s.stop()), ...closers.map((close) => close())]);
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  const { adminSecret } = ensureDevVars();
  console.log("› Applying D1 migrations (local)");
  migrateLocal(persistTo);
  // DQ_NOW pins the demo's calendar day (the seed and the worker's clock); by default it is today.
  const now = pinnedNow();
  if (now) console.log(`› Running as of ${now.toISOString()} (DQ_NOW); pass --reseed when changing it`);
  console.log(`› Demo data: ${seedDemo(persistTo, { reseed, now: now ?? undefined })}`);

  const wanted = Number(process.env.DQ_PORT ?? 8787);
  const port = await freePort(wanted);
  if (port !== wanted) console.warn(`! Port ${wanted} is busy; the worker uses ${port} instead (set it in the extension's options).`);
  console.log("› Starting the worker (wrangler dev)");
  // wrangler's attempts to reach Cloudflare (no network here) are noise, not errors of ours.
  const worker = await startLocalWorker({ port, persistTo, now: now ?? undefined, log: (l) => /error/i.test(l) && !/ENOTFOUND|Request\.cf/.test(l) && console.error(`[worker] ${l}`) });
  services.push(worker);
  // Run the 6-hourly jobs once so the demo has today's nudges, stale leads and casebook drafts.
  const scheduled = await fetch(`${worker.url}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent("0 */6 * * *")}`);
  if (!scheduled.ok) console.warn(`! The scheduled jobs did not run (${scheduled.status}); nudges appear after the next run.`);

  console.log(`› Building the extension into .output/chrome-mv3 (server ${worker.url})`);
  runOrThrow(bin("wxt"), ["build"], { env: { ...quietEnv, DQ_SERVER_URL: worker.url, DQ_SANDBOX_CRM: "1" } });
  // The extension's content scripts match the Sandbox CRM on this exact port.
  let sandboxUrl: string | null = null;
  if (await isPortFree(SANDBOX_PORT)) {
    const sandbox = await startSandbox(SANDBOX_PORT);
    closers.push(sandbox.close);
    sandboxUrl = `${sandbox.url}/leads`;
  } else {
    console.warn(`! Port ${SANDBOX_PORT} is busy: the Sandbox CRM is not started (is another \`npm start\` running?).`);
  }

  const manager = demoMembers.find((m) => m.role === "manager")!;
  const reps = demoMembers.filter((m) => m.role === "rep");
  const shown = reps.slice(0, 3);
  console.log(`
Deal Quest is running.

  API            ${worker.url}/v1/health
  API reference  ${worker.url}/v1/docs
  Admin secret   ${adminSecret}   (POST /v1/teams; stored in worker/.dev.vars)

  Demo tokens (team "Northwind Sales (demo)"):
    manager  ${manager.name.padEnd(12)} ${manager.token}
${shown.map((r) => `    rep      ${r.name.padEnd(12)} ${r.token}`).join("\n")}${reps.length > shown.length ? `\n    … and ${reps.length - shown.length} more reps (dq_demo_rep_<first name>)` : ""}

  Try it:
    curl -s ${worker.url}/v1/me -H "Authorization: Bearer ${reps[0]!.token}"

  The extension (Chrome / Chromium / Edge):
    1. Open chrome://extensions, turn on Developer mode, "Load unpacked" → ${path.join(root, ".output", "chrome-mv3")}
    2. In Deal Quest's options (opens on the extension's "Details" → "Extension options"),
       paste the rep token ${reps[0]!.token} (server ${worker.url} is filled in) and press "Test connection".
    3. Open the Sandbox CRM: ${sandboxUrl ?? "(not running)"} — pick a lead, set its stage to Closed Won.
    4. As a manager (token ${manager.token}), the popup's "Team dashboard" shows deals closed per training hour.

Press Ctrl-C to stop.`);
  await new Promise<never>(() => {});
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  await shutdown(1);
}
