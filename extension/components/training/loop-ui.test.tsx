// @vitest-environment happy-dom
// The side panel's training view: weak areas with their evidence, recommendations, the tabs.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { nudge, recommendation, scenarioSummary, weakAreaList } from "../../background/loop.test-helpers.ts";
import { background, cleanup, fresh, render, stale } from "../loop-ui.test-helpers.tsx";
import { recommendationsFor } from "./Recommended.tsx";

vi.mock("../../lib/messaging.ts", async (original) => ({
  ...(await original<typeof import("../../lib/messaging.ts")>()),
  send: vi.fn(async (m: { type: string }) => (await import("../loop-ui.test-helpers.tsx")).fakeSend(m)),
}));
vi.mock("wxt/browser", async () => ({ browser: (await import("../fake-browser.test-helpers.ts")).fakeBrowser }));

const member = (role: "rep" | "manager") => ({ member: { id: "m1", teamId: "t1", name: "Riley", email: "r@x.io", role, createdAt: "2026-01-01T00:00:00.000Z" }, team: { id: "t1", name: "Northwind" } });
const recs = [
  recommendation("sc_a", { title: "Meeting, easy", difficulty: "easy" }, "Meeting booking is your top weak area: 4 of your last 4 replies didn't turn into a meeting."),
  recommendation("sc_b", { title: "Pricing, medium", category: "pricing" }, "Pricing comes next."),
  recommendation("sc_c", { title: "Meeting, medium" }),
  recommendation("sc_d", { title: "Meeting, hard", difficulty: "hard" }),
];

beforeEach(() => {
  background.reset({
    "me.get": () => fresh(member("rep")),
    "weakAreas.get": () => fresh(weakAreaList()),
    "recommendations.get": () => fresh({ recommendations: recs, computedAt: "2026-11-24T10:00:00.000Z" }),
    "scenarios.list": () => fresh([scenarioSummary("sc_a", { title: "Meeting, easy" }), scenarioSummary("sc_z", { title: "Not recommended" })]),
    "nudges.list": () => fresh({ nudges: [nudge("n1")] }),
    "pendingOutcomes.list": () => fresh([]),
  });
});
afterEach(cleanup);

describe("weak areas", () => {
  it("shows each weak area with the worker's evidence as text, and 'Practice this' at the suggested difficulty", async () => {
    const { WeakAreas } = await import("./WeakAreas.tsx");
    const { host } = await render(<WeakAreas />);
    expect(host.textContent).toContain("From 3 practice attempts and 7 closed deals.");
    const areas = [...host.querySelectorAll('[data-testid="weak-area"]')];
    expect(areas.map((a) => a.getAttribute("data-category"))).toEqual(["meeting_booking", "pricing"]);
    expect([...areas[0]!.querySelectorAll(".evidence li")].map((li) => li.textContent)).toEqual([
      "Real deals: 4 of your last 4 replies didn't turn into a meeting; team: 8 in 10.",
      "Practice: Your meeting-booking scores average 48, against 66 overall.",
    ]);
    expect(areas[0]!.querySelector('[role="img"]')?.getAttribute("aria-label")).toBe("Weakness: high");
    expect(areas[1]!.querySelector('[role="img"]')?.getAttribute("aria-label")).toBe("Weakness: medium");
    const link = areas[0]!.querySelector("a")!;
    expect(link.getAttribute("href")).toBe("#/train?category=meeting_booking&difficulty=easy");
    expect(link.getAttribute("aria-label")).toBe("Practice this: Meeting booking");
  });

  it("with no evidence yet it says how to get some; offline it says since when it shows", async () => {
    background.answers["weakAreas.get"] = () => stale({ ...weakAreaList(), weakAreas: [], basis: { attempts: 1, deals: 0, openLeads: 0 } });
    const { WeakAreas } = await import("./WeakAreas.tsx");
    const { host } = await render(<WeakAreas />);
    expect(host.textContent).toContain("From 1 practice attempt and 0 closed deals.");
    expect(host.textContent).toContain("Nothing stands out yet.");
    expect(host.querySelector('[role="status"]')?.textContent).toBe("Offline: showing your weak areas as of 5 min ago.");
  });
});

describe("recommendations", () => {
  it("fit a filtered list: same category, same difficulty when there are some, else the closest there are", () => {
    const ids = (filter: object) => recommendationsFor(recs, filter).map((r) => r.scenario.id);
    expect(ids({})).toEqual(["sc_a", "sc_b", "sc_c"]);
    expect(ids({ category: "meeting_booking", difficulty: "hard" })).toEqual(["sc_d"]);
    expect(ids({ category: "meeting_booking", difficulty: undefined })).toEqual(["sc_a", "sc_c", "sc_d"]);
    expect(ids({ category: "pricing", difficulty: "easy" })).toEqual(["sc_b"]);
    expect(ids({ category: "closing" })).toEqual([]);
  });

  it("the training list starts with what to practise next and why, and marks recommended scenarios", async () => {
    const { TrainList } = await import("./TrainList.tsx");
    const { host } = await render(<TrainList route={{ name: "train" }} />);
    const section = host.querySelector('[data-testid="recommended"]')!;
    expect(section.querySelector("h2")?.textContent).toBe("Recommended for you");
    const items = [...section.querySelectorAll('[data-testid="recommendation"]')];
    expect(items.map((a) => a.getAttribute("href"))).toEqual(["#/scenario/sc_a", "#/scenario/sc_b", "#/scenario/sc_c"]);
    expect(items[0]!.querySelector(".reason")?.textContent).toBe("Meeting booking is your top weak area: 4 of your last 4 replies didn't turn into a meeting.");
    expect(host.querySelector('[data-testid="weak-areas"]')).not.toBeNull();
    const list = [...host.querySelectorAll('[aria-label="Scenarios"] a')];
    expect(list.map((a) => [a.querySelector("strong")?.textContent, a.textContent?.includes("Recommended")])).toEqual([
      ["Meeting, easy", true],
      ["Not recommended", false],
    ]);
  });

  it("a filtered list shows the recommendations in its category and no weak-areas card", async () => {
    const { TrainList } = await import("./TrainList.tsx");
    const { host } = await render(<TrainList route={{ name: "train", category: "pricing", difficulty: "medium" }} />);
    expect(host.querySelector('[data-testid="recommended"] h2')?.textContent).toBe("Recommended in Pricing");
    expect([...host.querySelectorAll('[data-testid="recommendation"] strong')].map((s) => s.textContent)).toEqual(["Pricing, medium"]);
    expect(host.querySelector('[data-testid="weak-areas"]')).toBeNull();
    expect(background.of("scenarios.list")[0]).toEqual({ type: "scenarios.list", query: { category: "pricing", difficulty: "medium" } });
  });
});

describe("the side panel's tabs", () => {
  it("Train, Today with its count, Progress, and Drafts for a rep", async () => {
    location.hash = "#/train";
    const { SidePanelApp } = await import("./SidePanelApp.tsx");
    const { host } = await render(<SidePanelApp />);
    const tabs = [...host.querySelectorAll("nav a")];
    expect(tabs.map((a) => [a.getAttribute("href"), a.textContent])).toEqual([
      ["#/train", "Train"],
      ["#/today", "Today1, 1 waiting"],
      ["#/progress", "Progress"],
      ["#/review", "Drafts"],
    ]);
    expect(tabs[0]!.getAttribute("aria-current")).toBe("page");
  });

  it("Review for a manager, current on the review route", async () => {
    background.answers["me.get"] = () => fresh(member("manager"));
    background.answers["drafts.list"] = () => fresh([]);
    location.hash = "#/review";
    const { SidePanelApp } = await import("./SidePanelApp.tsx");
    const { host } = await render(<SidePanelApp />);
    const review = host.querySelector('nav a[href="#/review"]')!;
    expect(review.textContent).toBe("Review");
    expect(review.getAttribute("aria-current")).toBe("page");
    expect(host.querySelector("main h1")?.textContent).toBe("Review queue");
    expect(background.of("drafts.list")).toEqual([{ type: "drafts.list", scope: "team" }]);
  });
});
