// The Deal Quest browser extension (WXT, React). Sources live in extension/; `wxt build` writes
// .output/chrome-mv3. The worker URL defaults to the local `wrangler dev` and can be overridden at
// build time with DQ_SERVER_URL (and later in the options page). The Sandbox CRM is served only by
// builds with DQ_SANDBOX_CRM=1 (`npm start`, `npm test`): a plain `wxt build` / `wxt zip` leaves it out.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { defineConfig } from "wxt";
import { isSandboxPattern, manifestPatterns, sandboxCrmEnabled, withoutSandboxCrm } from "./extension/crm/sandbox-build.ts";

/** The always-on CRM content script must stay small (it runs on every CRM page). */
const CRM_SCRIPT_BUDGET_GZ = 15 * 1024;
/** The lead UI loads with CRM record pages: no zod (the background validates), Preact for React. */
const LEAD_UI_BUDGET_GZ = 60 * 1024;

/** The lead UI's React code runs on Preact's compat layer: the same components at a tenth of React DOM's size. */
const PREACT_FOR_REACT = [
  { find: /^react$/, replacement: "preact/compat" },
  { find: /^react\/jsx-(dev-)?runtime$/, replacement: "preact/jsx-runtime" },
  { find: /^react-dom$/, replacement: "preact/compat" },
  { find: /^react-dom\/client$/, replacement: "preact/compat/client" },
];

const sandboxCrm = sandboxCrmEnabled(process.env);

export default defineConfig({
  srcDir: "extension",
  publicDir: "extension/public",
  modules: ["@wxt-dev/module-react"],
  // Explicit imports everywhere: easier to read and to type-check without generated globals.
  imports: false,
  vite: () => ({
    define: {
      "import.meta.env.DQ_SERVER_URL": JSON.stringify(process.env.DQ_SERVER_URL ?? "http://127.0.0.1:8787"),
      "import.meta.env.DQ_SANDBOX_CRM": JSON.stringify(sandboxCrm ? "1" : "0"),
    },
  }),
  manifest: {
    name: "Deal Quest",
    version: "0.1.0",
    description: "Sales training that knows your real deals: log outcomes where you work, practise where you are weak.",
    permissions: ["storage", "alarms", "scripting", "sidePanel"],
    // The local worker (any port). CRM hosts are added from the content scripts' `matches` (hook below).
    host_permissions: ["http://127.0.0.1/*", "http://localhost/*"],
    // Granted on request in the options page: a self-hosted / deployed server URL.
    optional_host_permissions: ["https://*/*", "http://*/*"],
    action: { default_title: "Deal Quest" },
  },
  hooks: {
    "build:manifestGenerated": (_wxt, manifest) => {
      // The background injects the lead UI (scripting.executeScript) when the rep navigates to a record
      // on a CRM's other pages: that needs host permission for the CRMs' hosts, which WXT adds only for
      // scripts registered at runtime. The CRM script's host-wide patterns are those hosts.
      const hosts = (manifest.content_scripts ?? []).flatMap((cs) => cs.matches ?? []).filter((p) => /^[^:]+:\/\/[^/]+\/\*$/.test(p));
      manifest.host_permissions = [...new Set([...(manifest.host_permissions ?? []), ...hosts])];
      if (!sandboxCrm) withoutSandboxCrm(manifest);
    },
    "vite:build:extendConfig": (entrypoints, config) => {
      if (!entrypoints.some((e) => e.name === "lead-ui")) return;
      const alias = config.resolve?.alias ?? {};
      const current = Array.isArray(alias) ? alias : Object.entries(alias).map(([find, replacement]) => ({ find, replacement }));
      config.resolve = { ...config.resolve, alias: [...PREACT_FOR_REACT, ...current] };
    },
    "build:done": (wxt) => {
      printBundleSizes(wxt.config.outDir);
      checkSandboxCrm(wxt.config.outDir);
    },
  },
});

/** A build without DQ_SANDBOX_CRM=1 (a release) must not match the Sandbox CRM's pages. */
function checkSandboxCrm(outDir: string) {
  if (sandboxCrm) return;
  const manifest = JSON.parse(readFileSync(path.join(outDir, "manifest.json"), "utf8"));
  const leaked = manifestPatterns(manifest).filter(isSandboxPattern);
  if (leaked.length) throw new Error(`the release manifest still matches the Sandbox CRM: ${leaked.join(", ")}`);
  console.log("  Sandbox CRM: left out (build with DQ_SANDBOX_CRM=1 for npm start and the e2e tests)");
}

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
  const budgets = [
    { name: "content-scripts/crm.js", label: "CRM page script", gz: CRM_SCRIPT_BUDGET_GZ },
    { name: "content-scripts/lead-ui.js", label: "Lead UI script", gz: LEAD_UI_BUDGET_GZ },
  ];
  const over: string[] = [];
  for (const budget of budgets) {
    const row = rows.find((r) => r.name === budget.name);
    if (!row) continue;
    const ok = row.gz <= budget.gz;
    console.log(`  ${budget.label}: ${(row.gz / 1024).toFixed(1)} KB gzipped (budget ${budget.gz / 1024} KB) ${ok ? "✓" : "✗ over budget"}`);
    if (!ok) over.push(budget.name);
  }
  if (over.length) throw new Error(`${over.join(", ")} over the size budget`);
}
