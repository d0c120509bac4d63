// Finds the Chromium the end-to-end tests drive; installs Debian's package when it is missing and
// this process may (root + apt-get). Playwright's own browser download stays off.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export function ensureChromium(log: (line: string) => void = console.log): string {
  const wanted = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
  if (existsSync(wanted)) return wanted;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" }).status === 0;
  if (!isRoot || !hasApt) {
    throw new Error(
      `Chromium not found at ${wanted}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH; ` +
        `the end-to-end tests need it. Run the other checks with: npm test -- typecheck unit worker`,
    );
  }
  log("› Installing Chromium from Debian's packages (apt-get install chromium)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "chromium"]]) {
    const res = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (res.status !== 0) throw new Error(`apt-get ${args.join(" ")} failed (exit ${res.status})`);
  }
  if (!existsSync(wanted)) throw new Error(`apt-get installed chromium, but ${wanted} does not exist; set CHROMIUM_PATH`);
  return wanted;
}

/** The flags every Deal Quest browser runs with: quiet and headless-friendly, with the built extension at `extensionDir` (or none). */
export function chromiumArgs(extensionDir: string | null): string[] {
  return [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : ["--disable-extensions"]),
  ];
}
