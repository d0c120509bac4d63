import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { type Category, type LostReason, type Result, categories, lostReasons, DAY_MS } from "@dq/shared";
import { type DealRecord, type DealTally, type PracticeAttempt, WEAK_AREA_MODEL, dealFailure, failureWords, isStale, ratePhrase, weakAreas } from "./weakAreas.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

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

/** Runs `f` with the system clock at `at` (and puts back a clock the suite pinned, see test/pin-clock.ts). */
function atSystemTime<T>(at: Date, f: () => T): T {
  const pinned = vi.isFakeTimers();
  const was = new Date();
  if (pinned) vi.setSystemTime(at);
  else vi.useFakeTimers({ now: at, toFake: ["Date"] });
  try {
    return f();
  } finally {
    if (pinned) vi.setSystemTime(was);
    else vi.useRealTimers();
  }
}

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
    expect(ratePhrase(0.4)).toBe("4 in 10");
    expect(ratePhrase(0.45)).toBe("1 in 2");
    expect(ratePhrase(0.5)).toBe("1 in 2");
    expect(ratePhrase(0.94)).toBe("9 in 10");
    expect(ratePhrase(0.96)).toBe("almost always");
  });

  it("property: a rate phrase is never further from the rate than rounding to tenths, or a tenth of the rate", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 0.95, maxExcluded: true, noNaN: true }), (rate) => {
        const [k, n] = ratePhrase(rate).split(" in ").map(Number) as [number, number];
        expect(Math.abs(k / n - rate)).toBeLessThanOrEqual(Math.max(0.05, 0.1 * rate) + 1e-9);
      }),
    );
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
    expect(re.evidence[0]!.text).toMatch(/^2 of your last 3 deals that got a meeting went silent afterwards, and 2 of your 3 open leads have been quiet for 14\+ days; team: /);
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

  it("takes the rep's last deals by when they closed, whatever the time zone of the timestamp", () => {
    const wins: DealRecord[] = [...Array(WEAK_AREA_MODEL.dealWindow)].map((_, i) => ({ ...deal("won"), closedAt: `2026-05-31T00:${String(i).padStart(2, "0")}:00.000Z` }));
    // 2026-05-31T01:30Z: the newest deal, though its text sorts before every other.
    const newest: DealRecord = { ...deal("no_reply"), closedAt: "2026-05-30T23:30:00-02:00" };
    const r = weakAreas(input({ deals: [...wins, newest] }));
    expect(r.weakAreas.find((w) => w.category === "cold_outreach")!.deals).toMatchObject({ failures: 1, chances: WEAK_AREA_MODEL.dealWindow });
  });

  it("reads the time only from input.now, never from the system clock", () => {
    const same = input({
      deals: [deal("no_reply", 1), deal("lost_price", 3), deal("ghosted_after_meeting", 40)],
      attempts: [attempt("pricing", 40, 1), attempt("discovery", 80, 20)],
      openLeads: [{ activityAt: ago(14) }, { activityAt: ago(3) }],
    });
    const expected = weakAreas(same);
    for (const clock of ["1999-12-31T23:59:59Z", "2031-01-01T00:00:00Z", "2026-06-01T23:59:59.999Z"]) {
      expect(atSystemTime(new Date(clock), () => weakAreas(same))).toEqual(expected);
    }
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

describe("evidence says what happened to the deals it counts", () => {
  const positions = {
    "no reply": { responded: false, meetingBooked: false },
    "a reply, no meeting": { responded: true, meetingBooked: false },
    "a meeting": { responded: true, meetingBooked: true },
  } as const;
  type Position = keyof typeof positions;
  type Ending = { result: Result; lostReason: LostReason | null };
  const endings: Ending[] = [
    { result: "won", lostReason: null },
    { result: "ghosted", lostReason: null },
    { result: "lost", lostReason: null },
    ...lostReasons.map((lostReason) => ({ result: "lost" as const, lostReason })),
  ];

  /** What a rep would call each loss, and the skill it points at once a meeting happened. */
  const LOSS: Record<LostReason | "none", { how: string; skill: Category }> = {
    price: { how: "lost on price", skill: "pricing" },
    negotiation: { how: "lost in negotiation", skill: "negotiation" },
    competitor: { how: "lost to a competitor", skill: "objection_handling" },
    timing: { how: "lost on timing", skill: "discovery" },
    no_budget: { how: "lost for lack of budget", skill: "discovery" },
    product_fit: { how: "lost on product fit", skill: "discovery" },
    no_decision: { how: "lost to no decision", skill: "closing" },
    champion_left: { how: "lost when the champion left", skill: "networking" },
    other: { how: "lost for another reason", skill: "closing" },
    none: { how: "lost with no reason given", skill: "closing" },
  };

  const share = (failures: number, total: number, one: string, many: string, verbOne: string, verbMany = verbOne) =>
    total === 1 ? `Your only recent ${one} ${verbOne}` : `${failures} of your last ${total} ${many} ${failures === 1 ? verbOne : verbMany}`;

  /**
   * The sentence (before "; team: …") each category should say about `n` deals that ended this way at
   * this position, next to `wins` deals won after a meeting. Written out by hand: the table is the spec.
   */
  function expected(position: Position, ending: Ending, n: number, wins: number): Partial<Record<Category, string>> {
    if (ending.result === "won") return {};
    const total = n + wins;
    const loss = ending.result === "lost" ? LOSS[ending.lostReason ?? "none"] : null;
    if (position === "a meeting") {
      if (!loss) return { re_engagement: share(n, total, "deal that got a meeting", "deals that got a meeting", "went silent afterwards") };
      return { [loss.skill]: share(n, total, "deal that got a meeting", "deals that got a meeting", `was ${loss.how}`, `were ${loss.how}`) };
    }
    const out: Partial<Record<Category, string>> =
      position === "no reply"
        ? { cold_outreach: share(n, total, "first email", "first emails", "got no reply") }
        : { meeting_booking: share(n, total, "reply", "replies", "didn't turn into a meeting") };
    if (loss && (loss.skill === "pricing" || loss.skill === "negotiation")) {
      const lost = `${n === 1 ? "A recent deal was" : `${n} recent deals were`} ${loss.how} without a meeting`;
      out[loss.skill] = wins === 0 ? lost : `${lost} (${wins === 1 ? "your only recent deal that got a meeting wasn't" : `none of your last ${wins} deals that got a meeting were`})`;
    }
    return out;
  }

  const cases = Object.keys(positions).flatMap((position) =>
    endings.flatMap((ending) => [1, 2].flatMap((n) => [0, 1, 2].map((wins) => ({ position: position as Position, ending, n, wins })))),
  );

  it.each(cases)("$n deal(s) with $position, $ending.result ($ending.lostReason), beside $wins won after a meeting", ({ position, ending, n, wins }) => {
    const deals: DealRecord[] = [
      ...[...Array(n)].map((_, i) => ({ ...positions[position], ...ending, closedAt: ago(i + 1) })),
      ...[...Array(wins)].map((_, i) => deal("won", i + 10)),
    ];
    const report = weakAreas(input({ deals }));
    const want = expected(position, ending, n, wins);
    const said = Object.fromEntries(report.weakAreas.flatMap((w) => w.evidence.filter((e) => e.source === "deals").map((e) => [w.category, { text: e.text, deals: w.deals! }])));

    // (a) The evidence lands on the skills the deals' facts point at, and nowhere else.
    expect(Object.keys(said).sort()).toEqual(Object.keys(want).sort());
    for (const [category, sentence] of Object.entries(want)) {
      const { text, deals: counted } = said[category]!;
      // (b) The words: the sentence, then the team's rate of the same deals (tested below).
      expect(text.slice(0, sentence.length + 8)).toBe(`${sentence}; team: `);
      expect(text.slice(sentence.length)).toMatch(/^; team: (almost never|1 in \d+|\d in 10|almost always)\.$/);
      // The numbers behind it are the deals the sentence names.
      expect(counted).toMatchObject({ failures: n, chances: n + wins });
      if (position !== "a meeting") expect(text).not.toMatch(/(\d+ of your last \d+|your only recent) deals? that got a meeting (was|were|went)\b(?!n't)/i);
      if (position === "a meeting") expect(text).not.toMatch(/without a meeting|no reply|didn't turn into a meeting/);
      expect(text).not.toMatch(/\b1 of your last 1\b|\b1 recent deals\b|^1 of .* were\b/);
    }
  });

  it("says 'or a win' when a reply was won without a meeting, and counts a win recorded without a reply as a reply", () => {
    const byEmail: DealRecord = { responded: true, meetingBooked: false, result: "won", lostReason: null, closedAt: ago(3) };
    const r = weakAreas(input({ deals: [byEmail, deal("no_meeting", 1), deal("won", 2)] }));
    expect(r.weakAreas.find((w) => w.category === "meeting_booking")!.evidence[0]!.text).toMatch(/^1 of your last 3 replies didn't turn into a meeting or a win; team: /);

    const unrecordedReply: DealRecord = { ...byEmail, responded: false };
    const s = weakAreas(input({ deals: [unrecordedReply, deal("no_reply", 1)] }));
    expect(s.weakAreas.find((w) => w.category === "cold_outreach")!.evidence[0]!.text).toMatch(/^1 of your last 2 first emails got no reply; team: /);
    expect(s.weakAreas.find((w) => w.category === "meeting_booking")).toBeUndefined();
  });

  it("compares with the team's rate of the same deals: price losses before a meeting count for the team too", () => {
    const team: DealTally[] = [
      { responded: true, meetingBooked: false, result: "lost", lostReason: "price", n: 8 },
      { responded: true, meetingBooked: true, result: "won", lostReason: null, n: 2 },
    ];
    const r = weakAreas(input({ deals: [{ ...deal("no_meeting", 1), lostReason: "price" }, deal("won", 2)], team: { deals: team, openLeads: 0, staleOpenLeads: 0 } }));
    const pricing = r.weakAreas.find((w) => w.category === "pricing")!;
    // Team: 8 of 10 deals lost on price (all before a meeting), shrunk by 2 pseudo-deals at 1 in 10.
    expect(pricing.deals!.teamRate).toBeCloseTo((8 + 0.2) / 12, 2);
    expect(pricing.evidence[0]!.text).toBe("A recent deal was lost on price without a meeting (your only recent deal that got a meeting wasn't); team: 7 in 10.");
    // The same 8 replies never became meetings.
    expect(r.weakAreas.find((w) => w.category === "meeting_booking")!.deals!.teamRate).toBeCloseTo((8 + 0.8) / 12, 2);
  });

  it("gives the casebook words that fit every deal it files under a category", () => {
    for (const [position, funnel] of Object.entries(positions)) {
      for (const ending of endings) {
        const category = dealFailure({ ...funnel, ...ending });
        if (ending.result === "won") {
          expect(category).toBeNull();
          continue;
        }
        const words = failureWords(category!);
        const loss = ending.result === "lost" ? LOSS[ending.lostReason ?? "none"] : null;
        if (loss && (position === "a meeting" || loss.skill === "pricing" || loss.skill === "negotiation")) expect(words).toContain(loss.how.replace(/^lost /, ""));
        else if (position === "no reply") expect(words).toBe("got no reply");
        else if (position === "a reply, no meeting") expect(words).toBe("didn't turn into a meeting");
        else expect(words).toBe("went silent after a meeting");
      }
    }
  });
});

describe("stale open leads", () => {
  const leads = (...daysQuiet: number[]) => daysQuiet.map((d) => ({ activityAt: ago(d) }));
  const reEngagement = (over: Parameters<typeof input>[0]) => weakAreas(input(over)).weakAreas.find((w) => w.category === "re_engagement");

  it.each([
    { quiet: [20], text: "Your only open lead has been quiet for 14+ days", counted: { failures: 1, chances: 1 } },
    { quiet: [20, 2], text: "1 of your 2 open leads has been quiet for 14+ days", counted: { failures: 1, chances: 2 } },
    { quiet: [20, 30, 2], text: "2 of your 3 open leads have been quiet for 14+ days", counted: { failures: 2, chances: 3 } },
    { quiet: [20, 30, 15], text: "All 3 of your open leads have been quiet for 14+ days", counted: { failures: 3, chances: 3 } },
  ])("counts $quiet days quiet as: $text", ({ quiet, text, counted }) => {
    const re = reEngagement({ openLeads: leads(...quiet) })!;
    expect(re.deals).toMatchObject(counted);
    expect(re.evidence[0]!.text.slice(0, text.length + 8)).toBe(`${text}; team: `);
  });

  it("says both halves, what went wrong first, each with what it counted", () => {
    const quietLeadsOnly = reEngagement({ deals: [deal("won"), deal("lost_price")], openLeads: leads(20, 2) })!;
    expect(quietLeadsOnly.deals).toMatchObject({ failures: 1, chances: 4 });
    expect(quietLeadsOnly.evidence[0]!.text).toMatch(/^1 of your 2 open leads has been quiet for 14\+ days, and none of your last 2 deals that got a meeting went silent; team: /);

    const silenceOnly = reEngagement({ deals: [deal("ghosted_after_meeting"), deal("won")], openLeads: leads(3) })!;
    expect(silenceOnly.deals).toMatchObject({ failures: 1, chances: 3 });
    expect(silenceOnly.evidence[0]!.text).toMatch(/^1 of your last 2 deals that got a meeting went silent afterwards, and your only open lead moved in the last 14 days; team: /);

    const noOpenLeads = reEngagement({ deals: [deal("ghosted_after_meeting")] })!;
    expect(noOpenLeads.evidence[0]!.text).toMatch(/^Your only recent deal that got a meeting went silent afterwards; team: /);
  });

  it("says nothing while no lead is quiet and no deal went silent", () => {
    expect(reEngagement({ deals: [deal("won")], openLeads: leads(1, 13) })).toBeUndefined();
  });

  it("is stale from exactly the setting's number of days, measured from the injected now", () => {
    const justUnder = new Date(NOW.getTime() - 14 * DAY_MS + 1).toISOString();
    expect(reEngagement({ openLeads: [{ activityAt: ago(14) }] })!.deals).toMatchObject({ failures: 1, chances: 1 });
    expect(reEngagement({ openLeads: [{ activityAt: justUnder }] })).toBeUndefined();
    expect(reEngagement({ openLeads: [{ activityAt: justUnder }], now: new Date(NOW.getTime() + 1) })!.deals).toMatchObject({ failures: 1 });
  });

  it("counts elapsed time, not UTC calendar days, across midnight and time zones", () => {
    const quiet = (activityAt: string, now: string) => reEngagement({ openLeads: [{ activityAt }], now: new Date(now) })?.deals?.failures ?? 0;
    // 14 calendar days apart, but a second short of 14 × 24 h: not yet stale.
    expect(quiet("2026-05-18T00:00:31Z", "2026-06-01T00:00:30Z")).toBe(0);
    expect(quiet("2026-05-18T01:00:31+01:00", "2026-06-01T00:00:30Z")).toBe(0);
    // Written on the 17th in its own zone, but exactly 14 × 24 h before now: stale.
    expect(quiet("2026-05-17T22:00:00-02:00", "2026-06-01T00:00:00Z")).toBe(1);
  });
});
