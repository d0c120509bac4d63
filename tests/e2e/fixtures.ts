// Playwright fixtures: a real local worker (wrangler dev, fresh migrated D1 in a temp dir) with a
// team and a rep created through the API, and a Chromium with the built extension loaded.
import { test as base, chromium, expect, type BrowserContext, type Page, type Worker } from "@playwright/test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, root } from "../../scripts/lib/proc.ts";
import { ensureDevVars, executeLocalSql, migrateLocal, queryLocal, startLocalWorker, type LocalWorker } from "../../scripts/lib/worker.ts";
import { sandboxResponse } from "../sandbox-crm/server.ts";
import { chromiumArgs, DEFAULT_CHROMIUM } from "./chromium.ts";

export const EXTENSION_DIR = process.env.DQ_E2E_EXTENSION_DIR ?? path.join(root, ".output", "chrome-mv3");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM;
const ADMIN = `e2e-admin-${Date.now()}`;
export const SANDBOX = "http://127.0.0.1:8790";

/** A published scenario owned by the test (the library may or may not be loaded). */
export const SCENARIO = {
  id: "sc_e2e_cfo_series_b",
  title: "E2E: CFO after a Series B",
  category: "cold_outreach",
  difficulty: "medium",
  persona: "executive",
} as const;

export interface LocalApi {
  url: string;
  rep: { id: string; token: string };
  /** The team's first manager (made with the team). */
  manager: { id: string; token: string };
  /** Calls the worker as the rep. */
  get<T = any>(pathname: string): Promise<T>;
  /** Calls the worker with any method and token (throws on a non-2xx answer). */
  call<T = any>(method: string, pathname: string, token: string, body?: unknown): Promise<T>;
  /** Runs SQL on the worker's local D1 (test setup the API does not offer, e.g. backdating). */
  sql(statements: string[]): void;
  /** Reads rows from the worker's local D1 (checks the API does not offer in one call, e.g. counting every outcome). */
  query<T = Record<string, unknown>>(sql: string): T[];
  stop(): Promise<void>;
  start(): Promise<void>;
}

function scenarioSql() {
  const rubric = [
    { id: "trigger", point: "Name the trigger event", weight: 3, phrases: ["series b", "funding round"], synonyms: ["raised", "new funding"], tip: "Mention their funding." },
    { id: "value", point: "Tie to a business outcome", weight: 2, phrases: ["reduce churn", "save time"], synonyms: ["cut costs"], tip: "Say what they gain." },
    { id: "ask", point: "Ask for a short call", weight: 2, phrases: ["15 minute call", "quick call"], synonyms: ["short chat"], tip: "Ask for a call." },
  ];
  const pitfalls = [
    { id: "generic_opener", move: "A generic opener", penalty: 1, phrases: ["hope this finds you well"], why: "A line that could go to anyone tells the CFO you did no homework." },
  ];
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `INSERT INTO scenarios (id, team_id, slug, source, status, title, category, difficulty, persona, industry, situation, buyer_line, ideal_response, rubric, pitfalls, created_at, updated_at)
    VALUES (${q(SCENARIO.id)}, NULL, 'e2e-cfo-series-b', 'library', 'published', ${q(SCENARIO.title)}, ${q(SCENARIO.category)}, ${q(SCENARIO.difficulty)}, ${q(SCENARIO.persona)}, NULL,
    ${q("Dana is CFO at a logistics startup that just raised a Series B and is hiring fast.")},
    ${q("We just raised and everyone is pitching me. Why should I talk to you?")},
    ${q("Congrats on the Series B. Teams that just raised often need to save time on reporting; we helped a peer reduce churn by 12%. Would a quick 15 minute call Thursday work?")},
    ${q(JSON.stringify(rubric))}, ${q(JSON.stringify(pitfalls))}, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`;
}

async function api(url: string, method: string, pathname: string, token: string, body?: unknown) {
  const res = await fetch(`${url}${pathname}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
  return JSON.parse(text);
}

export const test = base.extend<
  { context: BrowserContext; extensionId: string; serviceWorker: Worker; connect: () => Promise<void>; sandboxPage: Page },
  { local: LocalApi }
>({
  local: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructured first parameter.
    async ({}, use) => {
      ensureDevVars();
      const persistTo = mkdtempSync(path.join(os.tmpdir(), "dq-e2e-"));
      migrateLocal(persistTo);
      executeLocalSql(persistTo, [scenarioSql()], "e2e-scenario");
      const port = await freePort();
      let worker: LocalWorker | null = null;
      const start = async () => {
        worker = await startLocalWorker({ port, persistTo, vars: { DQ_ADMIN_SECRET: ADMIN }, log: (l) => process.env.DQ_E2E_DEBUG && console.log(`[worker] ${l}`) });
      };
      await start();
      try {
        const url = `http://127.0.0.1:${port}`;
        const team = await api(url, "POST", "/v1/teams", ADMIN, { name: `E2E ${Date.now()}`, manager: { name: "Morgan Manager", email: "morgan@e2e.example" } });
        const invited = await api(url, "POST", "/v1/team/members", team.token, { name: "Riley Rep", email: "riley@e2e.example", role: "rep" });
        const rep = { id: invited.member.id as string, token: invited.token as string };
        await use({
          url,
          rep,
          manager: { id: team.manager.id as string, token: team.token as string },
          get: (pathname) => api(url, "GET", pathname, rep.token),
          call: (method, pathname, token, body) => api(url, method, pathname, token, body),
          sql: (statements) => executeLocalSql(persistTo, statements, "e2e-sql"),
          query: (sql) => queryLocal(persistTo, sql),
          stop: async () => {
            await worker?.stop();
            worker = null;
          },
          start,
        });
      } finally {
        await (worker as LocalWorker | null)?.stop();
        rmSync(persistTo, { recursive: true, force: true });
      }
    },
    { scope: "worker", timeout: 240_000 },
  ],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from its destructured first parameter.
  context: async ({}, use) => {
    const userDataDir = mkdtempSync(path.join(os.tmpdir(), "dq-chromium-"));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: chromiumArgs(EXTENSION_DIR),
    });
    // The Sandbox CRM, served from its own files at its real address.
    await context.route(`${SANDBOX}/**`, async (route) => {
      const r = sandboxResponse(new URL(route.request().url()).pathname);
      if (r.status === 302) await route.fulfill({ status: 302, headers: { Location: r.body } });
      else await route.fulfill({ status: r.status, contentType: r.contentType, body: r.body });
    });
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  },

  serviceWorker: async ({ context }, use) => {
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    await use(sw);
  },

  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },

  /** Points the extension at the local worker with the rep's token, through the options page. */
  connect: async ({ context, extensionId, local }, use) => {
    await use(() => connectExtension(context, extensionId, local.url, local.rep.token));
  },

  sandboxPage: async ({ context }, use) => {
    const page = await context.newPage();
    await use(page);
  },
});

export { expect };

/** Points the extension at a worker with a member's token, through the options page (as a rep would). */
export async function connectExtension(context: BrowserContext, extensionId: string, serverUrl: string, token: string) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel("Server URL").fill(serverUrl);
  await page.getByLabel("Token").fill(token);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.close();
}

export function fixtureHtml(name: string) {
  return readFileSync(path.join(root, "tests", "fixtures", "crm", name), "utf8");
}

/** The lead the worker stored for a CRM record (through the API, as the rep). */
export async function storedLead(local: LocalApi, crm: string, externalId: string) {
  const list = await local.get<{ leads: Array<{ id: string }> }>(`/v1/leads?crm=${crm}&externalId=${encodeURIComponent(externalId)}`);
  const first = list.leads[0];
  if (!first) return null;
  return local.get<{ lead: any; outcomes: any[] }>(`/v1/leads/${first.id}`);
}
