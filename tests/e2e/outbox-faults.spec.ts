// Outbox faults in real Chromium (issue 13, item 5): a fault proxy between the extension's service
// worker and `wrangler dev` answers 500 then 200, 429 with Retry-After, commits then drops the
// connection; the service worker is stopped (DevTools protocol) mid-flush; the browser is closed and
// reopened with items queued; a backlog of outcomes drains after an outage. Every case: each outcome
// is stored exactly once (counted in D1), none is lost, and the popup's sync line ends "All synced".
// Outcomes are queued the way the outcome popup does it: an `outcome.record` message to the background.
// The backlog is DQ_FAULT_SCALE outcomes: 100 in `npm test`, "full" = 1,000 (or any number).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { chromiumArgs } from "./chromium.ts";
import { root } from "../../scripts/lib/proc.ts";
import { type FaultProxy, type ProxyAction, startFaultProxy } from "./fault-proxy.ts";
import { CHROMIUM, connectExtension, EXTENSION_DIR, expect, type LocalApi, test } from "./fixtures.ts";

const BACKLOG = process.env.DQ_FAULT_SCALE === "full" ? 1000 : Number(process.env.DQ_FAULT_SCALE) || 100;
const OUTCOME_POST = /^\/v1\/leads\/[^/]+\/outcomes$/;
const isOutcomePost = (r: { method: string; path: string }) => r.method === "POST" && OUTCOME_POST.test(r.path);

let proxy: FaultProxy;
test.beforeEach(async ({ local }) => {
  proxy = await startFaultProxy(local.url);
});
// biome-ignore lint/correctness/noEmptyPattern: Playwright reads a hook's fixtures from its destructured first parameter.
test.afterEach(async ({}, testInfo) => {
  await proxy.close();
  // What reached the proxy, for reading a failure (method, path, fate, the worker's status and time).
  const rows = proxy.log.map((r) => ({ at: r.at, method: r.method, path: r.path, action: r.action, status: r.status, workerMs: r.workerMs }));
  writeFileSync(testInfo.outputPath("proxy-log.json"), JSON.stringify(rows, null, 1));
});

/** Unique record ids for one test. */
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${Date.now().toString(36)}-${i}`);

/** Queues one outcome per record through the background, as the outcome popup does (25 in flight at a time). */
async function queueOutcomes(page: Page, externalIds: string[]) {
  const failures = await page.evaluate(async (list) => {
    const chrome = (globalThis as any).chrome;
    const failed: unknown[] = [];
    for (let i = 0; i < list.length; i += 25) {
      const answers = await Promise.all(
        list.slice(i, i + 25).map((externalId) =>
          chrome.runtime.sendMessage({
            type: "outcome.record",
            lead: { crm: "sandbox", externalId, name: `Fault ${externalId}`, company: "Outbox Faults Inc" },
            outcome: { responded: true, meetingBooked: false, result: "ghosted" },
          }),
        ),
      );
      for (const a of answers) if (!a?.ok) failed.push(a);
    }
    return failed;
  }, externalIds);
  expect(failures).toEqual([]);
}

/** How many outcomes D1 holds for each of these records (and each record's lead rows). */
function storedCounts(local: LocalApi, externalIds: string[]) {
  const list = externalIds.map((id) => `'${id}'`).join(",");
  const rows = local.query<{ external_id: string; leads: number; outcomes: number }>(
    `SELECT l.external_id, COUNT(DISTINCT l.id) AS leads, COUNT(o.id) AS outcomes FROM leads l LEFT JOIN outcomes o ON o.lead_id = l.id WHERE l.crm = 'sandbox' AND l.external_id IN (${list}) GROUP BY l.external_id`,
  );
  return new Map(rows.map((r) => [r.external_id, { leads: Number(r.leads), outcomes: Number(r.outcomes) }]));
}

/** Each record's lead and outcomes as the API reports them (for a handful of records). */
async function expectExactlyOnceByApi(local: LocalApi, externalIds: string[]) {
  for (const externalId of externalIds) {
    const list = await local.get<{ leads: Array<{ id: string }> }>(`/v1/leads?crm=sandbox&externalId=${encodeURIComponent(externalId)}`);
    expect(list.leads, externalId).toHaveLength(1);
    const { outcomes } = await local.get<{ outcomes: Array<{ result: string }> }>(`/v1/leads/${list.leads[0]!.id}`);
    expect(outcomes.map((o) => o.result), externalId).toEqual(["ghosted"]);
  }
}

/** The same check for a backlog, in one query of D1. */
function expectExactlyOnce(local: LocalApi, externalIds: string[]) {
  const counts = storedCounts(local, externalIds);
  const wrong = externalIds.filter((id) => counts.get(id)?.leads !== 1 || counts.get(id)?.outcomes !== 1);
  expect(wrong.map((id) => `${id}: ${JSON.stringify(counts.get(id) ?? "missing")}`)).toEqual([]);
}

async function openPopup(context: BrowserContext, extensionId: string) {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  return popup;
}

/** The outcome POSTs the proxy saw, grouped by idempotency key. */
function outcomePostsByKey() {
  const byKey = new Map<string, typeof proxy.log>();
  for (const r of proxy.log.filter(isOutcomePost)) byKey.set(r.idempotencyKey ?? "", [...(byKey.get(r.idempotencyKey ?? "") ?? []), r]);
  return byKey;
}

test("500 then 200, 429 with Retry-After, a drop after the worker committed: each outcome is resent with its key and stored once", async ({ context, extensionId, local }) => {
  await connectExtension(context, extensionId, proxy.url, local.rep.token);
  // The first attempt of the 1st, 2nd and 3rd outcome meets one fault each; every other request goes through.
  const faults: ProxyAction[] = [
    { status: 500 },
    { status: 429, headers: { "Retry-After": "8" }, body: JSON.stringify({ error: { code: "rate_limited", message: "Slow down." } }) },
    "forward-then-drop",
  ];
  const seen = new Set<string>();
  proxy.rule = (r) => {
    if (!isOutcomePost(r) || seen.has(r.idempotencyKey ?? "")) return "forward";
    seen.add(r.idempotencyKey ?? "");
    return faults[seen.size - 1] ?? "forward";
  };
  const records = ids("FHTTP", 3);
  const popup = await openPopup(context, extensionId);
  for (const record of records) await queueOutcomes(popup, [record]);

  // Resent on the backoff alarm, without a click.
  await expect(popup.getByTestId("popup-sync")).toHaveText("All synced", { timeout: 45_000 });
  await expectExactlyOnceByApi(local, records);
  const [failed, limited, dropped] = [...outcomePostsByKey().values()];
  expect(failed!.map((r) => r.status ?? r.action)).toEqual(["answer 500", 201]);
  expect(limited!.map((r) => r.status ?? r.action)).toEqual(["answer 429", 201]);
  // Retry-After: 8 (longer than the first backoff, 5 s ± 20 %) was honoured.
  expect(limited![1]!.at - limited![0]!.at).toBeGreaterThanOrEqual(8_000);
  // The worker stored the third on its first request (201); the extension never heard, and resent the same key.
  expect(dropped!.map((r) => [r.action, r.status])).toEqual([
    ["forward-then-drop", 201],
    ["forward", 201],
  ]);
});

test("the service worker stopped mid-flush (DevTools protocol): it resumes on the next wake-up, nothing lost or doubled", async ({ context, extensionId, local }) => {
  await connectExtension(context, extensionId, proxy.url, local.rep.token);
  const records = ids("FSTOP", 20);
  proxy.rule = (r) => (r.path.startsWith("/v1/leads") ? "refuse" : "forward");
  const popup = await openPopup(context, extensionId);
  await queueOutcomes(popup, records);
  await expect(popup.getByTestId("popup-sync")).toHaveText("20 waiting, 0 failed");

  // The worker is back; the 8th outcome's answer is held until the service worker has been stopped.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let seen = 0;
  proxy.rule = (r) => (isOutcomePost(r) && ++seen === 8 ? { hold: held } : "forward");
  const cdp = await context.newCDPSession(popup);
  const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
  // Every status a version went through: the open popup can wake a stopped worker again within milliseconds, so
  // "it stopped" is a status seen, not the status now.
  const seenStatus = new Map<string, Set<string>>();
  cdp.on("ServiceWorker.workerVersionUpdated", (e) => {
    for (const v of e.versions) {
      versions.set(v.versionId, v);
      seenStatus.set(v.versionId, (seenStatus.get(v.versionId) ?? new Set()).add(v.runningStatus));
    }
  });
  await cdp.send("ServiceWorker.enable");
  await popup.getByRole("button", { name: "Sync now" }).click();
  await expect.poll(() => seen).toBe(8);
  const running = [...versions.entries()].find(([, v]) => v.scriptURL === `chrome-extension://${extensionId}/background.js` && v.runningStatus === "running");
  expect(running, "the extension's service worker, running").toBeTruthy();
  seenStatus.set(running![0], new Set());
  await cdp.send("ServiceWorker.stopWorker", { versionId: running![0] });
  await expect.poll(() => seenStatus.get(running![0])?.has("stopped")).toBe(true);
  release();
  const stoppedAt = proxy.log.length;
  expect(proxy.log.filter(isOutcomePost).length).toBe(8);

  // The rep opens the popup again: that wakes the service worker, which syncs on every start.
  await popup.close();
  const again = await openPopup(context, extensionId);
  await expect(again.getByTestId("popup-sync")).toHaveText("All synced", { timeout: 30_000 });
  expect(proxy.log.length).toBeGreaterThan(stoppedAt);
  await expectExactlyOnceByApi(local, records);
  // The held outcome was committed by the worker and resent with its key after the restart.
  const resent = [...outcomePostsByKey().values()].filter((list) => list.length > 1);
  expect(resent.length).toBeGreaterThanOrEqual(1);
});

test("the browser closed with outcomes queued and reopened: they are sent at startup, once", async ({ local }) => {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "dq-chromium-reopen-"));
  const records = ids("FREOPEN", 5);
  try {
    let context = await launch(userDataDir);
    const extensionId = await extensionIdOf(context);
    await connectExtension(context, extensionId, proxy.url, local.rep.token);
    proxy.rule = (r) => (r.path.startsWith("/v1/leads") ? "refuse" : "forward");
    const popup = await openPopup(context, extensionId);
    await queueOutcomes(popup, records);
    await expect(popup.getByTestId("popup-sync")).toHaveText("5 waiting, 0 failed");
    // When each is due again (its backoff after the failed attempt).
    const { items } = await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ type: "outbox.list" }).then((a: any) => a.data));
    const due = Math.max(...items.map((i: { nextAttemptAt: string }) => Date.parse(i.nextAttemptAt)));
    await context.close();
    // Reopened once they are due: the service worker's start-up sync must send them.
    await expect.poll(() => Date.now(), { timeout: 15_000 }).toBeGreaterThan(due);

    proxy.rule = () => "forward";
    const before = proxy.log.length;
    context = await launch(userDataDir);
    try {
      // No page opened: the service worker sends them when it starts with the browser (the one-minute
      // sweep alarm would come later than this wait).
      await expect.poll(() => proxy.log.slice(before).filter((r) => isOutcomePost(r) && r.status === 201).length, { timeout: 50_000 }).toBe(5);
      await expectExactlyOnceByApi(local, records);
      const again = await openPopup(context, await extensionIdOf(context));
      await expect(again.getByTestId("popup-sync")).toHaveText("All synced");
    } finally {
      await context.close();
    }
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
});

test(`${BACKLOG} outcomes queued during an outage drain exactly once`, async ({ context, extensionId, local }) => {
  test.setTimeout(90_000 + BACKLOG * 1_500);
  await connectExtension(context, extensionId, proxy.url, local.rep.token);
  proxy.rule = (r) => (r.path.startsWith("/v1/leads") ? "refuse" : "forward");
  const records = ids("FBULK", BACKLOG);
  const popup = await openPopup(context, extensionId);
  const queuedFrom = Date.now();
  await queueOutcomes(popup, records);
  const queueMs = Date.now() - queuedFrom;
  await expect(popup.getByTestId("popup-sync")).toHaveText(`${BACKLOG} waiting, 0 failed`);

  proxy.rule = () => "forward";
  const before = proxy.log.length;
  const start = Date.now();
  await popup.getByRole("button", { name: "Sync now" }).click();
  await expect(popup.getByTestId("popup-sync")).toHaveText("All synced", { timeout: BACKLOG * 1_000 });
  const drainMs = Date.now() - start;
  expectExactlyOnce(local, records);
  const drained = proxy.log.slice(before).filter((r) => r.path.startsWith("/v1/leads"));
  const workerMs = drained.reduce((sum, r) => sum + (r.workerMs ?? 0), 0);
  const figures = { outcomes: BACKLOG, queueMs, drainMs, requests: drained.length, workerMs, perOutcomeMs: Math.round((drainMs / BACKLOG) * 10) / 10, at: new Date().toISOString() };
  console.log(
    `outbox drain: ${BACKLOG} outcomes in ${(drainMs / 1000).toFixed(1)} s (${figures.perOutcomeMs} ms each; ${drained.length} requests, ` +
      `${(workerMs / 1000).toFixed(1)} s of it waiting for the worker); queued in ${(queueMs / 1000).toFixed(1)} s`,
  );
  const dir = path.join(root, "tests", "artifacts");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "outbox-drain.json"), `${JSON.stringify(figures, null, 2)}\n`);
});

/** A Chromium with the built extension on `userDataDir` (the fixture's flags), for close-and-reopen. */
function launch(userDataDir: string) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(EXTENSION_DIR),
  });
}

async function extensionIdOf(context: BrowserContext) {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  return new URL(sw.url()).host;
}
