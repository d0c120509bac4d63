// A practice conversation in the side panel, in real Chromium against the real local worker: the rep misses the
// price in turn one, the buyer pushes back on it, the answer to it is typed (kept across closing the side panel),
// and the rep sees both turns' feedback and the total.
import { SALON_TURN_1, SALON_TURN_2 } from "../../worker/test/fixtures/salon-conversation.ts";
import { expect, test } from "./fixtures.ts";

const SALON = "lib_price-salon-owner-what-does-it-cost";

test("the buyer pushes back on the missed price; the typed answer survives a closed panel; both turns and the total show", async ({ connect, context, extensionId, local }) => {
  test.setTimeout(240_000);
  await connect();
  // The local worker (and its rep) is shared by every spec file: count this conversation's attempt against what was there.
  const before = await local.get<{ practice: { attempts: number } }>("/v1/me");
  let panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html#/scenario/${SALON}`);
  await panel.getByTestId("start-conversation").click();
  await expect(panel).toHaveURL(new RegExp(`#/conversation/${SALON}$`));
  const chat = panel.getByTestId("conversation");
  await expect(chat.getByTestId("buyer-line")).toHaveText(/Before we go any further — what does this cost\?/);

  // Turn one, sent from the keyboard: everything but the number.
  await panel.getByLabel(/Your answer \(turn 1/).fill(SALON_TURN_1);
  await panel.getByLabel(/Your answer \(turn 1/).press("Control+Enter");
  const first = chat.locator('[data-testid="turn-feedback"][data-turn="1"]');
  await expect(first).toBeVisible();
  await expect(first.getByTestId("key-point").filter({ hasText: "straight" }).first()).toHaveAttribute("data-met", "false");
  await expect(chat.getByTestId("buyer-line")).toHaveText(/You still haven't told me a number/);

  // The answer to the pushback is typed, then the side panel is closed and reopened: the conversation and the typed
  // answer are still there, and Ctrl+Enter sends it.
  await panel.getByLabel(/Your answer \(turn 2/).fill(SALON_TURN_2);
  await panel.close();
  panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html#/conversation/${SALON}`);
  await expect(panel.locator('[data-testid="turn-feedback"][data-turn="1"]')).toBeVisible();
  await expect(panel.getByLabel(/Your answer \(turn 2/)).toHaveValue(SALON_TURN_2);
  await panel.getByLabel(/Your answer \(turn 2/).press("Control+Enter");
  const second = panel.locator('[data-testid="turn-feedback"][data-turn="2"]');
  await expect(second).toBeVisible({ timeout: 60_000 });
  await expect(second.getByTestId("key-point")).toHaveAttribute("data-met", "true");

  // Every point covered: the buyer closes, the total weights turn one most, and the ideal path has both turns.
  const end = panel.getByTestId("conversation-end");
  await expect(end).toBeVisible();
  await expect(panel.getByTestId("conversation").getByTestId("buyer-line")).toHaveText(/^Buyer OK, that range is doable/);
  const s1 = Number(await panel.locator('[data-turn="1"]').getByTestId("turn-score").textContent());
  const s2 = Number(await second.getByTestId("turn-score").textContent());
  await expect(end.getByTestId("conversation-score")).toHaveText(String(Math.round((s1 * 0.6 + s2 * 0.25) / 0.85)));
  await expect(end.getByTestId("ideal-path").locator("li")).toHaveCount(2);

  // One conversation, one attempt.
  const me = await local.get<{ practice: { attempts: number } }>("/v1/me");
  expect(me.practice.attempts).toBe(before.practice.attempts + 1);
});

// The same answer sent while the worker is down: the view says the buyer needs the connection and sends the kept
// answer by itself once the worker is back (its own retry timer: the query library's retry pauses on a hidden page,
// and a read retrying through the outage is cancelled when the answer lands, so it cannot show the turn open again).
test("an answer sent during an outage is kept and sent once the worker is back", async ({ connect, context, extensionId, local }) => {
  await connect();
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/sidepanel.html#/conversation/${SALON}`);
  await panel.getByLabel(/Your answer \(turn 1/).fill(SALON_TURN_1);
  await panel.getByLabel(/Your answer \(turn 1/).press("Control+Enter");
  await expect(panel.getByTestId("conversation").getByTestId("buyer-line")).toHaveText(/You still haven't told me a number/);
  await local.stop();
  try {
    await panel.getByLabel(/Your answer \(turn 2/).fill(SALON_TURN_2);
    await panel.getByRole("button", { name: "Send" }).click();
    await expect(panel.getByTestId("conversation-offline")).toBeVisible({ timeout: 30_000 });
  } finally {
    await local.start();
  }
  await expect(panel.locator('[data-testid="turn-feedback"][data-turn="2"]')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByTestId("conversation-end")).toBeVisible();
});
