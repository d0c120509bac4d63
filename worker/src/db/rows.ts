// D1 row shapes and their mapping to the API's shapes (shared/ schemas).
import type { Lead, Member, Outcome, Pitfalls, Rubric, Scenario, ScenarioSummary } from "@dq/shared";

export interface MemberRow {
  id: string;
  team_id: string;
  name: string;
  email: string;
  role: Member["role"];
  created_at: string;
}

export const toMember = (r: MemberRow): Member => ({
  id: r.id,
  teamId: r.team_id,
  name: r.name,
  email: r.email,
  role: r.role,
  createdAt: r.created_at,
});

export interface LeadRow {
  id: string;
  team_id: string;
  owner_id: string | null;
  crm: Lead["crm"];
  external_id: string;
  name: string | null;
  company: string | null;
  stage: string | null;
  status: Lead["status"];
  amount: number | null;
  currency: string | null;
  url: string | null;
  persona: Lead["persona"];
  industry: Lead["industry"];
  crm_created_at: string | null;
  first_seen_at: string;
  updated_at: string;
  closed_at: string | null;
  activity_at?: string | null;
  stale_since?: string | null;
}

export const toLead = (r: LeadRow): Lead => ({
  id: r.id,
  teamId: r.team_id,
  ownerId: r.owner_id,
  crm: r.crm,
  externalId: r.external_id,
  name: r.name,
  company: r.company,
  stage: r.stage,
  status: r.status,
  amount: r.amount,
  currency: r.currency,
  url: r.url,
  persona: r.persona,
  industry: r.industry,
  createdAt: r.crm_created_at ?? r.first_seen_at,
  firstSeenAt: r.first_seen_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
  activityAt: r.activity_at ?? null,
  staleSince: r.stale_since ?? null,
});

export interface OutcomeRow {
  id: string;
  team_id: string;
  lead_id: string;
  member_id: string;
  responded: number;
  meeting_booked: number;
  result: Outcome["result"];
  strategy: string | null;
  tactics: string;
  lost_reason: Outcome["lostReason"];
  winning_approach: string | null;
  scenario_consent: number;
  notes: string | null;
  closed_at: string;
  created_at: string;
}

export const toOutcome = (r: OutcomeRow): Outcome => ({
  id: r.id,
  leadId: r.lead_id,
  memberId: r.member_id,
  responded: r.responded === 1,
  meetingBooked: r.meeting_booked === 1,
  result: r.result,
  strategy: r.strategy,
  tactics: JSON.parse(r.tactics) as string[],
  lostReason: r.lost_reason,
  winningApproach: r.winning_approach,
  scenarioConsent: r.scenario_consent === 1,
  notes: r.notes,
  closedAt: r.closed_at,
  createdAt: r.created_at,
});

export interface ScenarioRow {
  id: string;
  team_id: string | null;
  slug: string;
  source: Scenario["source"];
  status: Scenario["status"];
  title: string;
  category: Scenario["category"];
  difficulty: Scenario["difficulty"];
  persona: Scenario["persona"];
  industry: Scenario["industry"];
  situation: string;
  buyer_line: string;
  ideal_response: string;
  rubric: string;
  /** JSON array of RubricPitfall ('[]' for scenarios written before pitfalls existed). */
  pitfalls: string;
  author_id: string | null;
  lead_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Columns of a scenario list (no long texts). */
export const SCENARIO_SUMMARY_COLUMNS = "id, team_id, slug, source, status, title, category, difficulty, persona, industry, created_at";

export const toScenarioSummary = (r: Pick<ScenarioRow, "id" | "team_id" | "slug" | "source" | "status" | "title" | "category" | "difficulty" | "persona" | "industry" | "created_at">): ScenarioSummary => ({
  id: r.id,
  slug: r.slug,
  title: r.title,
  category: r.category,
  difficulty: r.difficulty,
  persona: r.persona,
  industry: r.industry,
  source: r.source,
  status: r.status,
  teamId: r.team_id,
  createdAt: r.created_at,
});

export const rubricOf = (r: Pick<ScenarioRow, "rubric">): Rubric => JSON.parse(r.rubric) as Rubric;

export const pitfallsOf = (r: Pick<ScenarioRow, "pitfalls">): Pitfalls => (r.pitfalls ? (JSON.parse(r.pitfalls) as Pitfalls) : []);

export function toScenario(r: ScenarioRow, attempts: number, bestScore: number | null): Scenario {
  return {
    ...toScenarioSummary(r),
    situation: r.situation,
    buyerLine: r.buyer_line,
    keyPoints: rubricOf(r).map((k) => ({ id: k.id, point: k.point, weight: k.weight })),
    idealResponse: attempts > 0 ? r.ideal_response : null,
    attempts,
    bestScore,
  };
}

/** SQL condition: scenarios a member of team `?` may see (global library + the team's published, + drafts for managers/authors). */
export const VISIBLE_SCENARIO_SQL = "(team_id IS NULL OR team_id = ?)";
