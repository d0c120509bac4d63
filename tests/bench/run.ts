// `pnpm bench` / `npm run bench` (issue 11): a team of 50 reps and a manager at 1×, 10× and 100× history (10k/100k/1M
// practice attempts and 2k/20k/200k closed deals with outcomes over two years, plus 20k open leads), each seeded into
// its own fresh local D1 (tests/bench/seed-db.ts), served by `wrangler dev`, and every hot route loaded with autocannon
// on loopback next to a no-op route. Prints per route and size: req/s, p50/p95/p99, ratio to the no-op measured in the
// same run, D1 round trips, rows read and written per request (the worker's X-D1-* headers, from D1's result meta),
// and marks each missed target (tests/bench/targets.ts). Also written to tests/artifacts/bench.json.
// Options: --duration <s> per route (default 8), --connections <n> (default 10), --sizes 1,10,100.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultStrategies, defaultTactics } from "@dq/shared";
import autocannon from "autocannon";
import { quantileSorted } from "simple-statistics";
import { freePort, root } from "../../scripts/lib/proc.ts";
import { migrateLocal, startLocalWorker } from "../../scripts/lib/worker.ts";
import { loadLibrary } from "../../worker/scripts/load-library.ts";
import { benchManagerToken, benchSize, benchTables, benchToken } from "../../worker/seed/bench.ts";
import { libraryId } from "../../worker/seed/library.ts";
import { seedLocalD1 } from "./seed-db.ts";
import { type Measured, type RouteKind, missedTargets, TARGETS_TEXT } from "./targets.ts";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const duration = Number(arg("duration", "8"));
const connections = Number(arg("connections", "10"));
const factors = arg("sizes", "1,10,100").split(",").map(Number);

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const library = loadLibrary();
const scenarioIds = library.map((s) => libraryId(s.slug));
const scenario = scenarioIds[0]!;
const rep = benchToken(0);

interface Target {
  name: string;
  kind: RouteKind;
  method: "GET" | "POST" | "PUT";
  path: string;
  token: string;
  body?: string;
  /** Paths to cycle through (one per request), for writes that must not hit one row over and over. */
  paths?: string[];
}

// Rep 0 owns every 50th open lead (ld_bench_open_0, _50, …): the outcome route answers them in turn.
const repOpenLeads = Array.from({ length: 400 }, (_, i) => `/v1/leads/ld_bench_open_${i * 50}/outcomes`);
const targets: Target[] = [
  { name: "no-op (GET /v1/ping)", kind: "noop", method: "GET", path: "/v1/ping", token: rep },
  { name: "GET /v1/me", kind: "rep-read", method: "GET", path: "/v1/me", token: rep },
  { name: "GET /v1/me/weak-areas", kind: "rep-read", method: "GET", path: "/v1/me/weak-areas", token: rep },
  { name: "GET /v1/me/recommendations", kind: "rep-read", method: "GET", path: "/v1/me/recommendations", token: rep },
  { name: "GET /v1/me/nudges", kind: "rep-read", method: "GET", path: "/v1/me/nudges", token: rep },
  { name: "GET /v1/me/pending-outcomes", kind: "rep-read", method: "GET", path: "/v1/me/pending-outcomes", token: rep },
  { name: "GET /v1/scenarios", kind: "rep-read", method: "GET", path: "/v1/scenarios", token: rep },
  { name: "GET /v1/me/analytics", kind: "rep-read", method: "GET", path: "/v1/me/analytics", token: rep },
  { name: "GET /v1/team/analytics (90 d)", kind: "team-analytics", method: "GET", path: "/v1/team/analytics", token: benchManagerToken },
  {
    name: "PUT /v1/leads",
    kind: "write",
    method: "PUT",
    path: "/v1/leads",
    token: rep,
    body: JSON.stringify({ crm: "sandbox", externalId: "O0", name: "Lead 0", company: "Company 0", stage: "Qualified" }),
  },
  {
    name: "POST /v1/leads/:id/outcomes",
    kind: "write",
    method: "POST",
    path: repOpenLeads[0]!,
    paths: repOpenLeads,
    token: rep,
    body: JSON.stringify({ responded: true, meetingBooked: true, result: "won", strategy: defaultStrategies[0]!.id, tactics: [defaultTactics[0]!.id] }),
  },
  {
    name: "POST /v1/training/attempts",
    kind: "write",
    method: "POST",
    path: "/v1/training/attempts",
    token: rep,
    body: JSON.stringify({ scenarioId: scenario, response: library[0]!.idealResponse, durationSec: 120 }),
  },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function load(url: string, target: Target, size: string): Promise<Measured> {
  const headers = { Authorization: `Bearer ${target.token}`, "Content-Type": "application/json" };
  // Three requests first: what the route costs in D1 (the median of three; writes vary a little) and that it works.
  const probes: { trips: number; read: number; written: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${url}${target.paths?.[target.paths.length - 1 - i] ?? target.path}`, { method: target.method, headers, body: target.body });
    if (res.status >= 400) throw new Error(`${target.name}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    const h = (name: string) => Number(res.headers.get(name) ?? Number.NaN);
    probes.push({ trips: h("X-D1-Round-Trips"), read: h("X-D1-Rows-Read"), written: h("X-D1-Rows-Written") });
  }
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const instance = autocannon({
    url: `${url}${target.path}`,
    method: target.method,
    headers,
    body: target.body,
    connections,
    duration,
    ...(target.paths
      ? { requests: [{ method: target.method, body: target.body, headers, setupRequest: (req: { path: string }) => ({ ...req, path: target.paths![next++ % target.paths!.length]! }) }] }
      : {}),
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status >= 400) errors++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    route: target.name,
    kind: target.kind,
    size,
    rps: result.requests.average,
    p50: quantileSorted(latencies, 0.5),
    p95: quantileSorted(latencies, 0.95),
    p99: quantileSorted(latencies, 0.99),
    ratio: 0,
    roundTrips: median(probes.map((p) => p.trips)),
    rowsRead: median(probes.map((p) => p.read)),
    rowsWritten: median(probes.map((p) => p.written)),
    errors: errors + result.errors + result.non2xx,
  };
}

console.log(`› ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ${duration} s per route, ${connections} connections`);
let t = Date.now();
const template = mkdtempSync(path.join(os.tmpdir(), "dq-bench-migrated-"));
migrateLocal(template);
console.log(`› Migrated a fresh local D1 in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const rows: Measured[] = [];
const seeded: { size: string; seconds: number; rows: Record<string, number> }[] = [];
try {
  for (const factor of factors) {
    const size = benchSize(factor);
    const persistTo = mkdtempSync(path.join(os.tmpdir(), `dq-bench-${size.name}-`));
    try {
      cpSync(template, persistTo, { recursive: true });
      t = Date.now();
      const counts = seedLocalD1(persistTo, benchTables(size, { scenarioIds, now: new Date(), hash: sha256 }));
      const seconds = (Date.now() - t) / 1000;
      seeded.push({ size: size.name, seconds, rows: counts });
      console.log(`› ${size.name}: seeded ${counts.attempts} attempts, ${counts.outcomes} outcomes, ${counts.leads} leads in ${seconds.toFixed(1)} s`);
      const worker = await startLocalWorker({ port: await freePort(), persistTo });
      try {
        const group: Measured[] = [];
        for (const target of targets) {
          process.stdout.write(`  ${target.name.padEnd(32)} `);
          const row = await load(worker.url, target, size.name);
          row.ratio = row.rps / (group[0]?.rps ?? row.rps);
          group.push(row);
          console.log(`${row.rps.toFixed(0).padStart(6)} req/s  ${String(row.rowsRead).padStart(6)} rows read`);
        }
        rows.push(...group);
      } finally {
        await worker.stop();
      }
    } finally {
      rmSync(persistTo, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(template, { recursive: true, force: true });
}

const misses = missedTargets(rows);
const fmt = (n: number, w: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : "?").padStart(w);
console.log(`\nLoopback, ${connections} connections, ${duration} s per route, wrangler dev (workerd + local D1), ${os.cpus().length} cores`);
console.log(
  `${"route".padEnd(32)} ${"size".padStart(5)} ${"req/s".padStart(7)} ${"p50 ms".padStart(7)} ${"p95 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"vs no-op".padStart(8)} ${"trips".padStart(5)} ${"rows rd".padStart(8)} ${"rows wr".padStart(7)} ${"errors".padStart(6)}  targets`,
);
for (const r of rows) {
  const missed = misses.filter((m) => m.route === r.route && m.size === r.size);
  const mark = r.kind === "noop" ? "" : missed.length ? `✗ ${missed.map((m) => m.reason).join("; ")}` : "✓";
  console.log(
    `${r.route.padEnd(32)} ${r.size.padStart(5)} ${fmt(r.rps, 7, 0)} ${fmt(r.p50, 7)} ${fmt(r.p95, 7)} ${fmt(r.p99, 7)} ${fmt(r.ratio, 7, 2)}x ${fmt(r.roundTrips, 5, 0)} ${fmt(r.rowsRead, 8, 0)} ${fmt(r.rowsWritten, 7, 0)} ${String(r.errors).padStart(6)}  ${mark}`,
  );
}
console.log(`\nTargets: ${TARGETS_TEXT}`);
console.log(misses.length ? `${misses.length} missed (✗ above).` : "Every target met.");
const out = path.join(root, "tests", "artifacts");
mkdirSync(out, { recursive: true });
writeFileSync(
  path.join(out, "bench.json"),
  `${JSON.stringify({ at: new Date().toISOString(), cores: os.cpus().length, loadAverage: os.loadavg(), connections, duration, sizes: factors.map(benchSize), seeded, rows, misses }, null, 2)}\n`,
);
