// @vitest-environment happy-dom
// Today (side panel and popup) and the side panel's outcome form for closures without a record address.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nudge, pendingOutcome } from "../../background/loop.test-helpers.ts";
import { background, cleanup, button, click, fakeBrowser, fresh, render, stale } from "../loop-ui.test-helpers.tsx";

vi.mock("../../lib/messaging.ts", async (original) => ({
  ...(await original<typeof import("../../lib/messaging.ts")>()),
  send: vi.fn(async (m: { type: string }) => (await import("../loop-ui.test-helpers.tsx")).fakeSend(m)),
}));
vi.mock("wxt/browser", async () => ({ browser: (await import("../fake-browser.test-helpers.ts")).fakeBrowser }));

const me = { member: { id: "m1", teamId: "t1", name: "Riley Rep", email: "r@x.io", role: "rep", createdAt: "2026-01-01T00:00:00.000Z" }, team: { id: "t1", name: "Northwind" } };
const withUrl = { ...pendingOutcome("ld_1", { name: "Initrode website rebuild" }), answered: null };
const noUrl = { ...pendingOutcome("ld_2", { url: null, name: "Globex renewal", status: "lost" as const }), answered: null };
const saved = { ...pendingOutcome("ld_3", { name: "Answered here" }), answered: "waiting" as const };
const someoneElses = { ...pendingOutcome("ld_4", { name: "Not yours", ownerId: "m2" }), answered: null };

function answers(over: Record<string, (m: any) => unknown> = {}) {
  background.reset({
    "me.get": () => fresh(me),
    "nudges.list": () => fresh({ nudges: [nudge("n1"), nudge("n2", { kind: "lost_on_price", message: "Finley was lost on price." })] }),
    "pendingOutcomes.list": () => fresh([withUrl, noUrl, saved, someoneElses]),
    "nudge.done": (m) => ({ status: "done", id: `i-${m.id}` }),
    "nudge.snooze": (m) => ({ status: "done", id: `i-${m.id}` }),
    "nudge.dismiss": (m) => ({ status: "queued", id: `i-${m.id}` }),
    ...over,
  });
}

beforeEach(() => {
  answers();
  location.hash = "#/today";
  fakeBrowser.tabs.create.mockClear();
});
afterEach(cleanup);

describe("Today", () => {
  it("lists the member's closures to log first, then the open nudges, each with what it is about", async () => {
    const { TodayView } = await import("./TodayView.tsx");
    const { host } = await render(<TodayView />);
    expect(host.querySelector("h1")?.textContent).toBe("Today");
    const closures = [...host.querySelectorAll('[data-testid="pending-outcome"]')];
    expect(closures.map((c) => c.querySelector("strong")?.textContent)).toEqual([
      "Log the outcome of Initrode website rebuild",
      "Log the outcome of Globex renewal",
      "Log the outcome of Answered here",
    ]);
    expect(button(closures[0]!, "Log outcome: Initrode")?.textContent).toBe("Open the record");
    expect(button(closures[1]!, "Log outcome: Globex")?.textContent).toBe("Log outcome");
    expect(closures[1]!.textContent).toContain("Lost");
    expect(closures[2]!.textContent).toContain("Your answers are saved here and wait to sync.");
    expect(button(closures[2]!, "Log outcome")).toBeUndefined();

    const nudges = [...host.querySelectorAll('[data-testid="nudge"]')];
    expect(nudges.map((n) => n.getAttribute("data-kind"))).toEqual(["no_meeting", "lost_on_price"]);
    expect(nudges[0]!.textContent).toContain("Reply, no meeting");
    expect(nudges[0]!.textContent).toContain("Avery replied but no meeting was booked (n1).");
    expect(nudges[0]!.textContent).toContain("Scenario: Turn a reply into a meeting (n1)");
    expect(nudges[0]!.textContent).toContain("Meeting booking");
    expect(nudges[0]!.querySelector(".badge.easy")?.textContent).toBe("Easy");
  });

  it("'Practice now' marks the nudge done and opens its scenario", async () => {
    const { TodayView } = await import("./TodayView.tsx");
    const { host } = await render(<TodayView />);
    await click(button(host, "Practice now: Turn a reply into a meeting (n1)"));
    expect(background.of("nudge.done")).toEqual([{ type: "nudge.done", id: "n1" }]);
    expect(location.hash).toBe("#/scenario/sc_n1");
  });

  it("'Not now' snoozes for a day and dismiss dismisses; the nudge leaves at once", async () => {
    const { TodayView } = await import("./TodayView.tsx");
    const { host } = await render(<TodayView />);
    // What the background lists afterwards (it leaves out what was done here).
    background.answers["nudges.list"] = () => fresh({ nudges: [nudge("n2", { kind: "lost_on_price", message: "Finley was lost on price." })] });
    await click(button(host, "Not now: Turn a reply into a meeting (n1)"));
    expect(background.of("nudge.snooze")).toEqual([{ type: "nudge.snooze", id: "n1", hours: 24 }]);
    expect([...host.querySelectorAll('[data-testid="nudge"]')].map((n) => n.textContent)).toEqual([expect.stringContaining("Finley was lost on price.")]);
    background.answers["nudges.list"] = () => fresh({ nudges: [] });
    await click(button(host, "Dismiss: Finley was lost on price."));
    expect(background.of("nudge.dismiss")).toEqual([{ type: "nudge.dismiss", id: "n2" }]);
    expect(host.querySelectorAll('[data-testid="nudge"]')).toHaveLength(0);
  });

  it("a refused action brings the nudge back and says why", async () => {
    answers({ "nudge.dismiss": (m) => ({ status: "failed", id: `i-${m.id}`, error: { status: 404, code: "not_found", message: "Nudge not found." } }) });
    const { TodayView } = await import("./TodayView.tsx");
    const { host } = await render(<TodayView />);
    await click(button(host, "Dismiss: Finley was lost on price."));
    expect(host.querySelector('[role="alert"]')?.textContent).toBe("Nudge not found.");
    expect(host.querySelectorAll('[data-testid="nudge"]')).toHaveLength(2);
  });

  it("a closure opens its record in a tab, or the outcome form here when it has no web address", async () => {
    answers({ "pendingOutcomes.list": () => fresh([withUrl, noUrl, { ...pendingOutcome("ld_5", { name: "Odd address", url: "javascript:alert(1)" }), answered: null }]) });
    const { TodayView } = await import("./TodayView.tsx");
    const { host } = await render(<TodayView />);
    await click(button(host, "Log outcome: Initrode"));
    expect(fakeBrowser.tabs.create).toHaveBeenCalledWith({ url: "https://initech.pipedrive.com/deal/1" });
    await click(button(host, "Log outcome: Globex"));
    expect(location.hash).toBe("#/outcome/ld_2");
    await click(button(host, "Log outcome: Odd address"));
    expect(location.hash).toBe("#/outcome/ld_5");
    expect(fakeBrowser.tabs.create).toHaveBeenCalledTimes(1);
  });

  it("offline, it says it shows the last known state; with nothing waiting, it says so", async () => {
    answers({ "nudges.list": () => stale({ nudges: [] }), "pendingOutcomes.list": () => stale([]) });
    const { TodayView } = await import("./TodayView.tsx");
    const { host } = await render(<TodayView />);
    expect(host.querySelector('[role="status"]')?.textContent).toBe("Offline: showing Today as of 5 min ago.");
    expect(host.textContent).toContain("Nothing waiting.");
  });

  it("the popup's list stops at its limit and offers the rest in the side panel", async () => {
    const { TodayList } = await import("./TodayList.tsx");
    const more = vi.fn();
    const { host } = await render(<TodayList actions={{ practice: vi.fn(), logOutcome: vi.fn(), more }} limit={3} />);
    expect(host.querySelectorAll('[data-testid="pending-outcome"], [data-testid="nudge"]')).toHaveLength(3);
    await click(button(host, "2 more in Today"));
    expect(more).toHaveBeenCalled();
  });
});

describe("the outcome form in the side panel", () => {
  const route = { name: "outcome" as const, leadId: "ld_2" };

  beforeEach(() => {
    background.answers["vocabulary.get"] = () => {
      throw new Error("offline: the form falls back to the default playbook");
    };
    background.answers["sync.summary"] = () => ({ waiting: 0, failed: 0, paused: "none", lastSyncAt: null, lastError: null });
  });

  it("is the page's own form, for this closure, and saves its answers through the outbox", async () => {
    background.answers["outcome.record"] = (m) => ({ crm: m.lead.crm, externalId: m.lead.externalId, serverId: "ld_2", name: "Globex renewal", company: null, stage: null, amount: null, currency: null, persona: null, status: "lost", outcome: { result: "lost", recordedAt: m.outcome.closedAt, state: "waiting" }, autoPrompts: 0, waiting: 1, syncedAt: null });
    const { OutcomeView } = await import("./OutcomeView.tsx");
    const { host } = await render(<OutcomeView route={route} />);
    const shadow = host.querySelector('[data-testid="outcome-form"]')!.shadowRoot!;
    expect(shadow.querySelector("style")?.textContent).toContain(".dialog { position: static;");
    // Said as on the CRM page: what the CRM reported, about which deal.
    expect(shadow.querySelector("h2")?.textContent).toBe("Pipedrive reported this deal as Closed Lost — how did it go?");
    expect(shadow.textContent).toContain("Globex renewal.");
    expect((shadow.querySelector('input[value="lost"]') as HTMLInputElement).checked).toBe(true);

    await click(shadow.querySelectorAll('input[value="no"]')[0]); // did not respond
    await click(button(shadow, "Save outcome"));
    expect(background.of("outcome.record")).toEqual([
      {
        type: "outcome.record",
        lead: { crm: "pipedrive", externalId: "2", name: "Globex renewal", company: "Globex" },
        outcome: { responded: false, meetingBooked: false, result: "lost", tactics: [], closedAt: "2026-11-24T09:00:00.000Z" },
      },
    ]);
    expect(host.querySelector('[data-testid="outcome-saved"]')?.textContent).toBe("Globex renewal: Lost. Saved here; it is sent as soon as the server answers.");
  });

  it("a won deal shared as a scenario goes with its draft; a closure not waiting anymore says so", async () => {
    const { saveOutcome } = await import("./OutcomeView.tsx");
    background.answers["outcome.share"] = (m) => ({ lead: { status: "won", outcome: { result: "won", state: "sent" }, name: m.lead.name }, draft: { state: "sent", scenario: null, error: null } });
    const won = { ...noUrl, status: "won" as const };
    await saveOutcome(won, { responded: true, meetingBooked: true, result: "won", tactics: [], scenarioConsent: true, winningApproach: "We ran a pilot with their ops lead and priced per shipment." });
    expect(background.of("outcome.share")[0]).toMatchObject({ lead: { crm: "pipedrive", externalId: "2" }, outcome: { scenarioConsent: true } });

    const { OutcomeView } = await import("./OutcomeView.tsx");
    const { host } = await render(<OutcomeView route={{ name: "outcome", leadId: "ld_404" }} />);
    expect(host.querySelector("h1")?.textContent).toBe("Nothing to log here");
  });
});
