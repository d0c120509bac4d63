import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AdaptiveSettings, type Category, categories, DAY_MS } from "@dq/shared";
import {
  type ExistingNudge,
  type NudgeScenarioCandidate,
  type NudgeTrigger,
  adaptiveSettings,
  dedupeKey,
  isShowable,
  nudgeTriggers,
  outcomeTriggers,
  planNudges,
} from "./nudges.ts";

const NOW = new Date("2026-06-01T12:00:00Z");
const ago = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();
const SETTINGS: AdaptiveSettings = { staleLeadDays: 14, maxNudgesPerDay: 3, practiceGapDays: 3 };

const candidate = (id: string, category: Category, persona: NudgeScenarioCandidate["persona"] = "executive", score = 1): NudgeScenarioCandidate => ({
  id,
  title: `${category} drill ${id}`,
  category,
  difficulty: "medium",
  persona,
  score,
});

const CANDIDATES = [
  candidate("mb1", "meeting_booking", "executive", 0.9),
  candidate("mb2", "meeting_booking", "procurement", 0.5),
  candidate("re1", "re_engagement", "executive", 0.6),
  candidate("re2", "re_engagement", "procurement", 0.4),
  candidate("pr1", "pricing", "executive", 0.7),
  candidate("top", "discovery", "executive", 1.2),
];

const noMeeting = (leadId: string, persona: NudgeScenarioCandidate["persona"] | null = null): NudgeTrigger => ({ kind: "no_meeting", leadId, leadName: `Lead ${leadId}`, persona, at: ago(0) });
const stale = (leadId: string, quietDays: number, persona: NudgeScenarioCandidate["persona"] | null = null): NudgeTrigger => ({ kind: "stale_lead", leadId, leadName: `Lead ${leadId}`, persona, activityAt: ago(quietDays), quietDays });
const gap: NudgeTrigger = { kind: "practice_gap", since: ago(5), gapDays: 5 };

function existing(over: Partial<ExistingNudge>): ExistingNudge {
  return { kind: "no_meeting", dedupeKey: "x", scenarioId: "zz", leadId: null, status: "open", createdAt: ago(1), expiresAt: ago(-5), ...over };
}

describe("nudge triggers", () => {
  it("fires on a reply without a meeting and on a loss on price", () => {
    const o = { leadId: "l1", leadName: "Acme", persona: null, at: ago(0) };
    expect(outcomeTriggers({ ...o, responded: true, meetingBooked: false, result: "ghosted", lostReason: null }).map((t) => t.kind)).toEqual(["no_meeting"]);
    expect(outcomeTriggers({ ...o, responded: true, meetingBooked: true, result: "lost", lostReason: "price" }).map((t) => t.kind)).toEqual(["lost_on_price"]);
    expect(outcomeTriggers({ ...o, responded: true, meetingBooked: false, result: "lost", lostReason: "price" }).map((t) => t.kind)).toEqual(["no_meeting", "lost_on_price"]);
    expect(outcomeTriggers({ ...o, responded: true, meetingBooked: true, result: "won", lostReason: null })).toEqual([]);
  });

  it("finds quiet leads by the team's setting, practice gaps, and only recent outcomes", () => {
    const situation = {
      now: NOW,
      settings: SETTINGS,
      outcomes: [
        { leadId: "recent", leadName: null, persona: null, responded: true, meetingBooked: false, result: "lost" as const, lostReason: null, at: ago(2) },
        { leadId: "old", leadName: null, persona: null, responded: true, meetingBooked: false, result: "lost" as const, lostReason: null, at: ago(30) },
      ],
      openLeads: [
        { id: "quiet", name: "Quiet Co", persona: "procurement" as const, activityAt: ago(20) },
        { id: "busy", name: "Busy Co", persona: null, activityAt: ago(3) },
      ],
      lastPracticedAt: ago(4),
      memberSince: ago(100),
    };
    const kinds = nudgeTriggers(situation).map((t) => `${t.kind}:${"leadId" in t ? t.leadId : ""}`);
    expect(kinds).toEqual(["no_meeting:recent", "stale_lead:quiet", "practice_gap:"]);
    expect(nudgeTriggers({ ...situation, settings: { ...SETTINGS, staleLeadDays: 30, practiceGapDays: 7 } }).map((t) => t.kind)).toEqual(["no_meeting"]);
    // A new member who never practised is nudged once the gap since joining passes.
    expect(nudgeTriggers({ ...situation, outcomes: [], openLeads: [], lastPracticedAt: null, memberSince: ago(1) })).toEqual([]);
    expect(nudgeTriggers({ ...situation, outcomes: [], openLeads: [], lastPracticedAt: null, memberSince: ago(3) })).toEqual([{ kind: "practice_gap", since: null, gapDays: 3 }]);
  });

  it("names each situation once: a lead's quiet spell, a gap and its weeks", () => {
    expect(dedupeKey(stale("l1", 20))).toBe(`stale_lead:l1:${ago(20)}`);
    expect(dedupeKey({ kind: "practice_gap", since: "2026-05-20T10:00:00.000Z", gapDays: 12 })).toBe("practice_gap:2026-05-20:1");
    expect(dedupeKey(noMeeting("l9"))).toBe("no_meeting:l9");
  });
});

describe("planning nudges", () => {
  it("gives each nudge the exact scenario, preferring the lead's buyer type, with a message and expiry", () => {
    const [n] = planNudges({ now: NOW, settings: SETTINGS, triggers: [stale("l1", 21, "procurement")], existing: [], candidates: CANDIDATES });
    expect(n).toMatchObject({ kind: "stale_lead", leadId: "l1", scenario: { id: "re2", category: "re_engagement", difficulty: "medium" } });
    expect(n!.message).toBe("Lead l1 has been quiet for 21 days. Warm it up with a re-engagement drill for a procurement lead: “re_engagement drill re2”.");
    expect(n!.expiresAt).toBe(ago(-14));
  });

  it("deduplicates: a used key, an open nudge of the same rule, an open nudge for the same lead", () => {
    const plan = (triggers: NudgeTrigger[], ex: ExistingNudge[]) => planNudges({ now: NOW, settings: SETTINGS, triggers, existing: ex, candidates: CANDIDATES }).map((n) => n.dedupeKey);
    expect(plan([noMeeting("l1")], [existing({ dedupeKey: "no_meeting:l1", status: "dismissed" })])).toEqual([]);
    expect(plan([noMeeting("l2")], [existing({ kind: "no_meeting", dedupeKey: "no_meeting:l1" })])).toEqual([]);
    // …but once that one is done, the next reply-without-meeting nudges again.
    expect(plan([noMeeting("l2")], [existing({ kind: "no_meeting", dedupeKey: "no_meeting:l1", status: "acted" })])).toEqual(["no_meeting:l2"]);
    expect(plan([stale("l1", 30)], [existing({ kind: "stale_lead", dedupeKey: `stale_lead:l1:${ago(40)}`, leadId: "l1" })])).toEqual([]);
    // Two triggers in one plan never share a key or a scenario.
    const two = planNudges({ now: NOW, settings: SETTINGS, triggers: [stale("a", 20), stale("b", 25)], existing: [], candidates: CANDIDATES });
    expect(new Set(two.map((n) => n.scenario.id)).size).toBe(2);
  });

  it("caps new nudges per rep per day, counting what was already created today, in priority order", () => {
    const triggers = [gap, stale("a", 20), stale("b", 40), noMeeting("c")];
    const all = planNudges({ now: NOW, settings: SETTINGS, triggers, existing: [], candidates: CANDIDATES });
    expect(all.map((n) => `${n.kind}:${n.leadId ?? ""}`)).toEqual(["no_meeting:c", "stale_lead:b", "stale_lead:a"]);
    const today = [existing({ dedupeKey: "k1", createdAt: NOW.toISOString(), status: "dismissed" }), existing({ dedupeKey: "k2", createdAt: NOW.toISOString(), status: "acted" })];
    expect(planNudges({ now: NOW, settings: SETTINGS, triggers, existing: today, candidates: CANDIDATES })).toHaveLength(1);
    expect(planNudges({ now: NOW, settings: { ...SETTINGS, maxNudgesPerDay: 0 }, triggers, existing: [], candidates: CANDIDATES })).toEqual([]);
  });

  it("skips a nudge with no scenario to practise, and never reuses a scenario an open nudge points at", () => {
    expect(planNudges({ now: NOW, settings: SETTINGS, triggers: [noMeeting("l1")], existing: [], candidates: CANDIDATES.filter((c) => c.category !== "meeting_booking") })).toEqual([]);
    const [n] = planNudges({ now: NOW, settings: SETTINGS, triggers: [gap], existing: [existing({ kind: "stale_lead", dedupeKey: "s", scenarioId: "top" })], candidates: CANDIDATES });
    expect(n!.scenario.id).toBe("mb1");
    expect(n!.message).toBe("No practice for 5 days. Your top pick: “meeting_booking drill mb1”.");
  });

  it("property: never over the cap, never a used key, never two open nudges on one scenario", () => {
    const trig = fc.oneof(
      fc.record({ kind: fc.constant("no_meeting" as const), leadId: fc.constantFrom("a", "b", "c"), leadName: fc.constant(null), persona: fc.constant(null), at: fc.constant(ago(0)) }),
      fc.record({ kind: fc.constant("lost_on_price" as const), leadId: fc.constantFrom("a", "b", "c"), leadName: fc.constant(null), persona: fc.constant(null), at: fc.constant(ago(0)) }),
      fc.integer({ min: 14, max: 60 }).chain((q) => fc.record({ kind: fc.constant("stale_lead" as const), leadId: fc.constantFrom("d", "e", "f"), leadName: fc.constant(null), persona: fc.constant(null), activityAt: fc.constant(ago(q)), quietDays: fc.constant(q) })),
      fc.record({ kind: fc.constant("practice_gap" as const), since: fc.constant(ago(5)), gapDays: fc.integer({ min: 3, max: 20 }) }),
    );
    const ex = fc.record({
      kind: fc.constantFrom("no_meeting", "stale_lead", "practice_gap", "lost_on_price" as const),
      dedupeKey: fc.constantFrom("no_meeting:a", "lost_on_price:b", "x", "y"),
      scenarioId: fc.constantFrom(...CANDIDATES.map((c) => c.id)),
      leadId: fc.constantFrom(null, "a", "d"),
      status: fc.constantFrom("open", "acted", "dismissed" as const),
      createdAt: fc.constantFrom(ago(0), ago(1), ago(3)),
      expiresAt: fc.constantFrom(ago(-1), ago(1)),
    });
    fc.assert(
      fc.property(fc.array(trig, { maxLength: 10 }), fc.array(ex, { maxLength: 6 }), fc.integer({ min: 0, max: 5 }), fc.shuffledSubarray(CANDIDATES), (triggers, existingNudges, cap, candidates) => {
        const plan = planNudges({ now: NOW, settings: { ...SETTINGS, maxNudgesPerDay: cap }, triggers, existing: existingNudges, candidates });
        const today = existingNudges.filter((n) => n.createdAt.slice(0, 10) === NOW.toISOString().slice(0, 10)).length;
        expect(plan.length).toBeLessThanOrEqual(Math.max(0, cap - today));
        const keys = plan.map((p) => p.dedupeKey);
        expect(new Set(keys).size).toBe(keys.length);
        for (const k of keys) expect(existingNudges.some((n) => n.dedupeKey === k)).toBe(false);
        const openScenarios = existingNudges.filter((n) => n.status === "open" && n.expiresAt > NOW.toISOString()).map((n) => n.scenarioId);
        const used = [...openScenarios, ...plan.map((p) => p.scenario.id)];
        expect(new Set(plan.map((p) => p.scenario.id)).size).toBe(plan.length);
        for (const p of plan) expect(openScenarios).not.toContain(p.scenario.id);
        expect(used.length).toBeGreaterThanOrEqual(plan.length);
        for (const p of plan) expect(categories).toContain(p.scenario.category);
      }),
      { numRuns: 300 },
    );
  });
});

describe("showing nudges", () => {
  const n = { kind: "no_meeting" as const, status: "open", expiresAt: ago(-3), snoozedUntil: null, createdAt: ago(1) };
  it("hides dismissed, acted, expired and snoozed nudges, and stale-lead nudges once the lead moves", () => {
    expect(isShowable(n, null, NOW)).toBe(true);
    expect(isShowable({ ...n, status: "dismissed" }, null, NOW)).toBe(false);
    expect(isShowable({ ...n, expiresAt: ago(0.1) }, null, NOW)).toBe(false);
    expect(isShowable({ ...n, snoozedUntil: ago(-0.5) }, null, NOW)).toBe(false);
    expect(isShowable({ ...n, snoozedUntil: ago(0.5) }, null, NOW)).toBe(true);
    const staleNudge = { ...n, kind: "stale_lead" as const };
    expect(isShowable(staleNudge, { status: "open", activityAt: ago(20) }, NOW)).toBe(true);
    expect(isShowable(staleNudge, { status: "open", activityAt: ago(0) }, NOW)).toBe(false);
    // Activity in the same millisecond the nudge was made (a stage change racing the schedule) is activity after it.
    expect(isShowable(staleNudge, { status: "open", activityAt: staleNudge.createdAt }, NOW)).toBe(false);
    expect(isShowable(staleNudge, { status: "won", activityAt: ago(20) }, NOW)).toBe(false);
  });

  it("reads the team's rules with defaults for anything missing or invalid", () => {
    expect(adaptiveSettings("{}")).toEqual({ staleLeadDays: 14, maxNudgesPerDay: 3, practiceGapDays: 3 });
    expect(adaptiveSettings('{"staleLeadDays": 21, "maxNudgesPerDay": "lots", "strategies": []}')).toEqual({ staleLeadDays: 21, maxNudgesPerDay: 3, practiceGapDays: 3 });
    expect(adaptiveSettings("not json")).toEqual({ staleLeadDays: 14, maxNudgesPerDay: 3, practiceGapDays: 3 });
  });
});

describe("a rep's nudges from their whole situation", () => {
  it("ranks the pool for the rep, then plans: a quiet procurement lead gets a procurement re-engagement drill", async () => {
    const { nudgesForRep } = await import("./repNudges.ts");
    const summary = (id: string, category: Category, persona: NudgeScenarioCandidate["persona"]) => ({ id, slug: id, title: id, category, difficulty: "medium" as const, persona, industry: null, source: "library" as const, status: "published" as const, teamId: null, createdAt: ago(100) });
    const base = {
      now: NOW,
      settings: SETTINGS,
      member: { createdAt: ago(100), lastPracticedAt: ago(1) },
      attempts: [],
      deals: [],
      openLeads: [{ id: "l1", name: "Quiet Co", persona: "procurement" as const, industry: null, activityAt: ago(30) }],
      team: { deals: [], openLeads: 1, staleOpenLeads: 1 },
      scenarios: [summary("re_exec", "re_engagement", "executive"), summary("re_proc", "re_engagement", "procurement"), summary("disc", "discovery", "executive")],
      existing: [],
    };
    const [n, ...rest] = nudgesForRep(base);
    expect(rest).toEqual([]);
    expect(n).toMatchObject({ kind: "stale_lead", leadId: "l1", scenario: { id: "re_proc" } });
    expect(nudgesForRep({ ...base, openLeads: [{ ...base.openLeads[0]!, activityAt: ago(2) }] })).toEqual([]);
  });
});
