// Recommendations: which scenarios to practise next, and why. Each scenario is ranked by
// weakness of its category × fit of its difficulty × novelty (done ones drop; poorly scored ones
// come back after a spacing interval) × closeness to the rep's open deals (persona, industry).
import {
  type Category,
  type Difficulty,
  type Industry,
  type Persona,
  type Recommendation,
  type ScenarioSummary,
  type WeakArea,
  categoryLabels,
  scenarioLink,
  DAY_MS,
} from "@dq/shared";
import { buyerNoun } from "./buyers.ts";
import { type PracticeAttempt, levelFor } from "./weakAreas.ts";

/** The rep's history with one scenario. */
export interface ScenarioHistory {
  attempts: number;
  lastAt: string;
  lastScore: number;
}

export interface OpenDeal {
  persona: Persona | null;
  industry: Industry | null;
}

export interface RecommendInput {
  now: Date;
  weakAreas: WeakArea[];
  /** The rep's mean practice score, or null before any practice. */
  ownMean: number | null;
  scenarios: ScenarioSummary[];
  history: Map<string, ScenarioHistory>;
  openDeals: OpenDeal[];
  limit: number;
}

export const RECOMMENDATION_MODEL = {
  /** A category with no evidence still gets this much weight (new reps get recommendations too). */
  weaknessFloor: 0.15,
  /** A score below this means "not done yet": the scenario comes back after a spacing interval. */
  passScore: 70,
  /** First spacing interval in days; doubles with every further attempt, capped. */
  firstIntervalDays: 2,
  maxIntervalDays: 30,
  /** Each further pick from the same category is worth this much less (keeps the list varied). */
  sameCategoryDecay: 0.75,
} as const;

const ORDER: Difficulty[] = ["easy", "medium", "hard"];

export function historyFrom(attempts: PracticeAttempt[]): Map<string, ScenarioHistory> {
  const out = new Map<string, ScenarioHistory>();
  for (const a of attempts) {
    const h = out.get(a.scenarioId);
    if (!h) out.set(a.scenarioId, { attempts: 1, lastAt: a.at, lastScore: a.score });
    else {
      h.attempts += 1;
      if (a.at > h.lastAt) {
        h.lastAt = a.at;
        h.lastScore = a.score;
      }
    }
  }
  return out;
}

export function difficultyFit(target: Difficulty, actual: Difficulty): number {
  const d = Math.abs(ORDER.indexOf(target) - ORDER.indexOf(actual));
  return d === 0 ? 1 : d === 1 ? 0.55 : 0.2;
}

/** Days until a poorly scored scenario is due again, after `attempts` attempts. */
export function spacingDays(attempts: number): number {
  const M = RECOMMENDATION_MODEL;
  return Math.min(M.maxIntervalDays, M.firstIntervalDays * 2 ** Math.max(0, attempts - 1));
}

/** 1 for a new scenario; low right after an attempt; back up when a weak attempt is due again. */
export function novelty(h: ScenarioHistory | undefined, now: Date): number {
  if (!h) return 1;
  const days = (now.getTime() - Date.parse(h.lastAt)) / DAY_MS;
  if (h.lastScore < RECOMMENDATION_MODEL.passScore) return days >= spacingDays(h.attempts) ? 0.9 : 0.15;
  // Done well: it drops, and only slowly becomes worth a refresher.
  return Math.min(0.6, 0.05 + days / 90);
}

export function dealFit(s: Pick<ScenarioSummary, "persona" | "industry">, openDeals: OpenDeal[]): { fit: number; personaMatches: number } {
  if (openDeals.length === 0) return { fit: 1, personaMatches: 0 };
  const personaMatches = openDeals.filter((d) => d.persona === s.persona).length;
  const industryMatches = s.industry ? openDeals.filter((d) => d.industry === s.industry).length : 0;
  return { fit: 1 + (0.6 * personaMatches) / openDeals.length + (0.2 * industryMatches) / openDeals.length, personaMatches };
}

interface Scored {
  scenario: ScenarioSummary;
  score: number;
  factors: Recommendation["factors"];
  personaMatches: number;
  area: WeakArea | undefined;
  areaRank: number;
  history: ScenarioHistory | undefined;
}

/** Every candidate with its factors, best first (no variety penalty): nudges pick from this. */
export function rankScenarios(input: Omit<RecommendInput, "limit">): Scored[] {
  const M = RECOMMENDATION_MODEL;
  const areas = new Map(input.weakAreas.map((w, i) => [w.category, { w, i }]));
  const fallbackLevel: Difficulty = input.ownMean === null ? "medium" : levelFor(input.ownMean);
  const scored = input.scenarios.map((scenario): Scored => {
    const a = areas.get(scenario.category);
    const weakness = M.weaknessFloor + (1 - M.weaknessFloor) * (a?.w.weakness ?? 0);
    const fitD = difficultyFit(a?.w.suggestedDifficulty ?? fallbackLevel, scenario.difficulty);
    const history = input.history.get(scenario.id);
    const nov = novelty(history, input.now);
    const deal = dealFit(scenario, input.openDeals);
    // The team's own material (from its deals, casebook, knowledge) is a little closer to home.
    const own = scenario.teamId ? 1.1 : 1;
    return {
      scenario,
      score: weakness * fitD * nov * deal.fit * own,
      factors: { weakness: round3(weakness), difficultyFit: fitD, novelty: round3(nov), dealFit: round3(deal.fit) },
      personaMatches: deal.personaMatches,
      area: a?.w,
      areaRank: a?.i ?? -1,
      history,
    };
  });
  return scored.sort((x, y) => y.score - x.score || x.scenario.id.localeCompare(y.scenario.id));
}

export function recommend(input: RecommendInput): Recommendation[] {
  const ranked = rankScenarios(input);
  const picked: Recommendation[] = [];
  const perCategory = new Map<Category, number>();
  const pool = [...ranked];
  while (picked.length < input.limit && pool.length > 0) {
    // Greedy with a variety penalty: the nth pick from one category is worth decay^n.
    let best = 0;
    let bestScore = -1;
    pool.forEach((s, i) => {
      const v = s.score * RECOMMENDATION_MODEL.sameCategoryDecay ** (perCategory.get(s.scenario.category) ?? 0);
      if (v > bestScore) {
        best = i;
        bestScore = v;
      }
    });
    const s = pool.splice(best, 1)[0]!;
    perCategory.set(s.scenario.category, (perCategory.get(s.scenario.category) ?? 0) + 1);
    picked.push({ scenario: s.scenario, score: round3(bestScore), reason: reasonFor(s, input), factors: s.factors, link: scenarioLink(s.scenario.id) });
  }
  return picked;
}

function reasonFor(s: Scored, input: RecommendInput): string {
  const parts: string[] = [];
  const h = s.history;
  if (h && h.lastScore < RECOMMENDATION_MODEL.passScore && s.factors.novelty >= 0.9) {
    const days = Math.max(1, Math.round((input.now.getTime() - Date.parse(h.lastAt)) / DAY_MS));
    parts.push(`You scored ${h.lastScore} on this ${days} day${days === 1 ? "" : "s"} ago: time for another go`);
  } else if (s.area && s.area.weakness >= 0.25) {
    const first = s.area.evidence[0]?.text.split(";")[0]?.replace(/\.$/, "");
    const head = s.areaRank === 0 ? `${s.area.label} is your top weak area` : `${s.area.label} is a weak area`;
    parts.push(first ? `${head}: ${lowerFirst(first)}` : head);
  } else if (!h) {
    parts.push(`New to you: ${categoryLabels[s.scenario.category].toLowerCase()} at ${s.scenario.difficulty} level`);
  } else {
    parts.push(`A refresher: ${categoryLabels[s.scenario.category].toLowerCase()}`);
  }
  if (s.personaMatches > 0) {
    parts.push(`like ${s.personaMatches} of your open deals, the buyer is ${buyerNoun(s.scenario.persona)}`);
  }
  const origin = { deal: "from a real win on your team", casebook: "from your team's casebook", knowledge: "from your team's knowledge", library: null }[s.scenario.source];
  if (s.scenario.teamId && origin) parts.push(origin);
  return `${parts.join("; ")}.`;
}

function lowerFirst(s: string) {
  // Keep leading numbers and acronyms as they are.
  return /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}

function round3(x: number) {
  return Math.round(x * 1000) / 1000;
}
