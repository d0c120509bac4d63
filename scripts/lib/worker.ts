// The local worker: `wrangler dev` (workerd + SQLite-backed D1) with migrations applied and,
// optionally, the demo data seeded. Used by `npm start`, the end-to-end tests and the benchmarks.
import { copyFileSync, existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { quietEnv, root, runOrThrow, startService, waitForHttp, workerBin, type Service } from "./proc.ts";

export const workerDir = path.join(root, "worker");

/** Creates worker/.dev.vars from the committed example on first run, with a random admin secret. */
export function ensureDevVars(): { adminSecret: string } {
  const file = path.join(workerDir, ".dev.vars");
  if (!existsSync(file)) {
    copyFileSync(path.join(workerDir, ".dev.vars.example"), file);
    const text = readFileSync(file, "utf8").replace(/^DQ_ADMIN_SECRET=.*$/m, `DQ_ADMIN_SECRET=dq_admin_${randomBytes(18).toString("base64url")}`);
    writeFileSync(file, text);
  }
  // The CRM secrets key: generated in place of the example's placeholder, or added to an older .dev.vars.
  const vars = readFileSync(file, "utf8");
  const secretsKey = `DQ_SECRETS_KEY=${randomBytes(32).toString("base64")}`;
  if (/^DQ_SECRETS_KEY=replace-me[ \t]*$/m.test(vars)) writeFileSync(file, vars.replace(/^DQ_SECRETS_KEY=replace-me[ \t]*$/m, secretsKey));
  else if (!/^DQ_SECRETS_KEY=/m.test(vars)) writeFileSync(file, `${vars.replace(/\n?$/, "\n")}${secretsKey}\n`);
  const match = /^DQ_ADMIN_SECRET=(.*)$/m.exec(readFileSync(file, "utf8"));
  return { adminSecret: match?.[1]?.trim() ?? "" };
}

/** Applies pending migrations to the local D1 under `persistTo`. */
export function migrateLocal(persistTo: string) {
  runOrThrow(workerBin("wrangler"), ["d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], { cwd: workerDir, quiet: true });
}

/** Runs SQL statements against the local D1 (through a temp file; wrangler runs them in one go). */
export function executeLocalSql(persistTo: string, statements: string[], label = "sql") {
  const dir = path.join(persistTo, "tmp");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${label}-${process.pid}.sql`);
  writeFileSync(file, statements.map((s) => `${s.trim().replace(/;$/, "")};`).join("\n"));
  runOrThrow(workerBin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--file", file, "--yes"], { cwd: workerDir, quiet: true });
}

/** Reads rows from the local D1 with wrangler (for small checks, not hot paths). */
export function queryLocal<T>(persistTo: string, sql: string): T[] {
  const out = runOrThrow(workerBin("wrangler"), ["d1", "execute", "DB", "--local", "--persist-to", persistTo, "--command", sql, "--json"], { cwd: workerDir, quiet: true });
  const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[];
  return parsed[0]?.results ?? [];
}

export interface LocalWorker extends Service {
  url: string;
}

/**
 * Starts `wrangler dev` on 127.0.0.1:`port` and waits until /v1/health answers. With `now`, the worker's clock
 * reads `now` at start and runs on from there (DQ_CLOCK_OFFSET_MS; see worker/src/http/clock.ts).
 */
export async function startLocalWorker(opts: { port: number; persistTo: string; now?: Date; vars?: Record<string, string>; log?: (line: string) => void }): Promise<LocalWorker> {
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(opts.port), "--persist-to", opts.persistTo, "--show-interactive-dev-session=false"];
  const vars = { ...(opts.now ? { DQ_CLOCK_OFFSET_MS: String(opts.now.getTime() - Date.now()) } : {}), ...opts.vars };
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const svc = startService("worker", workerBin("wrangler"), args, { cwd: workerDir, env: quietEnv, log: opts.log });
  let alive = true;
  svc.child.on("exit", () => (alive = false));
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitForHttp(`${url}/v1/health`, 90_000, () => alive);
  } catch (err) {
    await svc.stop();
    throw err;
  }
  return { ...svc, url };
}
