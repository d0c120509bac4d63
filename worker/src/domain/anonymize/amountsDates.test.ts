import { describe, expect, it } from "vitest";
import { amountRange, findAmounts, findDates, parseAmount, parseDate, relativeDate } from "./amountsDates.ts";

const start = new Date("2026-03-02T09:00:00Z");
const found = (text: string, f: typeof findDates) => f(text).map((r) => text.slice(r.start, r.end));
const day = (text: string) => parseDate(text, start)?.toISOString().slice(0, 10);

describe("amounts as ranges", () => {
  it("reads amounts with symbols, codes, suffixes and separators", () => {
    expect(parseAmount("$48,500")).toEqual({ value: 48_500, symbol: "$" });
    expect(parseAmount("EUR 1.2m")).toEqual({ value: 1_200_000, symbol: "€" });
    expect(parseAmount("14k")).toEqual({ value: 14_000, symbol: "" });
    expect(parseAmount("soon")).toBeNull();
  });

  it("reads the ways the world writes amounts: European separators, other currencies, words", () => {
    expect(parseAmount("540.000 kr")).toEqual({ value: 540_000, symbol: "kr " });
    expect(parseAmount("€85.000")).toEqual({ value: 85_000, symbol: "€" });
    expect(parseAmount("320 000 SEK")).toEqual({ value: 320_000, symbol: "SEK " });
    expect(parseAmount("S$150,000")).toEqual({ value: 150_000, symbol: "S$" });
    expect(parseAmount("AED 380,000")).toEqual({ value: 380_000, symbol: "AED " });
    expect(parseAmount("2.1 MSEK")).toEqual({ value: 2_100_000, symbol: "SEK " });
    expect(parseAmount("$1.9M")).toEqual({ value: 1_900_000, symbol: "$" });
    expect(parseAmount("sixty-four grand")).toEqual({ value: 64_000, symbol: "" });
    expect(parseAmount("twenty-two thousand pounds")).toEqual({ value: 22_000, symbol: "£" });
  });

  it("finds amounts in figures and in words, and leaves years and small counts alone", () => {
    const text = "Signed Feb 20, one hundred and thirty-five thousand a year; then $450 a month, 2.1 MSEK extra and seventy-two thousand dollars in 2026 for 3 teams.";
    expect(found(text, findAmounts)).toEqual(expect.arrayContaining(["one hundred and thirty-five thousand", "$450", "2.1 MSEK", "seventy-two thousand dollars"]));
    expect(found(text, findAmounts).join(" ")).not.toMatch(/2026|\b3\b/);
  });

  it("puts an exact amount in a range of the same currency", () => {
    expect(amountRange(48_500, "$")).toBe("$25k–$50k");
    expect(amountRange(700, "£")).toBe("under £1k");
    expect(amountRange(2e8, "€")).toBe("over €100M");
  });
});

describe("dates as moments of the deal", () => {
  it("reads ISO, US and written dates; a date without a year is the one nearest the deal", () => {
    expect(day("2026-04-20")).toBe("2026-04-20");
    expect(day("02/20/2026")).toBe("2026-02-20");
    expect(day("the 14th of March")).toBe("2026-03-14");
    expect(day("Dec 30")).toBe("2025-12-30");
  });

  it("reads day-first, dotted, quarter, foreign-language, ordinal-word and CJK dates", () => {
    expect(day("20/11/2025")).toBe("2025-11-20");
    expect(day("09.05.2025")).toBe("2025-05-09");
    expect(day("Q3 2026")).toBe("2026-07-01");
    expect(day("el 5 de septiembre de 2025")).toBe("2025-09-05");
    expect(day("le 26 juin")).toBe("2026-06-26");
    expect(day("thirtieth of January 2026")).toBe("2026-01-30");
    expect(day("2025年10月31日")).toBe("2025-10-31");
    expect(day("Thursday 7/17")).toBe("2026-07-17");
  });

  it("finds month/day dates after a date word, not fractions or 24/7", () => {
    expect(found("contract up on 4/30, signed 6/27, Thursday 7/17", findDates)).toEqual(["on 4/30", "6/27", "Thursday 7/17"]);
    expect(found("cut 1/2 of the work, support 24/7", findDates)).toEqual([]);
    expect(found("renewal convo Q3 2026 and Tuesday the 15th", findDates)).toEqual(["Q3 2026", "Tuesday the 15th"]);
  });

  it("says days early in the deal, weeks and months later, and how long before it started", () => {
    expect(relativeDate(new Date("2026-03-02"), start, "on")).toBe("on day 1 of the deal");
    expect(relativeDate(new Date("2026-04-20"), start, "by")).toBe("by week 8 of the deal");
    expect(relativeDate(new Date("2026-09-20"), start, null)).toBe("in month 7 of the deal");
    expect(relativeDate(new Date("2026-02-20"), start, "on")).toBe("10 days before the deal started");
  });
});
