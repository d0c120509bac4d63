// The adaptive loop on the extension's own pages (side panel, popup), in real Chromium against a
// real `wrangler dev` with a fresh D1: weak areas with their evidence lead to practice, Today's
// nudges open their scenario, CRM-reported closures are logged, the manager's review queue
// publishes a deal-derived draft that a teammate then practises — and what was read stays readable
// offline, while what was done offline reaches the worker afterwards.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BrowserContext, Page, Worker } from "@playwright/test";
import type { Nudge, PendingOutcome, Recommendation, WeakAreaList } from "@dq/shared";
import { freePort, root } from "../../scripts/lib/proc.ts";
import { ensureDevVars, migrateLocal, startLocalWorker, type LocalWorker } from "../../scripts/lib/worker.ts";
import { connectExtension, expect, fixtureHtml, test } from "./fixtures.ts";

const ADMIN = `e2e-loop-admin-${Date.now()}`;
const PIPEDRIVE = { username: "dq-e2e-webhook", password: "pd-e2e-pass-4Kq9sLx2" };
/** Pipedrive's documented "deal won" webhook (v2), as the worker's own tests use it. */
const wonDeal = JSON.parse(readFileSync(path.join(root, "worker", "test", "fixtures", "webhooks", "pipedrive-v2-deal-won.json"), "utf8"));

let worker: LocalWorker;
let persistTo: string;
let port: number;
let teamId: string;
const members: Record<"manager" | "riley" | "sam" | "casey" | "dana", { id: string; token: string }> = {} as never;

async function call<T = any>(method: string, pathname: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${worker.url}${pathname}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

const startWorker = async () => {
  worker = await startLocalWorker({ port, persistTo, vars: { DQ_ADMIN_SECRET: ADMIN }, log: (l) => process.env.DQ_E2E_DEBUG && console.log(`[worker] ${l}`) });
};

test.beforeAll(async () => {
  test.setTimeout(240_000);
  ensureDevVars();
  persistTo = mkdtempSync(path.join(os.tmpdir(), "dq-e2e-loop-"));
  migrateLocal(persistTo);
  port = await freePort();
  await startWorker();
  const team = await call("POST", "/v1/teams", ADMIN, { name: `Loop ${Date.now()}`, manager: { name: "Morgan Manager", email: "morgan@loop.example" } });
  teamId = team.team.id;
  members.manager = { id: team.manager.id, token: team.token };
  for (const [key, name] of [
    ["riley", "Riley Rep"],
    ["sam", "Sam Teammate"],
    ["casey", "Casey Offline"],
    ["dana", "Dana Closer"],
  ] as const) {
    const invited = await call("POST", "/v1/team/members", team.token, { name, email: `${key}@loop.example`, role: "rep" });
    members[key] = { id: invited.member.id, token: invited.token };
  }
});

test.afterAll(async () => {
  await worker?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

const connect = (context: BrowserContext, extensionId: string, token: string) => connectExtension(context, extensionId, worker.url, token);

/** A deal the prospect answered but where no meeting came of it (as the outcome popup records it). */
async function repliedNoMeeting(token: string, externalId: string, name: string) {
  const { lead } = await call("PUT", "/v1/leads", token, { crm: "sandbox", externalId, name, company: `${name} Ltd`, stage: "Contacted", persona: "smb_owner" });
  await call("POST", `/v1/leads/${lead.id}/outcomes`, token, { responded: true, meetingBooked: false, result: "ghosted", tactics: [] });
  return lead.id as string;
}

async function sidePanel(context: BrowserContext, extensionId: string, hash: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/sidepanel.html${hash}`);
  return page;
}

const hashOf = (page: Page) => page.evaluate(() => location.hash);

/** A side-panel-sized picture for the reviewer (tests/artifacts), attached to the report. */
async function picture(page: Page, name: string) {
  await page.setViewportSize({ width: 400, height: 900 });
  const file = path.join(root, "tests", "artifacts", `loop-${name}.png`);
  await page.screenshot({ path: file });
  await test.info().attach(name, { path: file, contentType: "image/png" });
}

test("a rep's replies without meetings make meeting booking their weak area: practice, a recommendation, and Today's nudges open it", async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const rep = members.riley;
  for (const [i, name] of ["Avery Stone", "Blake Rivera", "Cameron Diaz-Park", "Devon Hale"].entries()) await repliedNoMeeting(rep.token, `L-NM-${i}`, name);

  // What the worker says (the page must show exactly this).
  const weak = await call<WeakAreaList>("GET", "/v1/me/weak-areas", rep.token);
  const top = weak.weakAreas[0]!;
  expect(top.category).toBe("meeting_booking");
  expect(top.evidence.some((e) => e.source === "deals")).toBe(true);
  // One open nudge per rule: "practise meeting booking" once, not per deal.
  const { nudges } = await call<{ nudges: Nudge[] }>("GET", "/v1/me/nudges", rep.token);
  expect(nudges).toHaveLength(1);
  const practised = nudges[0]!;
  expect(practised).toMatchObject({ kind: "no_meeting", scenario: { category: "meeting_booking" } });

  await connect(context, extensionId, rep.token);
  const panel = await sidePanel(context, extensionId, "#/train");

  // Weak areas: meeting booking first, with the worker's own evidence, in plain words.
  const card = panel.getByTestId("weak-areas");
  await expect(card.getByTestId("weak-area").first()).toHaveAttribute("data-category", "meeting_booking");
  for (const e of top.evidence) await expect(card.getByTestId("weak-area").first()).toContainText(e.text);
  await expect(card).toContainText(`From ${weak.basis.attempts} practice attempts and ${weak.basis.deals} closed deals.`);
  await expect(panel.getByTestId("recommended").getByRole("heading", { name: "Recommended for you" })).toBeVisible();
  await picture(panel, "train");

  // "Practice this" lands on the list filtered by category and the suggested difficulty.
  await card.getByRole("link", { name: "Practice this: Meeting booking" }).click();
  await expect.poll(() => hashOf(panel)).toBe(`#/train?category=meeting_booking&difficulty=${top.suggestedDifficulty}`);
  await expect(panel.getByLabel("Category")).toHaveValue("meeting_booking");
  await expect(panel.getByLabel("Difficulty")).toHaveValue(top.suggestedDifficulty);

  // …with the recommendations that fit it, each with its reason.
  const { recommendations } = await call<{ recommendations: Recommendation[] }>("GET", "/v1/me/recommendations?limit=20", rep.token);
  const fitting = recommendations.filter((r) => r.scenario.category === "meeting_booking");
  expect(fitting.length).toBeGreaterThan(0);
  const recommended = panel.getByTestId("recommended");
  await expect(recommended.getByRole("heading", { name: "Recommended in Meeting booking" })).toBeVisible();
  const first = recommended.getByTestId("recommendation").first();
  const best = fitting.find((r) => r.scenario.difficulty === top.suggestedDifficulty) ?? fitting[0]!;
  await expect(first).toContainText(best.scenario.title);
  await expect(first).toContainText(best.reason);
  await expect(first).toHaveAttribute("href", `#/scenario/${encodeURIComponent(best.scenario.id)}`);

  // Today: the meeting-booking nudge; "Practice now" opens the scenario and marks the nudge done.
  await expect(panel.getByRole("link", { name: /^Today\W*1 waiting$/ })).toBeVisible();
  await panel.getByRole("link", { name: /^Today/ }).click();
  const cards = panel.getByTestId("nudge");
  await expect(cards).toHaveCount(1);
  const nudgeCard = cards.filter({ hasText: practised.message });
  await expect(nudgeCard).toHaveAttribute("data-kind", "no_meeting");
  await expect(nudgeCard).toContainText("Meeting booking");
  await nudgeCard.getByRole("button", { name: `Practice now: ${practised.scenario.title}` }).click();
  await expect.poll(() => hashOf(panel)).toBe(`#/scenario/${encodeURIComponent(practised.scenario.id)}`);
  await expect(panel.getByRole("heading", { level: 1, name: practised.scenario.title })).toBeVisible();
  await expect.poll(async () => (await call<{ nudges: Nudge[] }>("GET", "/v1/me/nudges", rep.token)).nudges.map((n) => n.id)).not.toContain(practised.id);

  // Another reply without a meeting nudges again; a deal lost on price nudges pricing practice.
  await repliedNoMeeting(rep.token, "L-NM-4", "Emerson Lake");
  const { lead: lostLead } = await call("PUT", "/v1/leads", rep.token, { crm: "sandbox", externalId: "L-PRICE-1", name: "Finley Ortiz", stage: "Proposal" });
  await call("POST", `/v1/leads/${lostLead.id}/outcomes`, rep.token, { responded: true, meetingBooked: true, result: "lost", lostReason: "price", tactics: [] });
  const fresh = (await call<{ nudges: Nudge[] }>("GET", "/v1/me/nudges", rep.token)).nudges;
  const later = fresh.find((n) => n.kind === "no_meeting")!;
  const third = fresh.find((n) => n.kind === "lost_on_price")!;
  expect(third.scenario.category).toBe("pricing");

  // "Not now" hides a nudge for a day (the worker snoozes it).
  await panel.getByRole("link", { name: /^Today/ }).click();
  await expect(panel.getByTestId("nudge")).toHaveCount(2);
  await picture(panel, "today");
  await panel.getByTestId("nudge").filter({ hasText: later.message }).getByRole("button", { name: /^Not now/ }).click();
  await expect(panel.getByTestId("nudge").filter({ hasText: later.message })).toHaveCount(0);
  await expect.poll(async () => (await call<{ nudges: Nudge[] }>("GET", "/v1/me/nudges", rep.token)).nudges.map((n) => n.id)).not.toContain(later.id);

  // The popup's Today: "Practice now" opens the side panel at the scenario, on the popup's tab.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const popupNudge = popup.getByTestId("nudge").filter({ hasText: third.message });
  await expect(popupNudge).toBeVisible();
  await picture(popup, "popup");
  await expect(popup.getByTestId("open-dashboard")).toHaveCount(0); // a rep has no team dashboard
  const popupTab = await popup.evaluate(async () => (await (globalThis as any).chrome.tabs.getCurrent()).id as number);
  await popupNudge.getByRole("button", { name: `Practice now: ${third.scenario.title}` }).click();
  await expect.poll(() => sidePanelPath(serviceWorker, popupTab)).toBe(`sidepanel.html#/scenario/${encodeURIComponent(third.scenario.id)}`);
  await expect.poll(async () => (await call<{ nudges: Nudge[] }>("GET", "/v1/me/nudges", rep.token)).nudges.map((n) => n.id)).not.toContain(third.id);

  // The Progress tab: the rep's own figures (the analytics team's component, loaded on demand).
  await panel.getByRole("link", { name: "Progress" }).click();
  await expect(panel.getByTestId("progress")).toBeVisible();
  await expect(panel.getByTestId("my-funnel")).toContainText("Meeting booked");
});

test("offline, the side panel shows the last weak areas and Today, and a nudge dismissed offline reaches the worker later", async ({ context, extensionId }) => {
  const rep = members.casey;
  await repliedNoMeeting(rep.token, "L-OFF-1", "Emery Quinn");
  const { nudges } = await call<{ nudges: Nudge[] }>("GET", "/v1/me/nudges", rep.token);
  expect(nudges).toHaveLength(1);
  const nudge = nudges[0]!;

  await connect(context, extensionId, rep.token);
  let panel = await sidePanel(context, extensionId, "#/train");
  await expect(panel.getByTestId("weak-area").first()).toHaveAttribute("data-category", "meeting_booking");
  await expect(panel.getByTestId("recommendation").first()).toBeVisible();
  await panel.getByRole("link", { name: /^Today/ }).click();
  await expect(panel.getByTestId("nudge")).toHaveCount(1);

  await worker.stop();
  try {
    await panel.close();
    panel = await sidePanel(context, extensionId, "#/train");
    await expect(panel.getByText(/^Offline: showing your weak areas as of/)).toBeVisible();
    await expect(panel.getByTestId("weak-area").first()).toHaveAttribute("data-category", "meeting_booking");
    await expect(panel.getByText(/^Offline: showing recommendations as of/)).toBeVisible();

    await panel.getByRole("link", { name: /^Today/ }).click();
    await expect(panel.getByText(/^Offline: showing Today as of/)).toBeVisible();
    await panel.getByTestId("nudge").getByRole("button", { name: `Dismiss: ${nudge.message}` }).click();
    await expect(panel.getByTestId("nudge")).toHaveCount(0);
    // Still gone after a reload: the dismissal waits in the outbox, and Today leaves it out.
    await panel.reload();
    await expect(panel.getByText(/^Offline: showing Today as of/)).toBeVisible();
    await expect(panel.getByTestId("nudge")).toHaveCount(0);
    await expect(panel.getByText("Nothing waiting.")).toBeVisible();
  } finally {
    await startWorker();
  }

  // Back online: "Sync now" sends the dismissal; the worker no longer lists the nudge.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await popup.getByRole("button", { name: "Sync now" }).click();
  await expect(popup.getByTestId("popup-sync")).toHaveText("All synced", { timeout: 60_000 });
  expect((await call<{ nudges: Nudge[] }>("GET", "/v1/me/nudges", rep.token)).nudges).toHaveLength(0);
});

test("closures a CRM webhook reported wait in Today: one opens its record, one without a record address is logged in the side panel", async ({ context, extensionId }) => {
  const rep = members.dana;
  await call("PUT", "/v1/team/integrations/pipedrive", members.manager.token, { ...PIPEDRIVE, userMap: { [String(wonDeal.data.owner_id)]: rep.id } });
  const deliver = async (id: number, title: string, host: string | undefined) => {
    const { host: _host, ...meta } = wonDeal.meta;
    const body = { ...wonDeal, data: { ...wonDeal.data, id, title }, meta: { ...meta, id: crypto.randomUUID(), entity_id: String(id), ...(host ? { host } : {}) } };
    const basic = Buffer.from(`${PIPEDRIVE.username}:${PIPEDRIVE.password}`).toString("base64");
    await call("POST", `/v1/webhooks/pipedrive/${teamId}`, null, body, { Authorization: `Basic ${basic}` });
  };
  await deliver(1234, "Initrode website rebuild", "initech.pipedrive.com");
  await deliver(7001, "Globex renewal", undefined);
  const { pendingOutcomes } = await call<{ pendingOutcomes: PendingOutcome[] }>("GET", "/v1/me/pending-outcomes", rep.token);
  expect(pendingOutcomes.map((p) => [p.name, p.url]).sort()).toEqual([
    ["Globex renewal", null],
    ["Initrode website rebuild", "https://initech.pipedrive.com/deal/1234"],
  ]);

  await connect(context, extensionId, rep.token);
  await context.route("https://initech.pipedrive.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: fixtureHtml("pipedrive-deal.html") }));
  const panel = await sidePanel(context, extensionId, "#/today");
  const closures = panel.getByTestId("pending-outcome");
  await expect(closures).toHaveCount(2);
  await expect(closures.filter({ hasText: "Globex" })).toContainText("Log the outcome of Globex renewal");

  // With a record address: the record opens in a tab (its outcome popup waits there).
  const [record] = await Promise.all([context.waitForEvent("page"), closures.filter({ hasText: "Initrode" }).getByRole("button", { name: "Log outcome: Initrode website rebuild" }).click()]);
  await expect(record).toHaveURL("https://initech.pipedrive.com/deal/1234");
  await expect(record.locator("deal-quest-outcome").getByRole("dialog")).toContainText("Pipedrive reported this deal as Closed Won");
  await record.close();

  // Without one: the same outcome form as on the page, here in the side panel.
  await closures.filter({ hasText: "Globex" }).getByRole("button", { name: "Log outcome: Globex renewal" }).click();
  const globex = pendingOutcomes.find((p) => p.name === "Globex renewal")!;
  await expect.poll(() => hashOf(panel)).toBe(`#/outcome/${encodeURIComponent(globex.leadId)}`);
  const form = panel.getByTestId("outcome-form").getByRole("dialog", { name: "Pipedrive reported this deal as Closed Won — how did it go?" });
  await expect(form).toContainText("Globex renewal.");
  await expect(form.getByRole("radio", { name: "Won" })).toBeChecked();
  await form.getByRole("group", { name: "Did the prospect respond?" }).getByRole("radio", { name: "Yes" }).check();
  await form.getByRole("group", { name: "Did you get a meeting?" }).getByRole("radio", { name: "Yes" }).check();
  await form.getByLabel("Strategy you used").selectOption({ label: "ROI business case" });
  await form.getByRole("button", { name: "Save outcome" }).click();
  await expect(panel.getByTestId("outcome-saved")).toContainText("Globex renewal: Won.");

  await expect.poll(async () => (await call<{ outcomes: any[] }>("GET", `/v1/leads/${globex.leadId}`, rep.token)).outcomes.length).toBe(1);
  const stored = await call<{ lead: any; outcomes: any[] }>("GET", `/v1/leads/${globex.leadId}`, rep.token);
  expect(stored.outcomes[0]).toMatchObject({ responded: true, meetingBooked: true, result: "won", strategy: "business_case", closedAt: globex.closedAt });
  const after = await call<{ pendingOutcomes: PendingOutcome[] }>("GET", "/v1/me/pending-outcomes", rep.token);
  expect(after.pendingOutcomes.map((p) => p.name)).toEqual(["Initrode website rebuild"]);
  await panel.getByRole("link", { name: "Back to Today" }).click();
  await expect(panel.getByTestId("pending-outcome")).toHaveCount(1);
});

test("a manager edits and publishes a won deal's draft from the review queue; a teammate finds it and practises it", async ({ context, extensionId }) => {
  // Riley wins a deal and agrees to share it: an anonymized draft from the deal.
  const author = members.riley;
  const { lead } = await call("PUT", "/v1/leads", author.token, { crm: "sandbox", externalId: "L-WIN-1", name: "Jordan Whitaker", company: "Helios Freight", stage: "Closed Won", status: "won", amount: 64000, currency: "USD", persona: "executive" });
  await call("POST", `/v1/leads/${lead.id}/outcomes`, author.token, {
    responded: true,
    meetingBooked: true,
    result: "won",
    tactics: [],
    scenarioConsent: true,
    winningApproach: "I reframed the price as cost per shipment, brought their ops lead into a pilot review, and asked for a signature date tied to their peak season.",
  });
  const { scenario: draft } = await call("POST", `/v1/leads/${lead.id}/scenario-drafts`, author.token, { consent: true });
  expect(draft).toMatchObject({ source: "deal", status: "draft" });

  // The author sees it among their own drafts.
  await connect(context, extensionId, author.token);
  const own = await sidePanel(context, extensionId, "#/review");
  await expect(own.getByRole("link", { name: "Drafts" })).toHaveAttribute("aria-current", "page");
  await expect(own.getByRole("heading", { name: "Your drafts" })).toBeVisible();
  await expect(own.getByTestId("draft").filter({ hasText: draft.title })).toBeVisible();
  await own.close();

  // The manager's review queue: the draft, its source, its fields; edit, then publish.
  await connect(context, extensionId, members.manager.token);
  const panel = await sidePanel(context, extensionId, "#/review");
  await expect(panel.getByRole("heading", { name: "Review queue" })).toBeVisible();
  const card = panel.getByTestId("draft").filter({ hasText: draft.title });
  await expect(card).toHaveAttribute("data-source", "deal");
  await expect(card).toContainText("From a won deal");
  await expect(card).toContainText("by Riley Rep");
  await card.getByRole("button", { name: "Review" }).click();
  const form = card.getByRole("form");
  await expect(form.getByLabel("Title")).toHaveValue(draft.title);
  await expect(form.getByLabel("Ideal response")).toHaveValue(draft.idealResponse);

  // The form checks what the worker would refuse, at the field.
  await form.getByLabel("Title").fill("Hi");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(form.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Write at least 5 characters.")).toBeVisible();
  await picture(panel, "review");

  const title = "Freight exec: price as cost per shipment";
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Difficulty").selectOption("hard");
  await form.getByLabel("What the buyer says").fill("Your price is well above the other bid. Why should we pay more before our peak season?");
  await form.getByRole("button", { name: "Save and publish" }).click();
  await expect(panel.getByTestId("published")).toContainText(`Published “${title}”`);
  await expect(panel.getByTestId("draft").filter({ hasText: title })).toHaveCount(0);

  // A manager's popup leads to the team dashboard.
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByTestId("open-dashboard")).toBeVisible();
  await popup.close();

  const published = await call("GET", `/v1/scenarios/${encodeURIComponent(draft.id)}`, members.sam.token);
  expect(published).toMatchObject({ status: "published", title, difficulty: "hard", buyerLine: "Your price is well above the other bid. Why should we pay more before our peak season?" });

  // A teammate finds it in their scenario list and practises it.
  await connect(context, extensionId, members.sam.token);
  const teammate = await sidePanel(context, extensionId, `#/train?category=${published.category}&difficulty=hard`);
  await teammate.getByRole("link", { name: new RegExp(title) }).click();
  await expect.poll(() => hashOf(teammate)).toBe(`#/scenario/${encodeURIComponent(draft.id)}`);
  await expect(teammate.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await teammate
    .getByLabel("Your response")
    .fill("I hear you on the gap. Per shipment we come out lower once you count the re-delivery costs; could we review a two-week pilot with your ops lead on Thursday and set a signature date before peak?");
  await teammate.getByRole("button", { name: "Submit for scoring" }).click();
  await expect(teammate.getByTestId("attempt-result").getByTestId("score")).toHaveText(/^\d+$/);
  const me = await call("GET", "/v1/me", members.sam.token);
  expect(me.practice.attempts).toBe(1);
});

async function sidePanelPath(sw: Worker, tabId: number): Promise<string | undefined> {
  return sw.evaluate(async (id) => ((await (globalThis as any).chrome.sidePanel.getOptions({ tabId: id })) as { path?: string }).path, tabId);
}
