// `npm start`: the whole product locally — the worker (wrangler dev, local D1, migrated and seeded
// with the demo team), and what to open. Ctrl-C stops everything cleanly.
import path from "node:path";
import { seedDemo } from "./lib/demo.ts";
import { freePort, root, type Service } from "./lib/proc.ts";
import { ensureDevVars, migrateLocal, startLocalWorker } from "./lib/worker.ts";
import { demoMembers } from "../worker/seed/demo.ts";

const reseed = process.argv.includes("--reseed");
const persistTo = path.join(root, "worker", ".wrangler", "state");
const services: Service[] = [];

async function shutdown(code = 0) {
  await Promise.all(services.map((s) => s.stop()));
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  const { adminSecret } = ensureDevVars();
  console.log("› Applying D1 migrations (local)");
  migrateLocal(persistTo);
  console.log(`› Demo data: ${seedDemo(persistTo, { reseed })}`);

  const wanted = Number(process.env.DQ_PORT ?? 8787);
  const port = await freePort(wanted);
  if (port !== wanted) console.warn(`! Port ${wanted} is busy; the worker uses ${port} instead (set it in the extension's options).`);
  console.log("› Starting the worker (wrangler dev)");
  // wrangler's attempts to reach Cloudflare (no network here) are noise, not errors of ours.
  const worker = await startLocalWorker({ port, persistTo, log: (l) => /error/i.test(l) && !/ENOTFOUND|Request\.cf/.test(l) && console.error(`[worker] ${l}`) });
  services.push(worker);

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

Press Ctrl-C to stop.`);
  await new Promise<never>(() => {});
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  await shutdown(1);
}
