import { describe, expect, it } from "vitest";
import { completeWeeks, isoWeek, mondayOf, resolvePeriod, weeksOverlapping } from "./period.ts";

describe("ISO weeks", () => {
  it("finds the Monday of a day's week", () => {
    expect(mondayOf("2025-01-01")).toBe("2024-12-30"); // a Wednesday
    expect(mondayOf("2025-01-05")).toBe("2024-12-30"); // a Sunday
    expect(mondayOf("2025-01-06")).toBe("2025-01-06"); // a Monday
  });

  it("labels weeks by their Thursday's year", () => {
    expect(isoWeek("2024-12-30")).toBe("2025-W01");
    expect(isoWeek("2026-01-05")).toBe("2026-W02");
    expect(isoWeek("2026-12-28")).toBe("2026-W53"); // 2026 starts on a Thursday: 53 weeks
    expect(isoWeek("2027-01-04")).toBe("2027-W01");
  });

  it("lists overlapping and complete weeks of a period", () => {
    // Wed 1 Jan 2025 … Sun 19 Jan 2025
    expect(weeksOverlapping("2025-01-01", "2025-01-19")).toEqual(["2024-12-30", "2025-01-06", "2025-01-13"]);
    expect(completeWeeks("2025-01-01", "2025-01-19")).toEqual(["2025-01-06", "2025-01-13"]);
  });
});

describe("resolvePeriod", () => {
  it("defaults to the last 90 days, today included", () => {
    const r = resolvePeriod({}, "2026-03-31");
    expect(r).toEqual({ ok: true, period: { from: "2026-01-01", to: "2026-03-31", days: 90, start: "2026-01-01T00:00:00.000Z", end: "2026-04-01T00:00:00.000Z" } });
  });

  it("fills a missing bound from the other", () => {
    expect(resolvePeriod({ to: "2026-02-28" }, "2026-03-31")).toMatchObject({ ok: true, period: { from: "2025-12-01", to: "2026-02-28" } });
    expect(resolvePeriod({ from: "2026-03-01" }, "2026-03-31")).toMatchObject({ ok: true, period: { from: "2026-03-01", to: "2026-03-31", days: 31 } });
    expect(resolvePeriod({ from: "2026-05-01" }, "2026-03-31")).toMatchObject({ ok: true, period: { from: "2026-05-01", to: "2026-05-01", days: 1 } });
  });

  it("refuses a reversed or overlong period", () => {
    expect(resolvePeriod({ to: "2026-01-01", from: "2026-01-02" }, "2026-03-31")).toMatchObject({ ok: false, path: "from" });
    expect(resolvePeriod({ from: "2023-01-01" }, "2026-03-31")).toMatchObject({ ok: false, path: "to" });
  });
});
