// @vitest-environment happy-dom
// The on-page UI for the adaptive loop: the outcome popup for a closure the CRM reported, the
// consent step's draft, and the lead panel's nudges.
import { act } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, describe, expect, it } from "vitest";
import type { Nudge, RecordOutcomeRequest, ScenarioDraftState } from "@dq/shared";
import { createLeadStore } from "../../features/store.ts";
import { DraftNotice } from "./DraftNotice.tsx";
import { draftLine } from "./format.ts";
import { LeadPanel } from "./LeadPanel.tsx";
import { OutcomeForm } from "./OutcomeForm.tsx";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function render(node: React.ReactNode) {
  const host = document.createElement("div");
  document.body.append(host);
  const root = createRoot(host);
  await act(async () => root.render(node));
  cleanups.push(() => {
    act(() => root.unmount());
    host.remove();
  });
  return host;
}

const radio = (host: HTMLElement, legend: string, label: string) => {
  const fieldset = [...host.querySelectorAll("fieldset")].find((f) => f.querySelector("legend")?.textContent === legend)!;
  return [...fieldset.querySelectorAll("label")].find((l) => l.textContent === label)!.querySelector("input")!;
};
async function click(el: HTMLElement) {
  await act(async () => el.click());
}
async function type(el: HTMLTextAreaElement, value: string) {
  // React tracks the value it set; go through the native setter so onChange sees the new one.
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")!.set!;
  await act(async () => {
    setter.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
}

describe("outcome popup for a closure the CRM reported", () => {
  it("says what the CRM reported, is prefilled with it, and keeps the CRM's close date", async () => {
    const submitted: RecordOutcomeRequest[] = [];
    const host = await render(
      <OutcomeForm
        leadName="Acme renewal"
        initialResult="won"
        reported={{ crmLabel: "HubSpot", status: "won", closedAt: "2026-11-23T16:00:00.000Z" }}
        vocabulary={null}
        waiting={0}
        onClose={() => {}}
        onSubmit={async (o) => void submitted.push(o)}
      />,
    );
    expect(host.querySelector("h2")!.textContent).toBe("HubSpot reported this deal as Closed Won — how did it go?");
    expect(radio(host, "How did it end?", "Won").checked).toBe(true);
    await click(radio(host, "Did the prospect respond?", "Yes"));
    await click(radio(host, "Did you get a meeting?", "Yes"));
    await click(host.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    expect(submitted).toEqual([{ responded: true, meetingBooked: true, result: "won", tactics: [], closedAt: "2026-11-23T16:00:00.000Z" }]);
  });

  it("asks for an approach a scenario can teach when the rep consents", async () => {
    const submitted: RecordOutcomeRequest[] = [];
    const host = await render(<OutcomeForm leadName={null} initialResult="won" vocabulary={null} waiting={0} onClose={() => {}} onSubmit={async (o) => void submitted.push(o)} />);
    expect(host.querySelector("h2")!.textContent).toBe("Log the outcome");
    await click(radio(host, "Did the prospect respond?", "No"));
    await click(radio(host, "Can we use this as a training scenario for the team?", "Yes"));
    const approach = host.querySelector("textarea")!;
    await type(approach, "Pilot.");
    await click(host.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    expect(submitted).toHaveLength(0);
    expect(host.querySelector('[role="alert"]')!.textContent).toMatch(/at least 20 characters/);
    await type(approach, "Ran a two-week pilot with their ops team, then priced per site.");
    await click(host.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    expect(submitted[0]).toMatchObject({ result: "won", scenarioConsent: true, winningApproach: "Ran a two-week pilot with their ops team, then priced per site." });
  });
});

describe("the draft made from a shared win", () => {
  const made: ScenarioDraftState = { state: "sent", scenario: { id: "sc_1", title: "Closing a skeptical CFO" }, error: null };

  it("says what became of the draft and where it will be reviewed", async () => {
    expect(draftLine(made).text).toBe("Draft scenario made: “Closing a skeptical CFO”. It waits in Review in Deal Quest's side panel until you or your manager publish it to the team.");
    expect(draftLine({ state: "waiting", scenario: null, error: null })).toMatchObject({ tone: "warn", text: expect.stringContaining("once your outcome reaches Deal Quest") });
    expect(draftLine({ state: "failed", scenario: null, error: { status: 409, code: "conflict", message: "A scenario was already drafted from this deal" } }).text).toBe(
      "The draft scenario could not be made: A scenario was already drafted from this deal. It is in the failed list in Deal Quest's popup.",
    );
    let closed = false;
    const host = await render(<DraftNotice draft={made} onClose={() => (closed = true)} />);
    expect(host.querySelector('[role="status"] [data-testid="draft-line"]')!.textContent).toContain("Closing a skeptical CFO");
    await click(host.querySelector("button")!);
    expect(closed).toBe(true);
  });
});

describe("lead panel nudges", () => {
  const nudge: Nudge = {
    id: "n1",
    kind: "stale_lead",
    message: "Acme has been quiet for 20 days. Practise re-engaging: “Wake a quiet deal”.",
    leadId: "ld_1",
    scenario: { id: "sc_reengage", title: "Wake a quiet deal", category: "re_engagement", difficulty: "medium" },
    link: "sidepanel.html#/scenario/sc_reengage",
    status: "open",
    snoozedUntil: null,
    createdAt: "2026-11-24T10:00:00.000Z",
    expiresAt: "2026-12-08T10:00:00.000Z",
  };

  it("lists this lead's nudges; Practice now hands the nudge over in the click and reports the side panel", async () => {
    const store = createLeadStore({ reading: { name: "Acme", company: "Acme", amount: 1 }, nudges: [nudge] });
    const practised: Nudge[] = [];
    const host = await render(
      <LeadPanel
        store={store}
        crmLabel="HubSpot"
        collapsed={false}
        onCollapsedChange={() => {}}
        onLogOutcome={() => {}}
        onPractice={async () => true}
        onPracticeNudge={(n) => {
          practised.push(n); // synchronously, inside the click
          return Promise.resolve(true);
        }}
        onAnswer={async () => {}}
      />,
    );
    const item = host.querySelector('[data-testid="nudge"]')!;
    expect(item.textContent).toContain("quiet for 20 days");
    const button = [...item.querySelectorAll("button")].find((b) => b.textContent === "Practice now")!;
    act(() => button.click());
    expect(practised).toEqual([nudge]);
    await act(async () => {});
    expect(host.querySelector("aside")!.getAttribute("data-side-panel")).toBe("opened");
    await act(async () => store.set({ nudges: [] }));
    expect(host.querySelector('[data-testid="nudge"]')).toBeNull();
  });

  it("says there is something to practise while the panel is collapsed", async () => {
    const store = createLeadStore({ reading: {}, nudges: [nudge] });
    const noop = async () => true;
    const host = await render(<LeadPanel store={store} crmLabel="HubSpot" collapsed onCollapsedChange={() => {}} onLogOutcome={() => {}} onPractice={noop} onPracticeNudge={noop} onAnswer={async () => {}} />);
    expect(host.querySelector('[data-testid="nudge-count"]')!.textContent).toBe("1 to practise");
    expect(host.querySelector('[data-testid="nudge"]')).toBeNull();
  });
});
