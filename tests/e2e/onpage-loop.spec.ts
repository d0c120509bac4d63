// The adaptive loop on CRM record pages, in a real Chromium against the real local worker: a shared
// win becomes an anonymized draft, a stale lead's nudge opens its scenario, and a closure HubSpot
// reports through its (signed) webhook waits for the rep on the record.
import { createHmac } from "node:crypto";
import { expect, fixtureHtml, SANDBOX, storedLead, test, type LocalApi } from "./fixtures.ts";

const DAY = 86_400_000;

test("closing a Sandbox deal as won with consent makes an anonymized draft for review", async ({ connect, sandboxPage: page, local }) => {
  await connect();
  await page.goto(`${SANDBOX}/leads/L-1008`);
  const panel = page.locator("deal-quest-panel");
  await expect(panel.getByTestId("lead-name")).toHaveText("Sofia Marchetti");
  await expect.poll(async () => (await storedLead(local, "sandbox", "L-1008"))?.lead.name).toBe("Sofia Marchetti");

  await page.getByLabel("Stage").selectOption("Closed Won");
  const popup = page.locator("deal-quest-outcome").getByRole("dialog");
  await expect(popup.getByRole("radio", { name: "Won" })).toBeChecked();
  await popup.getByRole("group", { name: "Did the prospect respond?" }).getByRole("radio", { name: "Yes" }).check();
  await popup.getByRole("group", { name: "Did you get a meeting?" }).getByRole("radio", { name: "Yes" }).check();
  await popup.getByLabel("Strategy you used").selectOption({ label: "ROI business case" });
  await popup.getByRole("group", { name: "Can we use this as a training scenario for the team?" }).getByRole("radio", { name: "Yes" }).check();
  await popup
    .getByLabel("Your winning approach, in your words")
    .fill(
      "Sofia Marchetti at Verdant Analytics worried the rollout would slip past her board deadline. I proposed a 30-day pilot on one team, " +
        "had our CFO walk Sofia through the ROI model, and priced the full rollout per site so Verdant could start small.",
    );
  await popup.getByRole("button", { name: "Save outcome" }).click();

  // The rep is told the draft was made and where it will be reviewed.
  const notice = page.locator("deal-quest-outcome").getByTestId("draft-notice");
  await expect(notice).toHaveAttribute("data-draft-state", "sent");
  await expect(notice).toContainText("Draft scenario made");
  await expect(notice).toContainText("Review in Deal Quest's side panel");
  await notice.getByRole("button", { name: "Done" }).click();
  await expect(page.locator("deal-quest-outcome")).toHaveCount(0);
  await expect(panel.getByTestId("outcome-state")).toHaveText("Outcome: Won — saved");
  await expect(panel.getByTestId("draft-state")).toHaveAttribute("data-draft-state", "sent");

  const stored = await storedLead(local, "sandbox", "L-1008");
  expect(stored!.outcomes).toEqual([expect.objectContaining({ result: "won", scenarioConsent: true })]);
  const mine = await local.get<{ drafts: any[] }>("/v1/me/scenario-drafts");
  const draft = mine.drafts.find((d) => d.leadId === stored!.lead.id);
  expect(draft).toMatchObject({ source: "deal", status: "draft", authorId: local.rep.id });
  // The manager's review queue has it too.
  const queue = await local.call<{ drafts: any[] }>("GET", "/v1/team/scenario-drafts", local.manager.token);
  expect(queue.drafts.map((d) => d.id)).toContain(draft.id);
  // Every field — title, situation, buyer line, ideal response, rubric — is free of the contact and the company.
  const all = JSON.stringify(draft);
  for (const identifying of ["Sofia", "Marchetti", "Verdant", "sofia@verdant.example"]) expect(all).not.toContain(identifying);
  expect(draft.idealResponse).toMatch(/30-day pilot/);
});

test("a nudge on a stale Sandbox lead shows on its panel, and Practice now opens its scenario", async ({ connect, context, extensionId, sandboxPage: page, serviceWorker, local }) => {
  await connect();
  await page.goto(`${SANDBOX}/leads/L-1009`);
  const panel = page.locator("deal-quest-panel");
  await expect(panel.getByTestId("lead-name")).toHaveText("Jonas Lindqvist");
  await expect.poll(async () => (await storedLead(local, "sandbox", "L-1009"))?.lead.id ?? null).not.toBeNull();
  const leadId = (await storedLead(local, "sandbox", "L-1009"))!.lead.id as string;
  await expect(panel.getByTestId("nudge")).toHaveCount(0);

  // The deal has not moved for 10 days; the team calls a lead stale after 7.
  await setSettings(local, { staleLeadDays: 7, maxNudgesPerDay: 20 });
  try {
    const quietSince = new Date(Date.now() - 10 * DAY).toISOString();
    local.sql([`UPDATE leads SET activity_at = '${quietSince}' WHERE id = '${leadId}'`]);
    const run = await local.call("POST", "/v1/team/schedule/run", local.manager.token);
    expect(run.jobs["mark-stale-leads"]).toMatchObject({ marked: expect.any(Number) });
  } finally {
    await setSettings(local, { staleLeadDays: 14, maxNudgesPerDay: 3 });
  }
  const { nudges } = await local.get<{ nudges: any[] }>(`/v1/leads/${leadId}`);
  const nudge = nudges.find((n) => n.kind === "stale_lead");
  expect(nudge).toMatchObject({ leadId, status: "open", scenario: { category: "re_engagement" } });

  // The next visit to the record shows it on the lead's panel.
  await page.reload();
  const shown = panel.getByTestId("nudge");
  await expect(shown).toHaveCount(1);
  await expect(shown).toHaveAttribute("data-nudge-id", nudge.id);
  await expect(shown).toContainText(nudge.message);
  await shown.getByRole("button", { name: "Practice now" }).click();
  // The click's user gesture reached chrome.sidePanel.open, pointed at the nudge's scenario.
  await expect(panel.locator("aside")).toHaveAttribute("data-side-panel", "opened");
  await expect(panel.getByTestId("nudge")).toHaveCount(0);
  const path = await serviceWorker.evaluate(async () => {
    const chrome = (globalThis as any).chrome;
    const [tab] = await chrome.tabs.query({ url: "http://127.0.0.1:8790/*" });
    return (await chrome.sidePanel.getOptions({ tabId: tab.id })).path as string;
  });
  expect(path).toBe(`sidepanel.html#/scenario/${encodeURIComponent(nudge.scenario.id)}`);
  const side = await context.newPage();
  await side.goto(`chrome-extension://${extensionId}/${path}`);
  expect(decodeURIComponent(new URL(side.url()).hash)).toBe(`#/scenario/${nudge.scenario.id}`);
  await expect(side.getByRole("heading", { name: nudge.scenario.title })).toBeVisible();

  // Acted on through the outbox: the worker has it, and it is gone from the rep's nudges.
  await expect.poll(async () => (await local.get<{ nudges: any[] }>(`/v1/leads/${leadId}`)).nudges.map((n) => n.id)).not.toContain(nudge.id);
  expect((await local.get<{ nudges: any[] }>("/v1/me/nudges")).nudges.map((n) => n.id)).not.toContain(nudge.id);
  await page.reload();
  await expect(panel.locator("aside")).toHaveAttribute("data-state", "ready");
  await expect(panel.getByTestId("nudge")).toHaveCount(0);
});

test("a deal HubSpot reports Closed Won by webhook: the outcome popup waits on the record; answering clears it", async ({ connect, context, local }) => {
  await connect();
  const portalId = "20931";
  const dealId = "7300112";
  const hubspotOwner = "61005";
  const clientSecret = "e2e-hubspot-client-secret";
  const { team } = await local.call("GET", "/v1/me", local.manager.token);
  await local.call("PUT", "/v1/team/integrations/hubspot", local.manager.token, { clientSecret, portalId, userMap: { [hubspotOwner]: local.rep.id } });

  const closedAt = Date.now() - 5 * 60_000;
  const event = { subscriptionId: 4001, portalId: Number(portalId), appId: 77, occurredAt: closedAt, subscriptionType: "deal.propertyChange", attemptNumber: 0, objectId: Number(dealId), changeSource: "CRM_UI" };
  const receipt = await hubspotWebhook(local, team.id, clientSecret, [
    { ...event, eventId: 90001, propertyName: "hubspot_owner_id", propertyValue: hubspotOwner },
    { ...event, eventId: 90002, propertyName: "dealstage", propertyValue: "closedwon" },
  ]);
  expect(receipt).toMatchObject({ received: 2, applied: 1 });
  const waiting = await local.get<{ pendingOutcomes: any[] }>(`/v1/me/pending-outcomes?crm=hubspot&externalId=${dealId}`);
  expect(waiting.pendingOutcomes).toEqual([expect.objectContaining({ status: "won", ownerId: local.rep.id })]);

  // The rep opens the deal in HubSpot (its page still shows the stage it had when loaded).
  const html = fixtureHtml("hubspot-deal.html");
  await context.route("https://app.hubspot.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
  const page = await context.newPage();
  await page.goto(`https://app.hubspot.com/contacts/${portalId}/record/0-3/${dealId}`);
  const popup = page.locator("deal-quest-outcome").getByRole("dialog");
  await expect(popup).toBeVisible();
  await expect(popup.getByRole("heading")).toHaveText("HubSpot reported this deal as Closed Won — how did it go?");
  await expect(popup.getByRole("radio", { name: "Won" })).toBeChecked();
  const panel = page.locator("deal-quest-panel");
  await expect(panel.locator("aside")).toHaveAttribute("data-auto-prompt", "opened");

  // "Not now" asks again on the next visit, once.
  await popup.getByRole("button", { name: "Not now" }).click();
  await expect(popup).toHaveCount(0);
  await page.reload();
  await expect(popup).toBeVisible();
  await expect(popup.getByRole("heading")).toHaveText("HubSpot reported this deal as Closed Won — how did it go?");

  await popup.getByRole("group", { name: "Did the prospect respond?" }).getByRole("radio", { name: "Yes" }).check();
  await popup.getByRole("group", { name: "Did you get a meeting?" }).getByRole("radio", { name: "Yes" }).check();
  await popup.getByRole("checkbox", { name: "Live demo" }).check();
  await popup.getByRole("button", { name: "Save outcome" }).click();
  await expect(popup).toHaveCount(0);
  await expect(panel.getByTestId("outcome-state")).toHaveText("Outcome: Won — saved");

  // Answered: the prompt is cleared on the worker, and the outcome keeps HubSpot's close date.
  expect((await local.get<{ pendingOutcomes: any[] }>("/v1/me/pending-outcomes")).pendingOutcomes).toEqual([]);
  const stored = await storedLead(local, "hubspot", dealId);
  expect(stored!.outcomes).toEqual([expect.objectContaining({ result: "won", tactics: ["live_demo"], closedAt: new Date(closedAt).toISOString() })]);
  await page.reload();
  await expect(panel.locator("aside")).toHaveAttribute("data-auto-prompt", "skipped");
  await expect(page.locator("deal-quest-outcome")).toHaveCount(0);
});

async function setSettings(local: LocalApi, settings: Record<string, number>) {
  await local.call("PATCH", "/v1/team/settings", local.manager.token, settings);
}

/** Delivers HubSpot events to the worker as HubSpot does: signed with the app's client secret (v3). */
async function hubspotWebhook(local: LocalApi, teamId: string, secret: string, events: object[]) {
  const url = `${local.url}/v1/webhooks/hubspot/${teamId}`;
  const body = JSON.stringify(events);
  const timestamp = String(Date.now());
  // base64(HMAC-SHA256(client secret, method + URI + body + timestamp))
  const signature = createHmac("sha256", secret).update(`POST${url}${body}${timestamp}`).digest("base64");
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-HubSpot-Signature-v3": signature, "X-HubSpot-Request-Timestamp": timestamp },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`HubSpot webhook: ${res.status} ${text}`);
  return JSON.parse(text);
}
