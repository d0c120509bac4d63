import { describe, expect, it } from "vitest";
import { formatAmount } from "./format.ts";

describe("formatAmount", () => {
  it("groups thousands and writes the common currencies' symbols first", () => {
    expect(formatAmount(48000, "USD")).toBe("$48,000");
    expect(formatAmount(1234567.6, "EUR")).toBe("€1,234,568");
    expect(formatAmount(950, "GBP")).toBe("£950");
  });

  it("writes other currency codes after the amount, and a bare number without one", () => {
    expect(formatAmount(12500, "CHF")).toBe("12,500 CHF");
    expect(formatAmount(12500, undefined)).toBe("12,500");
    expect(formatAmount(0, null)).toBe("0");
  });

  it("keeps a negative sign and shows nothing for no amount", () => {
    expect(formatAmount(-1500, "USD")).toBe("-$1,500");
    expect(formatAmount(null, "USD")).toBeNull();
    expect(formatAmount(undefined, "USD")).toBeNull();
    expect(formatAmount(Number.NaN, "USD")).toBeNull();
  });
});
