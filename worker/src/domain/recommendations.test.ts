import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Category, type Difficulty, type Persona, type ScenarioSummary, type WeakArea, categories, categoryLabels, difficulties, personas, DAY_MS } from "@dq/shared";
import { type ScenarioHistory, RECOMMENDATION_MODEL, novelty, recommend, spacingDays } from "./recommendations.ts";
import { weakAreas } from "./weakAreas.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();

function scenario(id: string, category: Category, difficulty: Difficulty = "medium", persona: Persona = "executive", teamId: string | null = null): ScenarioSummary {
  return { id, slug: id, title: `${category} ${difficulty} ${persona}`, category, difficulty, persona, industry: null, source: teamId ? "deal" : "library", status: "published", teamId, createdAt: ago(100) };
}

/** One scenario per category × difficulty. */
const LIBRARY = categories.flatMap((c) => difficulties.map((d) => scenario(`lib_${c}_${d}`, c, d)));

function weak(category: Category, weakness: number, difficulty: Difficulty = "medium"): WeakArea {
  return { category, label: categoryLabels[category], weakness, suggestedDifficulty: difficulty, evidence: [{ source: "deals", text: "4 of your last 5 replies didn't turn into a meeting; team: 1 in 2." }], practice: null, deals: null, link: "" };
}

const base = { now: NOW, ownMean: 65, scenarios: LIBRARY, history: new Map<string, ScenarioHistory>(), openDeals: [], limit: 10 };

describe("recommendations", () => {
  it("ranks the weakest category first, at the suggested difficulty, with a reason and a deep link", () => {
    const recs = recommend({ ...base, weakAreas: [weak("meeting_booking", 0.7, "easy"), weak("pricing", 0.3)] });
    expect(recs[0]!.scenario.id).toBe("lib_meeting_booking_easy");
    expect(recs[0]!.reason).toBe("Meeting booking is your top weak area: 4 of your last 5 replies didn't turn into a meeting.");
    expect(recs[0]!.link).toBe("sidepanel.html#/scenario/lib_meeting_booking_easy");
    expect(recs.map((r) => r.scenario.category).slice(0, 3)).toContain("pricing");
  });

  it("keeps the list varied: the same category's second pick is worth less", () => {
    const recs = recommend({ ...base, weakAreas: [weak("meeting_booking", 0.5)], limit: 5 });
    expect(recs.filter((r) => r.scenario.category === "meeting_booking").length).toBeLessThan(5);
  });

  it("drops a scenario just done well, and brings a poorly scored one back after its spacing interval", () => {
    const area = [weak("meeting_booking", 0.7)];
    const top = recommend({ ...base, weakAreas: area })[0]!.scenario.id;
    const doneWell = new Map([[top, { attempts: 1, lastAt: ago(0), lastScore: 90 }]]);
    const after = recommend({ ...base, weakAreas: area, history: doneWell, limit: 30 });
    expect(after[0]!.scenario.id).not.toBe(top);
    expect(after.findIndex((r) => r.scenario.id === top)).toBeGreaterThan(5);

    const poor = (days: number) => new Map([[top, { attempts: 1, lastAt: ago(days), lastScore: 40 }]]);
    expect(recommend({ ...base, weakAreas: area, history: poor(0) })[0]!.scenario.id).not.toBe(top);
    const due = recommend({ ...base, weakAreas: area, history: poor(spacingDays(1)) })[0]!;
    expect(due.scenario.id).toBe(top);
    expect(due.reason).toMatch(/^You scored 40 on this 2 days ago: time for another go\./);
  });

  it("spaces repeats out further with every attempt", () => {
    expect(spacingDays(1)).toBe(RECOMMENDATION_MODEL.firstIntervalDays);
    expect(spacingDays(2)).toBe(2 * RECOMMENDATION_MODEL.firstIntervalDays);
    expect(spacingDays(20)).toBe(RECOMMENDATION_MODEL.maxIntervalDays);
    expect(novelty(undefined, NOW)).toBe(1);
    expect(novelty({ attempts: 3, lastAt: ago(5), lastScore: 50 }, NOW)).toBeLessThan(0.5);
    expect(novelty({ attempts: 3, lastAt: ago(8), lastScore: 50 }, NOW)).toBeGreaterThan(0.5);
  });

  it("prefers the buyer types of the rep's open deals, and says so", () => {
    const pair = [scenario("a_exec", "pricing", "medium", "executive"), scenario("b_proc", "pricing", "medium", "procurement")];
    const recs = recommend({ ...base, scenarios: pair, weakAreas: [weak("pricing", 0.6)], openDeals: [{ persona: "procurement", industry: null }, { persona: "procurement", industry: null }, { persona: "smb_owner", industry: null }] });
    expect(recs[0]!.scenario.id).toBe("b_proc");
    expect(recs[0]!.reason).toMatch(/like 2 of your open deals, the buyer is a procurement lead\.$/);
  });

  it("property: whatever the weak areas and history, a scenario done well today ranks below where it was", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ category: fc.constantFrom(...categories), weakness: fc.double({ min: 0, max: 1, noNaN: true }), difficulty: fc.constantFrom(...difficulties) }), { selector: (w) => w.category, maxLength: 9 }),
        fc.array(fc.record({ i: fc.nat(LIBRARY.length - 1), daysAgo: fc.integer({ min: 0, max: 90 }), score: fc.integer({ min: 0, max: 100 }), attempts: fc.integer({ min: 1, max: 5 }) }), { maxLength: 15 }),
        fc.array(fc.constantFrom(...personas), { maxLength: 6 }),
        (areas, past, open) => {
          const history = new Map<string, ScenarioHistory>(past.map((p) => [LIBRARY[p.i]!.id, { attempts: p.attempts, lastAt: ago(p.daysAgo), lastScore: p.score }]));
          const input = { ...base, weakAreas: areas.map((a) => weak(a.category, a.weakness, a.difficulty)), history, openDeals: open.map((persona) => ({ persona, industry: null })), limit: LIBRARY.length };
          const before = recommend(input);
          const top = before[0]!.scenario.id;
          const after = recommend({ ...input, history: new Map([...history, [top, { attempts: (history.get(top)?.attempts ?? 0) + 1, lastAt: ago(0), lastScore: 95 }]]) });
          const idx = after.findIndex((r) => r.scenario.id === top);
          expect(idx).toBeGreaterThan(0);
          expect(after[idx]!.factors.novelty).toBeLessThan(before[0]!.factors.novelty + 1e-9);
          for (const r of after) expect(r.reason.length).toBeGreaterThan(10);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("works end to end from a rep's deals: meeting-booking drills first for a rep who cannot book meetings", () => {
    const deals = [...Array(5)].map((_, i) => ({ responded: true, meetingBooked: false, result: "lost" as const, lostReason: null, closedAt: ago(i + 1) }));
    const report = weakAreas({ now: NOW, attempts: [], deals, openLeads: [], team: { deals: [{ responded: true, meetingBooked: true, result: "won", lostReason: null, n: 20 }, { responded: true, meetingBooked: false, result: "lost", lostReason: null, n: 10 }, { responded: false, meetingBooked: false, result: "ghosted", lostReason: null, n: 20 }], openLeads: 0, staleOpenLeads: 0 }, staleLeadDays: 14 });
    const recs = recommend({ ...base, ownMean: report.ownMean, weakAreas: report.weakAreas });
    expect(recs[0]!.scenario.category).toBe("meeting_booking");
    expect(recs[0]!.reason).toMatch(/^Meeting booking is your top weak area: 5 of your last 5 replies didn't turn into a meeting/);
  });
});
