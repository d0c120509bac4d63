import { describe, expect, it } from "vitest";
import { amountRange, parseAmount, parseDate, relativeDate } from "./amountsDates.ts";

const start = new Date("2026-03-02T09:00:00Z");

describe("amounts as ranges", () => {
  it("reads amounts with symbols, codes, suffixes and separators", () => {
    expect(parseAmount("$48,500")).toEqual({ value: 48_500, symbol: "$" });
    expect(parseAmount("EUR 1.2m")).toEqual({ value: 1_200_000, symbol: "€" });
    expect(parseAmount("14k")).toEqual({ value: 14_000, symbol: "" });
    expect(parseAmount("twelve")).toBeNull();
  });

  it("puts an exact amount in a range of the same currency", () => {
    expect(amountRange(48_500, "$")).toBe("$25k–$50k");
    expect(amountRange(700, "£")).toBe("under £1k");
    expect(amountRange(2e8, "€")).toBe("over €100M");
  });
});

describe("dates as moments of the deal", () => {
  it("reads ISO, US and written dates; a date without a year is the one nearest the deal", () => {
    expect(parseDate("2026-04-20", start)?.toISOString().slice(0, 10)).toBe("2026-04-20");
    expect(parseDate("02/20/2026", start)?.toISOString().slice(0, 10)).toBe("2026-02-20");
    expect(parseDate("the 14th of March", start)?.toISOString().slice(0, 10)).toBe("2026-03-14");
    expect(parseDate("Dec 30", start)?.toISOString().slice(0, 10)).toBe("2025-12-30");
  });

  it("says days early in the deal, weeks and months later, and how long before it started", () => {
    expect(relativeDate(new Date("2026-03-02"), start, "on")).toBe("on day 1 of the deal");
    expect(relativeDate(new Date("2026-04-20"), start, "by")).toBe("by week 8 of the deal");
    expect(relativeDate(new Date("2026-09-20"), start, null)).toBe("in month 7 of the deal");
    expect(relativeDate(new Date("2026-02-20"), start, "on")).toBe("10 days before the deal started");
  });
});
