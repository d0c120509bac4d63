import { describe, expect, it } from "vitest";
import { FIRST, fictionalBuyer, LAST, ORG, shuffled } from "./standIns.ts";

describe("fictional stand-ins", () => {
  it("picks the same buyer for the same seed and another one for another seed", () => {
    expect(fictionalBuyer("lead_1")).toEqual(fictionalBuyer("lead_1"));
    const seeds = Array.from({ length: 20 }, (_, i) => fictionalBuyer(`lead_${i}`).person);
    expect(new Set(seeds).size).toBeGreaterThan(10);
  });

  it("builds names only from the fictional pools, with the suffix asked for", () => {
    const { person, organisation } = fictionalBuyer("seed", "Clinics");
    const [first, last] = person.split(" ");
    expect(FIRST).toContain(first);
    expect(LAST).toContain(last);
    expect(organisation).toMatch(/ Clinics$/);
    expect(ORG).toContain(organisation.replace(/ Clinics$/, ""));
  });

  it("shuffles without losing or repeating anyone", () => {
    const s = shuffled(FIRST, 7);
    expect([...s].sort()).toEqual([...FIRST].sort());
    expect(s).not.toEqual(FIRST);
  });
});
