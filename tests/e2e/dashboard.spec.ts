// The manager dashboard (dashboard.html) in the built extension, against a real `wrangler dev` seeded with
// the demo team (`npm start`'s data): every chart draws, the figures are the API's, tables export as CSV,
// the period picker refetches — and a rep is refused (403) with a page that says why.
// The demo data is placed relative to "now", so what the page shows moves with the calendar: every expectation
// here is derived from the API's figures for the same period (numbers, labels, table rows), never from how
// many SVG shapes a chart library happens to draw. `DQ_NOW` pins the day (seed, worker clock and page clock).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext } from "@playwright/test";
import type { ExperimentReport, Rate, TeamAnalytics } from "@dq/shared";
import { demoNow } from "../../scripts/lib/clock.ts";
import { seedDemo } from "../../scripts/lib/demo.ts";
import { freePort, root } from "../../scripts/lib/proc.ts";
import { ensureDevVars, migrateLocal, startLocalWorker, type LocalWorker } from "../../scripts/lib/worker.ts";
import { demoMembers } from "../../worker/seed/demo.ts";
import { pointsText, rateText } from "../../extension/components/analytics/format.ts";
import { connectExtension, expect, test } from "./fixtures.ts";

const manager = demoMembers.find((m) => m.role === "manager")!;
const rep = demoMembers.find((m) => m.role === "rep")!;
const ARTIFACTS = path.join(root, "tests", "artifacts");

let worker: LocalWorker;
let persistTo: string;
const now = demoNow();

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureDevVars();
  persistTo = mkdtempSync(path.join(os.tmpdir(), "dq-e2e-dashboard-"));
  migrateLocal(persistTo);
  seedDemo(persistTo, { now });
  worker = await startLocalWorker({ port: await freePort(), persistTo, now, log: (l) => process.env.DQ_E2E_DEBUG && console.log(`[worker] ${l}`) });
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
  // The page's calendar is the worker's: its presets ("last 90 days") end on the same day the seed was placed.
  await page.clock.setFixedTime(now);
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

  // Every chart draws, and shows the API's figures.
  const northStar = page.getByTestId("chart-north-star");
  expect(api.team.weekly.some((w) => w.attempts > 0 || w.outcomes > 0)).toBe(true);
  await expect(northStar.locator("svg.recharts-surface")).toBeVisible();
  const funnel = page.getByTestId("chart-funnel");
  // Each step's count is written beside it (the first label list), in funnel order.
  const { n, responded, meetingBooked, won } = api.team.funnel;
  await expect(funnel.locator(".recharts-label-list").first().locator("text")).toHaveText([n, responded.k, meetingBooked.k, won.k].map(String));
  const effectiveness = page.getByTestId("chart-effectiveness");
  // Every strategy or tactic with a win rate has its row, with the API's counts (a 0% row included).
  const rowsShown = (rows: { label: string; win: Rate }[]) =>
    expect(effectiveness.getByTestId("effectiveness-rows").locator("li")).toHaveText(
      rows.filter((r) => r.win.rate !== null).map((r) => `${r.label}: ${rateText(r.win)}, ${r.win.k} of ${r.win.n}`),
    );
  await rowsShown(api.team.effectiveness.strategies);
  const engagement = page.getByTestId("chart-engagement");
  await expect(engagement).toContainText(`ρ = ${api.team.acrossReps.rho!.toFixed(2)} · n = ${api.team.acrossReps.n}`);

  // Lift: one row per category, each in the state the API gives it; every measured row (a zero change
  // included) has its mark on the chart and its figure in words.
  const lift = page.getByTestId("chart-lift");
  await expect(lift.getByTestId("lift-row")).toHaveCount(api.team.lift.length);
  for (const l of api.team.lift) {
    const row = lift.locator(`[data-testid="lift-row"][data-category="${l.category}"]`);
    await expect(row).toHaveAttribute("data-status", l.status);
    if (l.status === "measured") {
      await expect(lift.locator(`[data-testid="lift-mark"][data-category="${l.category}"]`)).toHaveCount(1);
      await expect(row).toContainText(`${pointsText(l.difference!)}`);
    } else {
      await expect(lift.locator(`[data-testid="lift-mark"][data-category="${l.category}"]`)).toHaveCount(0);
    }
  }
  await expect(page.getByTestId("table-reps").locator("tbody tr")).toHaveCount(api.reps.length);

  // Tactics instead of strategies: the same chart redraws with the tactic rows.
  await effectiveness.getByRole("button", { name: "Tactics" }).click();
  await rowsShown(api.team.effectiveness.tactics);
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
  expect(csv).toHaveLength(api.reps.length + 1);
  const first = api.reps[0]!;
  expect(csv.find((line) => line.startsWith(`${first.member.name},`))).toContain(`,${first.northStar.attempts},${first.northStar.outcomes},${first.northStar.dealsClosed},`);

  // The period picker: 30 days refetches and the URL keeps the period.
  await page.getByRole("button", { name: "30 days" }).click();
  await expect(page).toHaveURL(/#from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$/);
  const short = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  const shortApi = await teamAnalytics(`from=${short.get("from")}&to=${short.get("to")}`);
  expect(shortApi.period.days).toBe(30);
  expect(short.get("to")).toBe(now.toISOString().slice(0, 10));
  await expect(page.getByTestId("north-star-value")).toContainText(`${shortApi.team.northStar.dealsClosed} won`);
  await expect(page.getByTestId("chart-north-star").locator("svg.recharts-surface")).toBeVisible();
});

test("the experiment card shows the API's causal result per category, exports it, and its switch turns experiment mode off and on", async ({ context, extensionId }) => {
  const experiment = async () => {
    const res = await fetch(`${worker.url}/v1/team/experiment`, { headers: { Authorization: `Bearer ${manager.token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as ExperimentReport;
  };
  const api = await experiment();
  await connect(context, extensionId, manager.token);
  const page = await context.newPage();
  await page.clock.setFixedTime(now);
  await page.goto(`chrome-extension://${extensionId}/dashboard.html`);
  const card = page.getByTestId("section-experiment");
  await expect(card.getByRole("heading", { name: "Did nudges cause it?" })).toBeVisible();
  // One sentence per category and the pooled one, each the API's, in its state (the demo plants an effect in meeting booking).
  const rows = [...api.categories, api.pooled];
  await expect(card.getByTestId("experiment-readings").locator("li")).toHaveText(rows.map((r) => r.summary));
  await expect(card.locator('[data-category="meeting_booking"]')).toHaveAttribute("data-status", "conclusive");
  await expect(card.getByTestId("table-experiment").locator("tbody tr")).toHaveCount(rows.length);
  await expect(card.getByTestId("experiment-state")).toContainText(`On since`);

  const [download] = await Promise.all([page.waitForEvent("download"), card.getByTestId("csv-experiment").click()]);
  const csv = readFileSync((await download.path())!, "utf8").trim().split(/\r?\n/);
  expect(csv[0]).toMatch(/^Category,Trains,Rep-months nudged,Rep-months held out,Nudged,/);
  expect(csv).toHaveLength(rows.length + 1);
  expect(csv.find((l) => l.startsWith("Meeting booking,"))).toContain(`,${api.categories.find((c) => c.category === "meeting_booking")!.units.holdout},`);

  // The switch: off (nothing is held out any more; the result keeps the blocks it ran), then on again.
  await card.getByTestId("experiment-toggle").click();
  await expect(card.getByTestId("experiment-state")).toContainText("Off (it ran from");
  expect((await experiment()).settings.enabled).toBe(false);
  await card.getByTestId("experiment-toggle").click();
  await expect(card.getByTestId("experiment-state")).toContainText("On since");
  expect((await experiment()).settings).toMatchObject({ enabled: true, startedOn: api.settings.startedOn });
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
