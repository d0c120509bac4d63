// The extension reps live with, in a real Chromium against the real local worker.
import { expect, fixtureHtml, SANDBOX, SCENARIO, storedLead, test } from "./fixtures.ts";

test("options: Test connection says who you are on which server", async ({ context, extensionId, local }) => {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel("Server URL").fill(local.url);
  await page.getByLabel("Token").fill("not-a-token");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText("the token does not work");
  await page.getByLabel("Token").fill(local.rep.token);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText("Connected to Deal Quest");
  await expect(page.getByTestId("connection-result")).toContainText("as Riley Rep (rep");
});

test("lead panel on a Sandbox record follows client-side navigation and upserts each lead", async ({ connect, sandboxPage: page, local }) => {
  await connect();
  await page.goto(`${SANDBOX}/leads/L-1001`);
  const panel = page.locator("deal-quest-panel");
  await expect(panel.getByTestId("lead-name")).toHaveText("Dana Whitfield");
  await expect(panel.getByTestId("lead-status")).toHaveText("Open");
  await expect(panel.getByTestId("sync-state")).toHaveText("All synced");
  await expect.poll(async () => (await storedLead(local, "sandbox", "L-1001"))?.lead).toMatchObject({
    name: "Dana Whitfield",
    company: "Brightline Logistics",
    stage: "Proposal Sent",
    amount: 48000,
    currency: "USD",
    url: `${SANDBOX}/leads/L-1001`,
  });

  // Client-side navigation: no reload, the same panel follows the new record.
  await page.evaluate(() => ((window as any).__noReload = true));
  await page.getByTestId("next-record").click();
  await expect(page).toHaveURL(`${SANDBOX}/leads/L-1002`);
  await expect(panel.getByTestId("lead-name")).toHaveText("Marcus Oyelaran");
  expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  await expect(page.locator("deal-quest-panel")).toHaveCount(1);
  await expect.poll(async () => (await storedLead(local, "sandbox", "L-1002"))?.lead.company).toBe("Northgate Health");

  // Host-page text is text: a name with markup shows literally, no element is created from it.
  await page.goto(`${SANDBOX}/leads/L-1006`);
  await expect(panel.getByTestId("lead-name")).toHaveText("Ava <b>Ng</b>");
  await expect(panel.locator("b")).toHaveCount(0);

  // Leaving record pages removes the panel.
  await page.getByRole("link", { name: "Leads" }).first().click();
  await expect(page).toHaveURL(`${SANDBOX}/leads`);
  await expect(page.locator("deal-quest-panel")).toHaveCount(0);
});

test("setting the stage to Closed Won opens the outcome popup; the answers reach D1", async ({ connect, sandboxPage: page, local }) => {
  await connect();
  await page.goto(`${SANDBOX}/leads/L-1002`);
  await expect(page.locator("deal-quest-panel").getByTestId("lead-name")).toHaveText("Marcus Oyelaran");
  await page.getByLabel("Stage").selectOption("Closed Won");

  const popup = page.locator("deal-quest-outcome").getByRole("dialog");
  await expect(popup).toBeVisible();
  await expect(popup.getByRole("radio", { name: "Won" })).toBeChecked();
  // Keyboard: focus starts on the first answer.
  await expect(popup.getByRole("group", { name: "Did the prospect respond?" }).getByRole("radio", { name: "Yes" })).toBeFocused();
  await page.keyboard.press("Space");
  await popup.getByRole("group", { name: "Did you get a meeting?" }).getByRole("radio", { name: "Yes" }).check();
  await popup.getByLabel("Strategy you used").selectOption({ label: "ROI business case" });
  await popup.getByRole("checkbox", { name: "Live demo" }).check();
  await popup.getByRole("checkbox", { name: "ROI calculator" }).check();
  await popup.getByRole("group", { name: "Can we use this as a training scenario for the team?" }).getByRole("radio", { name: "Yes" }).check();
  await popup.getByLabel("Your winning approach, in your words").fill("Built the ROI case with their CFO, then ran a two-week pilot.");
  await popup.getByRole("button", { name: "Save outcome" }).click();
  await expect(popup).toHaveCount(0);
  await expect(page.locator("deal-quest-panel").getByTestId("outcome-state")).toHaveText("Outcome: Won — saved");

  const stored = await storedLead(local, "sandbox", "L-1002");
  expect(stored!.lead.status).toBe("won");
  expect(stored!.outcomes).toHaveLength(1);
  expect(stored!.outcomes[0]).toMatchObject({
    responded: true,
    meetingBooked: true,
    result: "won",
    strategy: "business_case",
    tactics: ["live_demo", "roi_calculator"],
    scenarioConsent: true,
    winningApproach: "Built the ROI case with their CFO, then ran a two-week pilot.",
  });
});

test("Log outcome opens the popup from the panel; Escape closes it; it asks again next visit, once", async ({ connect, sandboxPage: page }) => {
  await connect();
  await page.goto(`${SANDBOX}/leads/L-1003`);
  const panel = page.locator("deal-quest-panel");
  await panel.getByRole("button", { name: "Log outcome" }).click();
  const popup = page.locator("deal-quest-outcome").getByRole("dialog");
  await expect(popup).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(popup).toHaveCount(0);

  // A closure seen on the page and left unanswered asks again on the next visit, once, then stops.
  await page.getByLabel("Stage").selectOption("Closed Lost");
  await expect(popup).toBeVisible();
  await expect(popup.getByRole("radio", { name: "Lost" })).toBeChecked();
  await popup.getByRole("button", { name: "Not now" }).click();
  await expect(popup).toHaveCount(0);
  await page.reload();
  await expect(popup).toBeVisible();
  await expect(panel.locator("aside")).toHaveAttribute("data-auto-prompt", "opened");
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(panel.getByTestId("lead-name")).toHaveText("Priya Natarajan");
  await expect(panel.getByTestId("lead-status")).toHaveText("Lost");
  // The stage watcher decided not to ask a third time.
  await expect(panel.locator("aside")).toHaveAttribute("data-auto-prompt", "skipped");
  await expect(page.locator("deal-quest-outcome")).toHaveCount(0);
});

test("with the worker stopped an outcome waits in the outbox, and arrives exactly once after it restarts", async ({ connect, sandboxPage: page, local }) => {
  await connect();
  await page.goto(`${SANDBOX}/leads/L-1005`);
  const panel = page.locator("deal-quest-panel");
  await expect(panel.getByTestId("lead-name")).toHaveText("Lena Fischer");
  await expect.poll(async () => (await storedLead(local, "sandbox", "L-1005"))?.lead.name).toBe("Lena Fischer");

  await local.stop();
  try {
    await panel.getByRole("button", { name: "Log outcome" }).click();
    const popup = page.locator("deal-quest-outcome").getByRole("dialog");
    await popup.getByRole("group", { name: "Did the prospect respond?" }).getByRole("radio", { name: "Yes" }).check();
    await popup.getByRole("group", { name: "Did you get a meeting?" }).getByRole("radio", { name: "No" }).check();
    await popup.getByRole("radio", { name: "Ghosted" }).check();
    await popup.getByRole("button", { name: "Save outcome" }).click();
    await expect(popup).toHaveCount(0);
    await expect(panel.getByTestId("sync-state")).toHaveText(/^1 waiting to sync/);
    await expect(panel.getByTestId("outcome-state")).toHaveText("Outcome: Ghosted — waiting to sync");
  } finally {
    await local.start();
  }

  // No clicks: the background retries on its own (backoff + alarms) until the worker acknowledges.
  await expect(panel.getByTestId("sync-state")).toHaveText("All synced", { timeout: 100_000 });
  await expect(panel.getByTestId("outcome-state")).toHaveText("Outcome: Ghosted — saved");
  const stored = await storedLead(local, "sandbox", "L-1005");
  expect(stored!.outcomes).toHaveLength(1);
  expect(stored!.outcomes[0]).toMatchObject({ result: "ghosted", responded: true, meetingBooked: false });
  expect(stored!.lead.status).toBe("ghosted");
});

test("a practice attempt in the side panel is scored, and the popup shows the XP", async ({ connect, context, extensionId, local }) => {
  await connect();
  // The local worker (and its rep) is shared by every spec file: count this test's attempt against what was there.
  const before = await local.get("/v1/me");
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html#/train?category=${SCENARIO.category}&difficulty=${SCENARIO.difficulty}`);
  await expect(panel.getByLabel("Category")).toHaveValue(SCENARIO.category);
  await expect(panel.getByLabel("Difficulty")).toHaveValue(SCENARIO.difficulty);
  await panel.getByRole("link", { name: new RegExp(SCENARIO.title) }).click();
  await expect(panel).toHaveURL(new RegExp(`#/scenario/${SCENARIO.id}$`));
  await expect(panel.getByRole("heading", { name: SCENARIO.title })).toBeVisible();
  await expect(panel.getByTestId("elapsed")).not.toHaveText("0:00");
  await panel
    .getByLabel("Your response")
    .fill("I hope this finds you well. Congrats on the Series B, Dana; I know everyone is pitching you right now. Would a quick 15-minute call on Thursday work?");
  await panel.getByRole("button", { name: "Submit for scoring" }).click();
  const result = panel.getByTestId("attempt-result");
  await expect(result).toBeVisible();
  const score = Number(await result.getByTestId("score").textContent());
  expect(score).toBeGreaterThan(40);
  // Scoring v2: each key point met with the clause that met it, missed with the tip, and the pitfall hit.
  const keyPoints = result.getByRole("list", { name: "Key points" }).getByRole("listitem");
  await expect(keyPoints).toHaveCount(3);
  const trigger = keyPoints.filter({ hasText: "Name the trigger event" });
  await expect(trigger).toHaveAttribute("data-met", "true");
  await expect(trigger.getByTestId("quote")).toHaveText("Congrats on the Series B, Dana; I know everyone is pitching you right now.");
  const value = keyPoints.filter({ hasText: "Tie to a business outcome" });
  await expect(value).toHaveAttribute("data-met", "false");
  await expect(value.getByTestId("tip")).toHaveText("Say what they gain.");
  const pitfall = result.getByRole("list", { name: "Marked down" }).getByRole("listitem");
  await expect(pitfall).toContainText("A generic opener");
  await expect(pitfall.getByTestId("quote")).toHaveText("I hope this finds you well.");
  await expect(result.getByTestId("scorer")).toHaveText("rubric-v2");
  await expect(result.getByTestId("xp-awarded")).toHaveText(/^\+\d+ XP$/);

  const me = await local.get("/v1/me");
  expect(me.practice.attempts).toBe(before.practice.attempts + 1);
  expect(me.xp.training).toBeGreaterThan(before.xp.training);

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByTestId("xp-total")).toHaveText(String(me.xp.total));
  await expect(popup.getByTestId("streak")).toHaveText("1");
  await expect(popup.getByTestId("popup-sync")).toHaveText("All synced");
});

test("Practice for a lead opens a fitting scenario for its persona and stage", async ({ connect, context, extensionId, sandboxPage: page, serviceWorker, local }) => {
  await connect();
  await page.goto(`${SANDBOX}/leads/L-1004`); // stage "New": cold outreach
  const panel = page.locator("deal-quest-panel");
  await expect(panel.locator("aside")).toHaveAttribute("data-state", "ready");
  await panel.getByLabel("Buyer type").selectOption(SCENARIO.persona);
  await panel.getByRole("button", { name: "Practice" }).click();
  // The click's user gesture reached chrome.sidePanel.open (else the panel explains how to open it).
  await expect(panel.locator("aside")).toHaveAttribute("data-side-panel", "opened");
  // The side panel was pointed at the lead's practice route for this tab.
  const path = await serviceWorker.evaluate(async () => {
    const chrome = (globalThis as any).chrome;
    const [tab] = await chrome.tabs.query({ url: "http://127.0.0.1:8790/*" });
    return (await chrome.sidePanel.getOptions({ tabId: tab.id })).path as string;
  });
  expect(path).toBe("sidepanel.html#/practice?category=cold_outreach&persona=executive&lead=sandbox%3AL-1004");
  // That route resolves to a scenario for this buyer and this stage.
  const side = await context.newPage();
  await side.goto(`chrome-extension://${extensionId}/${path}`);
  await expect(side).toHaveURL(/#\/scenario\/[^/?]+$/);
  const id = decodeURIComponent(new URL(side.url()).hash.replace("#/scenario/", ""));
  expect(await local.get(`/v1/scenarios/${encodeURIComponent(id)}`)).toMatchObject({ category: "cold_outreach", persona: "executive" });
  await expect(side.getByRole("heading", { level: 1 })).toBeVisible();
});

for (const crm of [
  { name: "HubSpot", url: "https://app.hubspot.com/contacts/20931/record/0-3/987654", route: "https://app.hubspot.com/**", fixture: "hubspot-deal.html", lead: "Acme <Renewal> 2027", externalId: "987654", crmId: "hubspot" },
  { name: "Salesforce", url: "https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view", route: "https://acme.lightning.force.com/**", fixture: "salesforce-opportunity.html", lead: "Globex - 500 seats", externalId: "0065g00000AbCdEAAV", crmId: "salesforce" },
  { name: "Pipedrive", url: "https://initech.pipedrive.com/deal/1234", route: "https://initech.pipedrive.com/**", fixture: "pipedrive-deal.html", lead: "Initrode website rebuild", externalId: "1234", crmId: "pipedrive" },
]) {
  test(`${crm.name}: the panel appears on a record page and the lead is upserted`, async ({ connect, context, local }) => {
    await connect();
    const html = fixtureHtml(crm.fixture);
    await context.route(crm.route, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    const page = await context.newPage();
    await page.goto(crm.url);
    const panel = page.locator("deal-quest-panel");
    await expect(panel.getByTestId("lead-name")).toHaveText(crm.lead);
    await expect.poll(async () => (await storedLead(local, crm.crmId, crm.externalId))?.lead.name).toBe(crm.lead);
  });
}

test("a CRM page that is not a record gets no panel and no lead UI script", async ({ connect, context }) => {
  await connect();
  await context.route("https://app.hubspot.com/**", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Deals | HubSpot</title><h1>Deals</h1>" }));
  const page = await context.newPage();
  await page.goto("https://app.hubspot.com/contacts/20931/objects/0-3/views/all/list");
  await expect(page.getByRole("heading", { name: "Deals" })).toBeVisible();
  // Navigating to a record without a reload brings the panel; the record is still loading, so
  // nothing can be read and the panel asks the rep.
  await page.evaluate(() => {
    history.pushState({}, "", "/contacts/20931/record/0-3/55");
    document.title = "HubSpot";
    document.body.innerHTML = '<div role="progressbar" aria-label="Loading"></div>';
  });
  await expect(page.locator("deal-quest-panel").getByTestId("lead-name")).toHaveText("This record");
  await expect(page.locator("deal-quest-panel").getByText("could not read the name, company, amount")).toBeVisible();
});
