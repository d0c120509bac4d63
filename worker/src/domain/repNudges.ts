// One rep's nudges from their whole situation (the schedule's view): weak areas rank the
// scenarios, the rules find the moments, the plan dedupes and caps.
import type { AdaptiveSettings, Category, Industry, Persona, ScenarioSummary } from "@dq/shared";
import { type ExistingNudge, type OutcomeForNudge, type PlannedNudge, type NudgeScenarioCandidate, nudgeTriggers, planNudges } from "./nudges.ts";
import { historyFrom, rankScenarios } from "./recommendations.ts";
import { type DealRecord, type DealTally, type PracticeAttempt, weakAreas } from "./weakAreas.ts";

export interface RepSituationInput {
  now: Date;
  settings: AdaptiveSettings;
  member: { createdAt: string; lastPracticedAt: string | null };
  attempts: PracticeAttempt[];
  deals: (DealRecord & { leadId: string; leadName: string | null; persona: Persona | null; recordedAt: string })[];
  openLeads: { id: string; name: string | null; persona: Persona | null; industry: Industry | null; activityAt: string }[];
  team: { deals: DealTally[]; openLeads: number; staleOpenLeads: number };
  scenarios: ScenarioSummary[];
  existing: ExistingNudge[];
  /** Categories the rep is held out of in the current experiment block. */
  heldOut?: ReadonlySet<Category>;
}

/** Scenario candidates ranked for this rep (by the recommender), for nudges to pick from. */
export function nudgeCandidates(input: Omit<RepSituationInput, "existing" | "member">): NudgeScenarioCandidate[] {
  const report = weakAreas({ now: input.now, attempts: input.attempts, deals: input.deals, openLeads: input.openLeads, team: input.team, staleLeadDays: input.settings.staleLeadDays });
  return rankScenarios({
    now: input.now,
    weakAreas: report.weakAreas,
    ownMean: report.ownMean,
    scenarios: input.scenarios,
    history: historyFrom(input.attempts),
    openDeals: input.openLeads,
  }).map((r) => ({ id: r.scenario.id, title: r.scenario.title, category: r.scenario.category, difficulty: r.scenario.difficulty, persona: r.scenario.persona, score: r.score }));
}

export function nudgesForRep(input: RepSituationInput): PlannedNudge[] {
  const outcomes: OutcomeForNudge[] = input.deals.map((d) => ({
    leadId: d.leadId,
    leadName: d.leadName,
    persona: d.persona,
    responded: d.responded,
    meetingBooked: d.meetingBooked,
    result: d.result,
    lostReason: d.lostReason,
    at: d.recordedAt,
  }));
  const triggers = nudgeTriggers({
    now: input.now,
    settings: input.settings,
    outcomes,
    openLeads: input.openLeads,
    lastPracticedAt: input.member.lastPracticedAt,
    memberSince: input.member.createdAt,
  });
  if (triggers.length === 0) return [];
  return planNudges({ now: input.now, settings: input.settings, triggers, existing: input.existing, candidates: nudgeCandidates(input), heldOut: input.heldOut });
}
