// Worker answers for the adaptive loop's tests (background and pages), valid against the shared
// schemas the client parses them with.
import type { CrmFeatureOff, Me, Nudge, PendingOutcome, Recommendation, ScenarioDraftList, ScenarioSummary, WeakAreaList } from "@dq/shared";

export const NOW = "2026-11-24T10:00:00.000Z";

export function scenarioSummary(id: string, over: Partial<ScenarioSummary> = {}): ScenarioSummary {
  return { id, slug: id, title: `Scenario ${id}`, category: "meeting_booking", difficulty: "medium", persona: "executive", industry: null, source: "library", status: "published", teamId: null, createdAt: "2026-01-01T00:00:00.000Z", ...over };
}

export function weakAreaList(): WeakAreaList {
  return {
    weakAreas: [
      {
        category: "meeting_booking",
        label: "Meeting booking",
        weakness: 0.72,
        suggestedDifficulty: "easy",
        evidence: [
          { source: "deals", text: "4 of your last 4 replies didn't turn into a meeting; team: 8 in 10." },
          { source: "practice", text: "Your meeting-booking scores average 48, against 66 overall." },
        ],
        practice: { attempts: 3, recentScore: 48, ownMean: 66 },
        deals: { failures: 4, chances: 4, rate: 1, adjustedRate: 0.8, teamRate: 0.8 },
        link: "sidepanel.html#/train?category=meeting_booking&difficulty=easy",
      },
      {
        category: "pricing",
        label: "Pricing",
        weakness: 0.31,
        suggestedDifficulty: "medium",
        evidence: [{ source: "deals", text: "1 of your last 3 deals was lost on price; team: 1 in 5." }],
        practice: null,
        deals: { failures: 1, chances: 3, rate: 0.33, adjustedRate: 0.25, teamRate: 0.2 },
        link: "sidepanel.html#/train?category=pricing&difficulty=medium",
      },
    ],
    basis: { attempts: 3, deals: 7, openLeads: 2 },
    computedAt: NOW,
  };
}

export function recommendation(id: string, over: Partial<ScenarioSummary> = {}, reason = "Meeting booking is your top weak area."): Recommendation {
  return { scenario: scenarioSummary(id, over), score: 0.8, reason, factors: { weakness: 0.7, difficultyFit: 1, novelty: 1, dealFit: 0.5 }, link: `sidepanel.html#/scenario/${id}` };
}

export function nudge(id: string, over: Partial<Nudge> = {}): Nudge {
  return {
    id,
    kind: "no_meeting",
    message: `Avery replied but no meeting was booked (${id}).`,
    leadId: "ld_1",
    scenario: { id: `sc_${id}`, title: `Turn a reply into a meeting (${id})`, category: "meeting_booking", difficulty: "easy" },
    link: `sidepanel.html#/scenario/sc_${id}`,
    status: "open",
    snoozedUntil: null,
    createdAt: NOW,
    expiresAt: "2026-12-01T10:00:00.000Z",
    ...over,
  };
}

export function pendingOutcome(leadId: string, over: Partial<PendingOutcome> = {}): PendingOutcome {
  return {
    leadId,
    crm: "pipedrive",
    externalId: leadId.replace(/^ld_/, ""),
    name: `Deal ${leadId}`,
    company: "Globex",
    url: `https://initech.pipedrive.com/deal/${leadId.replace(/^ld_/, "")}`,
    amount: 18400,
    currency: "EUR",
    status: "won",
    closedAt: "2026-11-24T09:00:00.000Z",
    reportedAt: "2026-11-24T09:01:00.000Z",
    ownerId: "m1",
    ...over,
  };
}

export function draft(id: string, over: Partial<ScenarioDraftList["drafts"][number]> = {}): ScenarioDraftList["drafts"][number] {
  return {
    ...scenarioSummary(id, { source: "deal", status: "draft", teamId: "t1", category: "pricing" }),
    title: "An executive pushes back on price (a real win)",
    situation: "The executive who signs off at a freight company likes the solution but pushes back on the price in the final call.",
    buyerLine: "Honestly, this is more than we budgeted for.",
    idealResponse: "I reframed the price as cost per shipment and asked for a signature date tied to their peak season.",
    rubric: [{ id: "reframe", point: "Reframe the price as cost per shipment", weight: 2, phrases: ["cost per shipment"], synonyms: [], tip: "Put the price in their units." }],
    pitfalls: [],
    authorId: "m1",
    leadId: "ld_9",
    updatedAt: NOW,
    authorName: "Riley Rep",
    ...over,
  };
}

/** A member's GET /v1/me (a rep unless said otherwise; `crmFeaturesOff` for the kill switch's tests). */
export function meFixture(o: { role?: Me["member"]["role"]; crmFeaturesOff?: CrmFeatureOff[] } = {}): Me {
  return {
    member: { id: "m1", teamId: "t1", name: "Riley Rep", email: "r@x.io", role: o.role ?? "rep", createdAt: "2026-01-01T00:00:00.000Z" },
    team: { id: "t1", name: "Northwind", createdAt: "2026-01-01T00:00:00.000Z" },
    xp: { training: 10, support: 5, total: 15 },
    streak: 2,
    lastPracticedAt: null,
    practice: { attempts: 1, seconds: 60, hours: 0.02 },
    outcomesLogged: 1,
    crmFeaturesOff: o.crmFeaturesOff ?? [],
  };
}
