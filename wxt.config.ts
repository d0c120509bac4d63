// The Deal Quest browser extension (WXT, React). Sources live in extension/; `wxt build` writes
// .output/chrome-mv3. The worker URL defaults to the local `wrangler dev` and can be overridden at
// build time with DQ_SERVER_URL (and later in the options page).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { defineConfig } from "wxt";

/** The always-on CRM content script must stay small (it runs on every CRM page). */
const CRM_SCRIPT_BUDGET_GZ = 15 * 1024;

export default defineConfig({
  srcDir: "extension",
  publicDir: "extension/public",
  modules: ["@wxt-dev/module-react"],
  // Explicit imports everywhere: easier to read and to type-check without generated globals.
  imports: false,
  vite: () => ({
    define: {
      "import.meta.env.DQ_SERVER_URL": JSON.stringify(process.env.DQ_SERVER_URL ?? "http://127.0.0.1:8787"),
    },
  }),
  manifest: {
    name: "Deal Quest",
    version: "0.1.0",
    description: "Sales training that knows your real deals: log outcomes where you work, practise where you are weak.",
    permissions: ["storage", "alarms", "scripting", "sidePanel"],
    // The local worker (any port). CRM hosts are added by the content scripts' `matches`.
    host_permissions: ["http://127.0.0.1/*", "http://localhost/*"],
    // Granted on request in the options page: a self-hosted / deployed server URL.
    optional_host_permissions: ["https://*/*", "http://*/*"],
    action: { default_title: "Deal Quest" },
  },
  hooks: {
    "build:done": (wxt) => printBundleSizes(wxt.config.outDir),
  },
});

function printBundleSizes(outDir: string) {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(js|css)$/.test(name)) files.push(file);
    }
  };
  walk(outDir);
  const rows = files
    .map((file) => {
      const bytes = readFileSync(file);
      return { name: path.relative(outDir, file), raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.gz - a.gz);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log("\nBundle sizes (gzipped / raw):");
  for (const r of rows) console.log(`  ${kb(r.gz)} ${kb(r.raw)}  ${r.name}`);
  const crm = rows.find((r) => r.name === "content-scripts/crm.js");
  if (crm) {
    const ok = crm.gz <= CRM_SCRIPT_BUDGET_GZ;
    console.log(`  CRM page script: ${(crm.gz / 1024).toFixed(1)} KB gzipped (budget ${CRM_SCRIPT_BUDGET_GZ / 1024} KB) ${ok ? "✓" : "✗ over budget"}`);
    if (!ok) throw new Error("content-scripts/crm.js is over its size budget");
  }
}
