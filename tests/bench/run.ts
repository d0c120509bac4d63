// `pnpm bench` / `npm run bench`: seeds a big team (50 reps, 10k leads, 100k attempts) into a fresh
// local D1, starts `wrangler dev`, and loads a no-op route and the hot routes with autocannon on
// loopback. Prints requests/s, p50/p95/p99 and each route's ratio to the no-op route.
// Options: --duration <s> (default 10), --connections <n> (default 10).
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { quantileSorted } from "simple-statistics";
import { freePort, root } from "../../scripts/lib/proc.ts";
import { executeLocalSql, migrateLocal, startLocalWorker } from "../../scripts/lib/worker.ts";
import { loadLibrary } from "../../worker/scripts/load-library.ts";
import { benchSeedSql, benchToken } from "../../worker/seed/bench.ts";
import { libraryId } from "../../worker/seed/library.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const duration = arg("duration", 10);
const connections = arg("connections", 10);
const SIZE = { reps: 50, leads: 10_000, attempts: 100_000 };

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const persistTo = mkdtempSync(path.join(os.tmpdir(), "dq-bench-"));
const library = loadLibrary();

console.log(`› Seeding ${SIZE.reps} reps, ${SIZE.leads} leads, ${SIZE.attempts} attempts into a fresh local D1`);
let t = Date.now();
migrateLocal(persistTo);
executeLocalSql(persistTo, benchSeedSql({ ...SIZE, scenarioIds: library.map((s) => libraryId(s.slug)), now: new Date(), hash: sha256 }), "bench-seed");
console.log(`  seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const port = await freePort();
const worker = await startLocalWorker({ port, persistTo });

interface Target {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: () => string;
}
const token = benchToken(0);
const scenario = libraryId(library[0]!.slug);
const targets: Target[] = [
  { name: "no-op (GET /v1/ping)", method: "GET", path: "/v1/ping" },
  { name: "GET /v1/me", method: "GET", path: "/v1/me" },
  { name: "GET /v1/scenarios", method: "GET", path: "/v1/scenarios" },
  {
    name: "POST /v1/training/attempts",
    method: "POST",
    path: "/v1/training/attempts",
    body: () => JSON.stringify({ scenarioId: scenario, response: library[0]!.idealResponse, durationSec: 120 }),
  },
];

interface Row {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  d1RoundTrips: string;
}

async function load(target: Target): Promise<Row> {
  const headers = { Authorization: `Bearer ${token}`, "Content-Type": "application/json" };
  // One request first: its Server-Timing says how many D1 round trips the route makes.
  const probe = await fetch(`${worker.url}${target.path}`, { method: target.method, headers, body: target.body?.() });
  const d1RoundTrips = /d1;[^,]*desc="(\d+) round trips/.exec(probe.headers.get("Server-Timing") ?? "")?.[1] ?? "?";
  if (probe.status >= 400) throw new Error(`${target.name}: ${probe.status} ${await probe.text()}`);
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url: `${worker.url}${target.path}`,
    method: target.method,
    headers,
    body: target.body?.(),
    connections,
    duration,
  });
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (status >= 400) errors++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    name: target.name,
    rps: result.requests.average,
    p50: quantileSorted(latencies, 0.5),
    p95: quantileSorted(latencies, 0.95),
    p99: quantileSorted(latencies, 0.99),
    errors: errors + result.errors + result.non2xx,
    d1RoundTrips,
  };
}

const rows: Row[] = [];
try {
  for (const target of targets) {
    process.stdout.write(`› ${target.name} for ${duration} s … `);
    t = Date.now();
    const row = await load(target);
    rows.push(row);
    console.log(`${row.rps.toFixed(0)} req/s`);
  }
} finally {
  await worker.stop();
  rmSync(persistTo, { recursive: true, force: true });
}

const base = rows[0]!.rps;
const fmt = (n: number, w: number, d = 1) => n.toFixed(d).padStart(w);
console.log(`\nLoopback, ${connections} connections, ${duration} s per route, wrangler dev (workerd + local D1), ${os.cpus().length} cores`);
console.log(`${"route".padEnd(30)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"vs no-op".padStart(9)} ${"D1 trips".padStart(9)} ${"errors".padStart(7)}`);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(30)} ${fmt(r.rps, 8, 0)} ${fmt(r.p50, 8)} ${fmt(r.p95, 8)} ${fmt(r.p99, 8)} ${fmt(r.rps / base, 8, 2)}x ${r.d1RoundTrips.padStart(9)} ${String(r.errors).padStart(7)}`,
  );
}
const out = path.join(root, "tests", "artifacts");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "bench.json"), JSON.stringify({ at: new Date().toISOString(), connections, duration, size: SIZE, rows }, null, 2));
