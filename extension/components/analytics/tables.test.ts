import { describe, expect, it } from "vitest";
import Papa from "papaparse";
import { tableCsv } from "./csv.ts";
import { figures, lift, rate } from "./fixture.test-helpers.ts";
import { cycleTable, effectivenessTable, funnelTable, isExportOnly, liftTable, repTable, weeklyTable } from "./tables.ts";

const reps = [
  { member: { id: "a", name: "Lee, Morgan", role: "rep" as const }, ...figures() },
  { member: { id: "b", name: 'Sam "the closer" Chen', role: "rep" as const }, ...figures({ northStar: { dealsClosed: 1, outcomes: 2, attempts: 0, practiceSeconds: 0, trainingHours: 0, dealsPerTrainingHour: null, caveat: "No practice in this period." } }) },
];

describe("the dashboard's tables and their CSV", () => {
  it("export every figure with its interval and n, quoting what needs quoting", () => {
    const rows = Papa.parse<string[]>(tableCsv(repTable(reps))).data;
    const header = rows[0]!;
    expect(header.slice(0, 6)).toEqual(["Rep", "Training h", "Attempts", "Outcomes", "Won", "Won / training hour"]);
    expect(header).toEqual(expect.arrayContaining(["Response", "Response (95% low)", "Response (95% high)", "Response (k)", "Response (n)", "Win (n)"]));
    const col = (name: string) => header.indexOf(name);
    expect(rows[1]![col("Rep")]).toBe("Lee, Morgan");
    expect(rows[2]![col("Rep")]).toBe('Sam "the closer" Chen');
    expect(rows[1]![col("Won / training hour")]).toBe("2");
    expect(rows[2]![col("Won / training hour")]).toBe(""); // null: no practice
    expect(rows[1]![col("Response")]).toBe("0.6");
    expect(rows[1]![col("Response (k)")]).toBe("6");
    expect(rows[1]![col("Response (n)")]).toBe("10");
  });

  it("show the rates on screen and keep bounds and counts for the export", () => {
    const t = repTable(reps);
    const shown = t.columns.filter((c) => !isExportOnly(c as never)).map((c) => c.label);
    expect(shown).toContain("Response");
    expect(shown).not.toContain("Response (95% low)");
    const response = t.columns.find((c) => c.key === "response_rate")!;
    expect(response.display!(reps[0]!)).toBe("60%");
    expect(response.title!(reps[0]!)).toBe("6 of 10; 95% interval 40–80%");
  });

  it("build the other tables from the figures", () => {
    const f = figures();
    expect(funnelTable(f.funnel).rows.map((r) => [r.step, r.of, r.rate.k, r.rate.n])).toEqual([
      ["Responded", "outcomes", 6, 10],
      ["Meeting booked", "responses", 4, 6],
      ["Won", "outcomes", 3, 10],
      ["Lost", "outcomes", 4, 10],
      ["Ghosted", "outcomes", 3, 10],
    ]);
    expect(cycleTable(f.cycleTime).rows.map((r) => [r.label, r.n, r.medianDays])).toEqual([
      ["All won deals", 3, 21],
      ["Referral, warm intro", 2, 18.5],
    ]);
    expect(Papa.parse<string[]>(tableCsv(effectivenessTable("strategies", f.effectiveness.strategies))).data[1]!.slice(0, 3)).toEqual(["referral", "Referral, warm intro", "4"]);
    const lift = liftTable(f.lift);
    const difference = lift.columns.find((c) => c.key === "difference")!;
    expect(lift.rows.map((r) => difference.display!(r))).toEqual(["+35 pts", "−10 pts", "not measured yet"]);
    expect(weeklyTable(f.weekly).rows).toHaveLength(2);
  });

  it("export each lift with its status and interval method, a zero change and too few outcomes included", () => {
    const rows = [
      lift("closing", rate(5, 5), rate(5, 5), -0.434491, 0.434491),
      lift("negotiation", rate(4, 9), rate(6, 9), -0.2, 0.6, { reps: 9, method: "rep_clustered_bootstrap" }),
      lift("pricing", rate(2, 2), rate(3, 3), null, null),
      lift("re_engagement", rate(0, 0), rate(0, 0), null, null),
    ];
    const table = liftTable(rows);
    const csv = Papa.parse<string[]>(tableCsv(table)).data;
    const header = csv[0]!;
    const col = (name: string) => header.indexOf(name);
    expect(header).toEqual(expect.arrayContaining(["Status", "Difference", "Difference (95% low)", "Difference (95% high)", "Interval method"]));
    expect(csv.slice(1, 5).map((r) => [r[col("Category")], r[col("Status")], r[col("Difference")], r[col("Difference (95% low)")], r[col("Difference (95% high)")], r[col("Interval method")]])).toEqual([
      ["Closing", "measured", "0", "-0.4345", "0.4345", "newcombe_hybrid_score"],
      ["Negotiation", "measured", "0.2222", "-0.2", "0.6", "rep_clustered_bootstrap"],
      ["Pricing", "too_few", "0", "", "", ""],
      ["Re-engagement", "none", "", "", "", ""],
    ]);
    const shown = (key: string) => table.rows.map((r) => table.columns.find((c) => c.key === key)!.display!(r));
    expect(shown("difference")).toEqual(["0 pts", "+22 pts", "too few outcomes", "not measured yet"]);
    expect(shown("status")).toEqual(["measured", "measured", "too few outcomes", "not measured yet"]);
    expect(shown("method")).toEqual(["Newcombe hybrid score interval", "bootstrap over 9 reps", "no interval", "no interval"]);
  });
});
