import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Category, type Result, categories } from "@dq/shared";
import { type DealRecord, type DealTally, type PracticeAttempt, WEAK_AREA_MODEL, dealFailure, isStale, ratePhrase, weakAreas } from "./weakAreas.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

function deal(kind: "no_reply" | "no_meeting" | "won" | "lost_price" | "ghosted_after_meeting" | "lost_competitor", daysAgo = 5): DealRecord {
  const base = { closedAt: ago(daysAgo), lostReason: null } as const;
  switch (kind) {
    case "no_reply":
      return { ...base, responded: false, meetingBooked: false, result: "ghosted" };
    case "no_meeting":
      return { ...base, responded: true, meetingBooked: false, result: "lost" };
    case "won":
      return { ...base, responded: true, meetingBooked: true, result: "won" };
    case "lost_price":
      return { ...base, responded: true, meetingBooked: true, result: "lost", lostReason: "price" };
    case "ghosted_after_meeting":
      return { ...base, responded: true, meetingBooked: true, result: "ghosted" };
    case "lost_competitor":
      return { ...base, responded: true, meetingBooked: true, result: "lost", lostReason: "competitor" };
  }
}

/** A healthy team: a third get no reply, half the replies become meetings, a third of meetings win. */
const TEAM: DealTally[] = [
  { responded: false, meetingBooked: false, result: "ghosted", lostReason: null, n: 30 },
  { responded: true, meetingBooked: false, result: "lost", lostReason: null, n: 30 },
  { responded: true, meetingBooked: true, result: "won", lostReason: null, n: 15 },
  { responded: true, meetingBooked: true, result: "lost", lostReason: "price", n: 6 },
  { responded: true, meetingBooked: true, result: "lost", lostReason: "competitor", n: 5 },
  { responded: true, meetingBooked: true, result: "ghosted", lostReason: null, n: 4 },
];

function attempt(category: Category, score: number, daysAgo = 2): PracticeAttempt {
  return { scenarioId: `s_${category}_${score}_${daysAgo}`, category, difficulty: "medium", score, at: ago(daysAgo) };
}

const input = (over: Partial<Parameters<typeof weakAreas>[0]> = {}) => ({
  now: NOW,
  attempts: [],
  deals: [],
  openLeads: [],
  team: { deals: TEAM, openLeads: 20, staleOpenLeads: 4 },
  staleLeadDays: 14,
  ...over,
});

describe("where deals die", () => {
  it("maps each failure to the skill that would have saved it", () => {
    expect(dealFailure(deal("no_reply"))).toBe("cold_outreach");
    expect(dealFailure(deal("no_meeting"))).toBe("meeting_booking");
    expect(dealFailure(deal("lost_price"))).toBe("pricing");
    expect(dealFailure(deal("ghosted_after_meeting"))).toBe("re_engagement");
    expect(dealFailure(deal("lost_competitor"))).toBe("objection_handling");
    expect(dealFailure({ responded: true, meetingBooked: true, result: "lost", lostReason: "negotiation" })).toBe("negotiation");
    expect(dealFailure(deal("won"))).toBeNull();
  });

  it("says rates the way people do", () => {
    expect(ratePhrase(0.25)).toBe("1 in 4");
    expect(ratePhrase(0.34)).toBe("1 in 3");
    expect(ratePhrase(0.7)).toBe("7 in 10");
    expect(ratePhrase(0)).toBe("almost never");
  });
});

describe("weak areas", () => {
  it("puts meeting booking first for a rep whose deals die before the meeting, with evidence a rep believes", () => {
    const report = weakAreas(input({ deals: [...Array(4)].map(() => deal("no_meeting")).concat([deal("won"), deal("no_reply")]) }));
    const top = report.weakAreas[0]!;
    expect(top.category).toBe("meeting_booking");
    expect(top.evidence[0]).toEqual({ source: "deals", text: expect.stringMatching(/^4 of your last 5 replies didn't turn into a meeting; team: 1 in 2\.$/) });
    expect(top.deals).toMatchObject({ failures: 4, chances: 5, rate: 0.8 });
    expect(top.link).toBe(`sidepanel.html#/train?category=meeting_booking&difficulty=${top.suggestedDifficulty}`);
  });

  it("property: for any healthy team and any practice history in a normal band, reps whose replies never become meetings get meeting_booking first", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 20 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.record({ category: fc.constantFrom(...categories), score: fc.integer({ min: 60, max: 75 }), daysAgo: fc.integer({ min: 0, max: 60 }) }), { maxLength: 30 }),
        fc.record({ noReply: fc.integer({ min: 5, max: 60 }), noMeeting: fc.integer({ min: 5, max: 20 }), won: fc.integer({ min: 10, max: 40 }) }),
        (stalled, wins, practice, team) => {
          const deals = [...Array(stalled)].map((_, i) => deal("no_meeting", i + 1)).concat([...Array(wins)].map((_, i) => deal("won", i + 30)));
          const tallies: DealTally[] = [
            { responded: false, meetingBooked: false, result: "ghosted", lostReason: null, n: team.noReply },
            { responded: true, meetingBooked: false, result: "lost", lostReason: null, n: team.noMeeting },
            { responded: true, meetingBooked: true, result: "won", lostReason: null, n: team.won },
          ];
          const r = weakAreas(input({ deals, attempts: practice.map((p) => attempt(p.category, p.score, p.daysAgo)), team: { deals: tallies, openLeads: 0, staleOpenLeads: 0 } }));
          expect(r.weakAreas[0]!.category).toBe("meeting_booking");
        },
      ),
      { numRuns: 200 },
    );
  });

  it("shrinks one bad deal toward the team's rate, so it cannot dominate", () => {
    const one = weakAreas(input({ deals: [deal("no_reply")] }));
    const cold = one.weakAreas.find((w) => w.category === "cold_outreach")!;
    expect(cold.deals!.rate).toBe(1);
    // With a prior of K pseudo-deals at the team's rate, one deal moves the rate at most 1/(1+K).
    expect(cold.deals!.adjustedRate).toBeLessThanOrEqual(cold.deals!.teamRate + 1 / (1 + WEAK_AREA_MODEL.dealPrior) + 0.01);
    expect(cold.weakness).toBeLessThan(0.5);
    expect(cold.evidence[0]!.text).toMatch(/^Your only recent first email got no reply; team: /);

    // Against real, repeated evidence elsewhere, the single deal ranks lower.
    const mixed = weakAreas(
      input({
        deals: [deal("no_reply")],
        attempts: [...Array(6)].map((_, i) => attempt("objection_handling", 30, i)).concat([...Array(10)].map((_, i) => attempt("discovery", 80, i))),
      }),
    );
    const order = mixed.weakAreas.map((w) => w.category);
    expect(order.indexOf("objection_handling")).toBeLessThan(order.indexOf("cold_outreach"));
  });

  it("property: more deals failing the same way never lower the weakness", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 5 }), (failures, wins) => {
        const base = [...Array(failures)].map((_, i) => deal("lost_price", i + 1)).concat([...Array(wins)].map((_, i) => deal("won", i + 20)));
        const more = [deal("lost_price", 0), ...base];
        const w = (ds: DealRecord[]) => weakAreas(input({ deals: ds })).weakAreas.find((x) => x.category === "pricing")?.weakness ?? 0;
        expect(w(more)).toBeGreaterThanOrEqual(w(base));
      }),
    );
  });

  it("weighs recent practice more than old practice, against the rep's own mean", () => {
    const others = [...Array(8)].map((_, i) => attempt("discovery", 75, i));
    const recentBad = weakAreas(input({ attempts: [...others, attempt("pricing", 30, 1), attempt("pricing", 35, 2), attempt("pricing", 80, 60)] }));
    const oldBad = weakAreas(input({ attempts: [...others, attempt("pricing", 30, 60), attempt("pricing", 35, 59), attempt("pricing", 80, 1)] }));
    const p = (r: typeof recentBad) => r.weakAreas.find((w) => w.category === "pricing")!;
    expect(p(recentBad).weakness).toBeGreaterThan(p(oldBad).weakness);
    expect(p(recentBad).suggestedDifficulty).toBe("easy");
    expect(p(recentBad).evidence[0]!.text).toMatch(/^Your recent pricing practice averages \d+, against \d+ across all your practice \(3 attempts\)\.$/);
  });

  it("counts stale open leads and silence after meetings as re-engagement", () => {
    const r = weakAreas(input({ deals: [deal("ghosted_after_meeting"), deal("ghosted_after_meeting"), deal("won")], openLeads: [{ activityAt: ago(20) }, { activityAt: ago(30) }, { activityAt: ago(2) }] }));
    const re = r.weakAreas.find((w) => w.category === "re_engagement")!;
    expect(re.deals).toMatchObject({ failures: 4, chances: 6 });
    expect(re.evidence[0]!.text).toMatch(/^2 of your last 3 deals went silent after a meeting, and 2 open leads have been quiet for 14\+ days; team: /);
    expect(isStale(ago(14), NOW, 14)).toBe(true);
    expect(isStale(ago(13), NOW, 14)).toBe(false);
  });

  it("lists only categories with evidence, strongest first, and nothing for a new rep", () => {
    expect(weakAreas(input()).weakAreas).toEqual([]);
    const r = weakAreas(input({ deals: [deal("no_reply"), deal("no_meeting"), deal("won")], attempts: [attempt("closing", 60)] }));
    const ws = r.weakAreas.map((w) => w.weakness);
    expect(ws).toEqual([...ws].sort((a, b) => b - a));
    expect(new Set(r.weakAreas.map((w) => w.category))).toEqual(new Set(["cold_outreach", "meeting_booking", "closing"]));
    expect(r.basis).toEqual({ attempts: 1, deals: 3, openLeads: 0 });
  });

  it("looks only at the rep's recent deals", () => {
    const old: DealRecord[] = [...Array(30)].map((_, i) => deal("no_reply", 100 + i));
    const recent: DealRecord[] = [...Array(WEAK_AREA_MODEL.dealWindow)].map((_, i) => deal("won", i + 1));
    const r = weakAreas(input({ deals: [...old, ...recent] }));
    expect(r.weakAreas.find((w) => w.category === "cold_outreach")).toBeUndefined();
    expect(r.basis.deals).toBe(WEAK_AREA_MODEL.dealWindow);
  });

  it("handles every result and lost reason without throwing", () => {
    const results: Result[] = ["won", "lost", "ghosted"];
    fc.assert(
      fc.property(
        fc.array(fc.record({ responded: fc.boolean(), meetingBooked: fc.boolean(), result: fc.constantFrom(...results), lostReason: fc.constantFrom(null, "price", "negotiation", "competitor", "timing", "no_budget", "no_decision", "product_fit", "champion_left", "other" as const), daysAgo: fc.integer({ min: 0, max: 400 }) })),
        (ds) => {
          const r = weakAreas(input({ deals: ds.map((d) => ({ ...d, meetingBooked: d.responded && d.meetingBooked, closedAt: ago(d.daysAgo) })) }));
          for (const w of r.weakAreas) {
            expect(w.weakness).toBeGreaterThanOrEqual(0);
            expect(w.weakness).toBeLessThanOrEqual(1);
            expect(w.evidence.length).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});
