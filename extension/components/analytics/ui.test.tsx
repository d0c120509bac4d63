// @vitest-environment happy-dom
import { act } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CategoryLift } from "@dq/shared";
import { MessageError } from "../../lib/messaging.ts";
import { settled } from "../loop-ui.test-helpers.tsx";
import { lift, myAnalytics, rate } from "./fixture.test-helpers.ts";
import { LiftChart, LiftTooltip, verdict } from "./Lift.tsx";
import { explainError } from "./useAnalytics.ts";

const sent: unknown[] = [];
let answer: () => unknown = () => ({ data: myAnalytics(), offline: false, cachedAt: "2026-03-31T12:00:00.000Z" });
vi.mock("../../lib/messaging.ts", async (original) => ({
  ...(await original<typeof import("../../lib/messaging.ts")>()),
  send: vi.fn(async (message: unknown) => {
    sent.push(message);
    return answer();
  }),
}));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

async function render(node: React.ReactNode) {
  const host = document.createElement("div");
  document.body.append(host);
  const root = createRoot(host);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await act(async () => root.render(<QueryClientProvider client={client}>{node}</QueryClientProvider>));
  await settled(client); // until the queries are answered, however loaded the machine is

  return { host, unmount: () => act(() => root.unmount()) };
}

afterEach(() => {
  document.body.innerHTML = "";
  sent.length = 0;
});

describe("Progress (the side panel tab)", () => {
  it("shows the rep's own north star, funnel and lift, with honest verdicts and practice links", async () => {
    const { Progress } = await import("./Progress.tsx");
    const { host } = await render(<Progress />);
    expect(sent[0]).toMatchObject({ type: "analytics.me", query: { from: expect.any(String), to: expect.any(String) } });
    expect(host.querySelector('[data-testid="my-north-star"]')!.textContent).toContain("2.00");
    expect(host.textContent).toContain("3 deals won for 1.5 h of practice.");
    expect(host.querySelector('[data-testid="my-funnel"]')!.textContent).toContain("Replied 6/10 of your deals60%");
    const lifts = host.querySelector('[data-testid="my-lift"]')!.textContent!;
    expect(lifts).toContain("Paying off Cold outreach — response rate: 25% → 60%");
    expect(lifts).toContain("Too early to tell Meeting booking");
    const practice = host.querySelector('a[href="#/train?category=pricing"]');
    expect(practice?.textContent).toBe("Pricing");
  });

  it("encourages a start when nothing is logged, and explains a failure", async () => {
    const { Progress } = await import("./Progress.tsx");
    answer = () => ({
      data: myAnalytics({
        northStar: { dealsClosed: 0, outcomes: 0, attempts: 0, practiceSeconds: 0, trainingHours: 0, dealsPerTrainingHour: null, caveat: "No practice and no outcomes in this period." },
        funnel: { n: 0, responded: rate(0, 0), meetingBooked: rate(0, 0), won: rate(0, 0), lost: rate(0, 0), ghosted: rate(0, 0), caveat: "No outcomes recorded in this period." },
        lift: [lift("cold_outreach", rate(0, 0), rate(0, 0), null, null)],
      }),
      offline: false,
      cachedAt: null,
    });
    let view = await render(<Progress />);
    expect(view.host.textContent).toContain("Nothing logged in this period yet. Practise a scenario");
    expect(view.host.textContent).toContain("No outcomes logged in this period.");
    expect(view.host.textContent).toContain("Not measurable yet");
    await view.unmount();

    answer = () => {
      throw new MessageError({ code: "no_token", message: "Add your Deal Quest token in the extension's options.", status: 0 });
    };
    view = await render(<Progress />);
    expect(view.host.querySelector('[role="alert"]')!.textContent).toContain("Connect Deal Quest first");
  });
});

describe("Progress with too few outcomes", () => {
  it("says so instead of showing a change", async () => {
    const { Progress } = await import("./Progress.tsx");
    answer = () => ({ data: myAnalytics({ lift: [lift("closing", rate(2, 2), rate(3, 3), null, null)] }), offline: false, cachedAt: null });
    const { host } = await render(<Progress />);
    const lifts = host.querySelector('[data-testid="my-lift"]')!.textContent!;
    expect(lifts).toContain("Too early to tell Closing — wins after a meeting: too few deals yet to say (2 before, 3 after).");
    expect(lifts).not.toContain("likely between");
  });
});

describe("explainError", () => {
  it("turns refusals into words a person can act on", () => {
    expect(explainError(new MessageError({ code: "forbidden", message: "Only a manager can do this.", status: 403 })).title).toBe("This dashboard is for managers");
    expect(explainError(new MessageError({ code: "no_token", message: "Add your token", status: 0 }))).toMatchObject({ action: "options" });
    expect(explainError(new MessageError({ code: "network", message: "Could not reach the server.", status: 0 })).title).toBe("The Deal Quest server cannot be reached");
    expect(explainError(new MessageError({ code: "invalid_query", message: "bad", status: 400, issues: [{ path: ["from"], message: "`from` must be on or before `to`." }] })).body).toBe(
      "`from` must be on or before `to`.",
    );
  });
});

describe("lift verdicts", () => {
  it("call a change only when the whole interval is on one side of zero", () => {
    expect(verdict(lift("cold_outreach", rate(2, 8), rate(6, 10), 0.05, 0.7))).toBe("better");
    expect(verdict(lift("cold_outreach", rate(6, 8), rate(2, 10), -0.7, -0.05))).toBe("worse");
    expect(verdict(lift("cold_outreach", rate(3, 5), rate(3, 6), -0.5, 0.4))).toBe("unclear");
    expect(verdict(lift("pricing", rate(0, 0), rate(0, 0), null, null))).toBe("unclear");
  });
});

describe("the lift chart", () => {
  // happy-dom lays nothing out: give the chart's container a size so Recharts draws.
  const box = { x: 0, y: 0, top: 0, left: 0, right: 640, bottom: 400, width: 640, height: 400, toJSON: () => ({}) };
  const rows = () => [
    lift("cold_outreach", rate(2, 8), rate(6, 10), 0.05, 0.7, { summary: "Cold outreach: +35 points." }),
    // 100% of 5 before → 100% of 5 after: no change, measured, with Newcombe's interval ±43 points.
    lift("closing", rate(5, 5), rate(5, 5), -0.4345, 0.4345, { summary: "Closing: 0 points." }),
    lift("negotiation", rate(4, 9), rate(6, 9), -0.2, 0.6, { reps: 9, method: "rep_clustered_bootstrap", summary: "Negotiation: +22 points." }),
    // 100% of 2 before → 100% of 3 after: too few to say, never drawn as a number.
    lift("pricing", rate(2, 2), rate(3, 3), null, null, { summary: "Pricing (wins after a meeting): too few outcomes (2 before, 3 after) to say." }),
    lift("re_engagement", rate(0, 0), rate(0, 0), null, null),
  ];

  it("draws every measured row, a zero change included, and lists too-few rows as words", async () => {
    const spy = vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue(box as DOMRect);
    try {
      const { host } = await render(<LiftChart lift={rows()} />);
      const marks = [...host.querySelectorAll('[data-testid="lift-mark"]')];
      expect(marks.map((m) => m.getAttribute("data-category"))).toEqual(["cold_outreach", "closing", "negotiation"]);
      // The zero change is a visible diamond at 0, not a zero-width bar.
      const zero = host.querySelector('[data-testid="lift-mark"][data-category="closing"]')!;
      expect(zero.querySelector("path")).not.toBeNull();
      expect(zero.querySelector("rect")).toBeNull();
      const zeroLine = host.querySelector(".recharts-reference-line line")!.getAttribute("x1");
      expect(zero.querySelector("path")!.getAttribute("d")).toMatch(new RegExp(`^M${zeroLine},`));
      expect(host.querySelectorAll(".recharts-bar-rectangle")).toHaveLength(3);
      expect(host.querySelectorAll(".recharts-errorBar")).toHaveLength(3);
      expect(host.querySelector('[data-testid="lift-mark"][data-category="cold_outreach"] rect')!.getAttribute("width")).not.toBe("0");

      const readings = [...host.querySelectorAll('[data-testid="lift-row"]')].map((r) => [r.getAttribute("data-category"), r.getAttribute("data-status"), r.textContent]);
      expect(readings).toEqual([
        ["cold_outreach", "measured", "+35 pts Cold outreach: +35 points."],
        ["closing", "measured", "0 pts Closing: 0 points."],
        ["negotiation", "measured", "+22 pts Negotiation: +22 points."],
        ["pricing", "too_few", "too few outcomes Pricing (wins after a meeting): too few outcomes (2 before, 3 after) to say."],
        ["re_engagement", "none", "not measured yet re_engagement: summary"],
      ]);
      expect(host.querySelector('[data-testid="lift-mark"][data-category="pricing"]')).toBeNull();
      // Each reading names its interval's method.
      expect(host.querySelector('[data-category="closing"][data-testid="lift-row"]')!.getAttribute("title")).toBe("Interval: Newcombe hybrid score interval");
      expect(host.querySelector('[data-category="negotiation"][data-testid="lift-row"]')!.getAttribute("title")).toBe("Interval: bootstrap over 9 reps");
      expect(host.querySelector('[data-category="pricing"][data-testid="lift-row"]')!.hasAttribute("title")).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it("names the interval's method in the tooltip", async () => {
    const [cold, , negotiation] = rows();
    const tip = async (l: CategoryLift) =>
      (await render(<LiftTooltip active payload={[{ payload: { label: l.category, value: 0, err: [0, 0], lift: l } }]} />)).host.textContent;
    expect(await tip(cold!)).toContain("Interval: Newcombe hybrid score interval");
    expect(await tip(negotiation!)).toContain("Interval: bootstrap over 9 reps");
  });

  it("explains itself when nothing is measured yet, still listing every category", async () => {
    const { host } = await render(<LiftChart lift={rows().slice(3)} />);
    expect(host.textContent).toContain("No category has 5 or more outcomes both before and after");
    expect(host.querySelectorAll('[data-testid="lift-row"]')).toHaveLength(2);
    expect(host.querySelector('[data-testid="lift-mark"]')).toBeNull();
  });
});
