// Child processes for the local run, tests and benchmarks: each long-running one in its own process
// group (wrangler ignores SIGTERM to its top process only), killed as a group.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..", "..");
export const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
export const workerBin = (name: string) => path.join(root, "worker", "node_modules", ".bin", name);

export const quietEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_HIDE_BANNER: "true",
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
  CI: process.env.CI ?? "1",
};

/** Runs a command to completion, inheriting stdio; throws on a non-zero exit. */
export function runOrThrow(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {}) {
  const res = spawnSync(cmd, args, {
    cwd: opts.cwd ?? root,
    env: opts.env ?? quietEnv,
    stdio: opts.quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
  });
  if (res.error) throw res.error;
  if (res.status !== 0) {
    if (opts.quiet) process.stderr.write(`${res.stdout ?? ""}${res.stderr ?? ""}`);
    throw new Error(`${path.basename(cmd)} ${args.join(" ")} exited with ${res.status}`);
  }
  return res.stdout ?? "";
}

export interface Service {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a long-running process in its own group; `stop` kills the whole group. */
export function startService(name: string, cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {}): Service {
  const child = spawn(cmd, args, { cwd: opts.cwd ?? root, env: opts.env ?? quietEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const log = opts.log ?? (() => {});
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buf += chunk;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) log(line);
    });
  }
  let exited = false;
  child.on("exit", () => (exited = true));
  return {
    name,
    child,
    async stop() {
      if (exited || child.pid === undefined) return;
      const group = -child.pid;
      try {
        process.kill(group, "SIGTERM");
      } catch {
        return;
      }
      for (let i = 0; i < 30 && !exited; i++) await sleep(100);
      if (!exited) {
        try {
          process.kill(group, "SIGKILL");
        } catch {
          // already gone
        }
      }
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `url` answers 2xx; fails after `timeoutMs` or when `alive()` turns false. */
export async function waitForHttp(url: string, timeoutMs: number, alive: () => boolean = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`process for ${url} exited before it was ready`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** `preferred` if free, else a free port the OS picks. */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}
