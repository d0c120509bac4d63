// The manager dashboard (dashboard.html) in the built extension, against a real `wrangler dev` seeded with
// the demo team (`npm start`'s data): every chart draws, the figures are the API's, tables export as CSV,
// the period picker refetches — and a rep is refused (403) with a page that says why.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import type { TeamAnalytics } from "@dq/shared";
import { seedDemo } from "../../scripts/lib/demo.ts";
import { freePort, root } from "../../scripts/lib/proc.ts";
import { ensureDevVars, migrateLocal, startLocalWorker, type LocalWorker } from "../../scripts/lib/worker.ts";
import { demoMembers } from "../../worker/seed/demo.ts";
import { connectExtension, expect, test } from "./fixtures.ts";

const manager = demoMembers.find((m) => m.role === "manager")!;
const rep = demoMembers.find((m) => m.role === "rep")!;
const ARTIFACTS = path.join(root, "tests", "artifacts");

let worker: LocalWorker;
let persistTo: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureDevVars();
  persistTo = mkdtempSync(path.join(os.tmpdir(), "dq-e2e-dashboard-"));
  migrateLocal(persistTo);
  seedDemo(persistTo);
  worker = await startLocalWorker({ port: await freePort(), persistTo, log: (l) => process.env.DQ_E2E_DEBUG && console.log(`[worker] ${l}`) });
});

test.afterAll(async () => {
  await worker?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

const connect = (context: BrowserContext, extensionId: string, token: string) => connectExtension(context, extensionId, worker.url, token);

async function teamAnalytics(query: string): Promise<TeamAnalytics> {
  const res = await fetch(`${worker.url}/v1/team/analytics?${query}`, { headers: { Authorization: `Bearer ${manager.token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as TeamAnalytics;
}

test("a manager sees every chart drawn from the demo data, exports a table and changes the period", async ({ context, extensionId }, testInfo) => {
  await connect(context, extensionId, manager.token);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`chrome-extension://${extensionId}/dashboard.html`);

  // The north star is the API's, for the period the page shows (the last 90 days by default).
  await expect(page.getByTestId("north-star-value")).toBeVisible();
  const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  const from = hash.get("from") ?? (await page.getByTestId("period-from").inputValue());
  const to = hash.get("to") ?? (await page.getByTestId("period-to").inputValue());
  const api = await teamAnalytics(`from=${from}&to=${to}`);
  await expect(page.getByTestId("north-star-value")).toContainText(api.team.northStar.dealsPerTrainingHour!.toFixed(2));
  await expect(page.getByTestId("north-star-value")).toContainText(`${api.team.northStar.dealsClosed} won`);

  // Every chart draws its marks.
  const northStar = page.getByTestId("chart-north-star");
  await expect(northStar.locator(".recharts-line-curve")).toHaveCount(1);
  expect(await northStar.locator(".recharts-bar-rectangle").count()).toBeGreaterThan(8);
  await expect(page.getByTestId("chart-funnel").locator(".recharts-bar-rectangle")).toHaveCount(4);
  const effectiveness = page.getByTestId("chart-effectiveness");
  await expect(effectiveness.locator(".recharts-bar-rectangle")).toHaveCount(api.team.effectiveness.strategies.length);
  await expect(effectiveness.locator(".recharts-errorBar")).toHaveCount(api.team.effectiveness.strategies.length);
  const engagement = page.getByTestId("chart-engagement");
  await expect(engagement.locator(".recharts-scatter-symbol")).toHaveCount(api.team.acrossReps.n);
  await expect(engagement).toContainText(`ρ = ${api.team.acrossReps.rho!.toFixed(2)} · n = ${api.team.acrossReps.n}`);
  const measured = api.team.lift.filter((l) => l.difference !== null).length;
  expect(measured).toBeGreaterThan(0);
  await expect(page.getByTestId("chart-lift").locator(".recharts-bar-rectangle")).toHaveCount(measured);
  await expect(page.getByTestId("chart-lift").locator(".recharts-errorBar")).toHaveCount(measured);
  await expect(page.getByTestId("table-reps").locator("tbody tr")).toHaveCount(12);

  // Tactics instead of strategies: the same chart redraws with the tactic rows.
  await effectiveness.getByRole("button", { name: "Tactics" }).click();
  await expect(effectiveness.locator(".recharts-bar-rectangle")).toHaveCount(api.team.effectiveness.tactics.length);
  await effectiveness.getByRole("button", { name: "Strategies" }).click();

  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = path.join(ARTIFACTS, "dashboard.png");
  await page.screenshot({ path: shot, fullPage: true });
  await testInfo.attach("dashboard", { path: shot, contentType: "image/png" });

  // CSV export of the per-rep table: a header and one line per rep, numbers as the API has them.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv-reps").click()]);
  expect(download.suggestedFilename()).toBe(`deal-quest-reps-${from}_${to}.csv`);
  const csv = readFileSync((await download.path())!, "utf8").trim().split(/\r?\n/);
  expect(csv[0]).toMatch(/^Rep,Training h,Attempts,Outcomes,Won,Won \/ training hour,Response,/);
  expect(csv).toHaveLength(13);
  const first = api.reps[0]!;
  expect(csv.find((line) => line.startsWith(`${first.member.name},`))).toContain(`,${first.northStar.attempts},${first.northStar.outcomes},${first.northStar.dealsClosed},`);

  // The period picker: 30 days refetches and the URL keeps the period.
  await page.getByRole("button", { name: "30 days" }).click();
  await expect(page).toHaveURL(/#from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
  const short = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  const shortApi = await teamAnalytics(`from=${short.get("from")}&to=${short.get("to")}`);
  expect(shortApi.period.days).toBe(30);
  await expect(page.getByTestId("north-star-value")).toContainText(`${shortApi.team.northStar.dealsClosed} won`);
  await expect(page.getByTestId("chart-north-star").locator(".recharts-line-curve")).toHaveCount(1);
});

test("a rep cannot read team analytics: the API answers 403 and the dashboard says why", async ({ context, extensionId }) => {
  const res = await fetch(`${worker.url}/v1/team/analytics`, { headers: { Authorization: `Bearer ${rep.token}` } });
  expect(res.status).toBe(403);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("forbidden");

  await connect(context, extensionId, rep.token);
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await expect(page.getByTestId("analytics-error")).toContainText("This dashboard is for managers");
  await expect(page.getByTestId("chart-north-star")).toHaveCount(0);
});
