// Weak areas: where a rep struggles, per category, from two kinds of evidence.
// Practice: recent scores in a category (decayed by age) against the rep's own mean.
// Real deals: where the rep's deals die, mapped to the category that would have saved them, as a
// rate shrunk toward the team's rate (a beta prior), so one deal cannot decide.
import {
  type Category,
  type Difficulty,
  type Evidence,
  type LostReason,
  type Result,
  type WeakArea,
  categories,
  categoryLabels,
  practiceLink,
} from "@dq/shared";

export interface PracticeAttempt {
  scenarioId: string;
  category: Category;
  difficulty: Difficulty;
  score: number;
  at: string;
}

/** A closed deal as the rep last reported it (the latest outcome of a lead). */
export interface DealRecord {
  responded: boolean;
  meetingBooked: boolean;
  result: Result;
  lostReason: LostReason | null;
  closedAt: string;
}

/** Team-wide deal counts by funnel answers (an aggregate, so the team can be large). */
export interface DealTally {
  responded: boolean;
  meetingBooked: boolean;
  result: Result;
  lostReason: LostReason | null;
  n: number;
}

export interface OpenLeadActivity {
  /** When the deal last moved (stage, status or amount), ISO. */
  activityAt: string;
}

export interface WeakAreaInput {
  now: Date;
  attempts: PracticeAttempt[];
  deals: DealRecord[];
  openLeads: OpenLeadActivity[];
  team: { deals: DealTally[]; openLeads: number; staleOpenLeads: number };
  staleLeadDays: number;
}

/** Tunables, named for what they mean. */
export const WEAK_AREA_MODEL = {
  /** The rep's most recent closed deals that count ("your last N"). */
  dealWindow: 20,
  /** Strength of the team prior, in pseudo-deals: a rep needs about this many deals to move far from the team. */
  dealPrior: 4,
  /** Practice scores lose half their weight every this many days. */
  practiceHalfLifeDays: 14,
  /** Strength of the rep's own mean as a prior on a category's practice mean, in attempts. */
  practicePrior: 2,
  /** Real deals count this much more than practice when both speak. */
  dealEvidenceWeight: 1.5,
} as const;

const DAY = 86_400_000;

/** Lost reasons that point at a skill other than the funnel step (after a meeting). */
const LOST_REASON_CATEGORY: Record<LostReason, Category> = {
  price: "pricing",
  negotiation: "negotiation",
  competitor: "objection_handling",
  no_decision: "closing",
  no_budget: "discovery",
  product_fit: "discovery",
  timing: "discovery",
  champion_left: "networking",
  other: "closing",
};

/**
 * The category that would have saved a deal, or null for a win: no reply → cold outreach; a reply
 * but no meeting → meeting booking; silence after a meeting → re-engagement; a loss after a
 * meeting → by its reason. Price and negotiation losses count as such wherever they happen.
 */
export function dealFailure(d: Pick<DealRecord, "responded" | "meetingBooked" | "result" | "lostReason">): Category | null {
  if (d.result === "won") return null;
  if (d.result === "lost" && (d.lostReason === "price" || d.lostReason === "negotiation")) return LOST_REASON_CATEGORY[d.lostReason];
  if (!d.responded) return "cold_outreach";
  if (!d.meetingBooked) return "meeting_booking";
  if (d.result === "ghosted") return "re_engagement";
  return LOST_REASON_CATEGORY[d.lostReason ?? "other"];
}

/** Did this deal reach the step where `category` could have lost it? */
function reached(category: Category, d: Pick<DealRecord, "responded" | "meetingBooked" | "result" | "lostReason">): boolean {
  if (category === "cold_outreach") return true;
  if (category === "meeting_booking") return d.responded;
  return d.meetingBooked || dealFailure(d) === category;
}

/** Failure rates a new team starts from (before its own deals speak), per category. */
const BASE_RATES: Partial<Record<Category, number>> = { cold_outreach: 0.6, meeting_booking: 0.4, re_engagement: 0.2 };
const BASE_RATE_OTHER = 0.1;

interface DealCounts {
  failures: number;
  chances: number;
}

function countDeals(deals: (DealRecord | DealTally)[]): Map<Category, DealCounts> {
  const counts = new Map<Category, DealCounts>(categories.map((c) => [c, { failures: 0, chances: 0 }]));
  for (const d of deals) {
    const n = "n" in d ? d.n : 1;
    const failure = dealFailure(d);
    for (const c of categories) {
      if (!reached(c, d)) continue;
      const k = counts.get(c)!;
      k.chances += n;
      if (failure === c) k.failures += n;
    }
  }
  return counts;
}

export function isStale(activityAt: string, now: Date, staleLeadDays: number): boolean {
  return now.getTime() - Date.parse(activityAt) >= staleLeadDays * DAY;
}

/** "1 in 4", "7 in 10": how a person says a rate. */
export function ratePhrase(rate: number): string {
  if (rate < 0.02) return "almost never";
  if (rate < 0.5) return `1 in ${Math.round(1 / rate)}`;
  return `${Math.round(rate * 10)} in 10`;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Plain words for deal evidence: "{failures} of your last {chances} …". */
const AFTER_MEETING = { of: "deals past the first meeting", one: "deal past the first meeting" };
const DEAL_WORDS: Record<Category, { of: string; one: string; what: string; whatOne: string }> = {
  cold_outreach: { of: "first emails", one: "first email", what: "got no reply", whatOne: "got no reply" },
  meeting_booking: { of: "replies", one: "reply", what: "didn't turn into a meeting", whatOne: "didn't turn into a meeting" },
  pricing: { ...AFTER_MEETING, what: "were lost on price", whatOne: "was lost on price" },
  negotiation: { ...AFTER_MEETING, what: "were lost in negotiation", whatOne: "was lost in negotiation" },
  objection_handling: { ...AFTER_MEETING, what: "went to a competitor", whatOne: "went to a competitor" },
  closing: { ...AFTER_MEETING, what: "ended without a decision", whatOne: "ended without a decision" },
  discovery: { ...AFTER_MEETING, what: "were lost on budget, fit or timing", whatOne: "was lost on budget, fit or timing" },
  networking: { ...AFTER_MEETING, what: "were lost when the champion left", whatOne: "was lost when the champion left" },
  re_engagement: { ...AFTER_MEETING, what: "went silent afterwards", whatOne: "went silent afterwards" },
};

/** What happened to deals that failed at this step, in plain words ("were lost on price"). */
export function failureWords(category: Category): string {
  return DEAL_WORDS[category].what;
}

function dealSentence(category: Category, failures: number, chances: number, teamRate: number): string {
  const w = DEAL_WORDS[category];
  const head = chances === 1 ? `Your only recent ${w.one} ${w.whatOne}` : `${failures} of your last ${chances} ${w.of} ${failures === 1 ? w.whatOne : w.what}`;
  return `${head}; team: ${ratePhrase(teamRate)}.`;
}

/** The practice level a score suggests. */
export function levelFor(score: number): Difficulty {
  if (score < 50) return "easy";
  if (score < 75) return "medium";
  return "hard";
}

const easier: Record<Difficulty, Difficulty> = { easy: "easy", medium: "easy", hard: "medium" };

export interface WeakAreaReport {
  weakAreas: WeakArea[];
  /** The rep's mean practice score (all categories), or null before any practice. */
  ownMean: number | null;
  basis: { attempts: number; deals: number; openLeads: number };
}

export function weakAreas(input: WeakAreaInput): WeakAreaReport {
  const M = WEAK_AREA_MODEL;
  const now = input.now.getTime();

  // Practice.
  const ownMean = input.attempts.length ? input.attempts.reduce((s, a) => s + a.score, 0) / input.attempts.length : null;
  const practice = new Map<Category, { weight: number; sum: number; n: number }>();
  for (const a of input.attempts) {
    const age = Math.max(0, (now - Date.parse(a.at)) / DAY);
    const w = 0.5 ** (age / M.practiceHalfLifeDays);
    const p = practice.get(a.category) ?? { weight: 0, sum: 0, n: 0 };
    p.weight += w;
    p.sum += w * a.score;
    p.n += 1;
    practice.set(a.category, p);
  }

  // Real deals: the rep's recent window against the team's rates.
  const recent = [...input.deals].sort((a, b) => b.closedAt.localeCompare(a.closedAt)).slice(0, M.dealWindow);
  const mine = countDeals(recent);
  const team = countDeals(input.team.deals);
  const stale = input.openLeads.filter((l) => isStale(l.activityAt, input.now, input.staleLeadDays)).length;
  const teamRate = (c: Category) => {
    const t = team.get(c)!;
    let failures = t.failures;
    let chances = t.chances;
    if (c === "re_engagement") {
      failures += input.team.staleOpenLeads;
      chances += input.team.openLeads;
    }
    // The team's own rate, itself shrunk toward a product default while the team is young.
    return (failures + 2 * (BASE_RATES[c] ?? BASE_RATE_OTHER)) / (chances + 2);
  };

  const out: WeakArea[] = [];
  for (const category of categories) {
    const label = categoryLabels[category];
    const evidence: Evidence[] = [];

    let dealPart: WeakArea["deals"] = null;
    let dealWeakness = 0;
    let dealConfidence = 0;
    const k = mine.get(category)!;
    let failures = k.failures;
    let chances = k.chances;
    const ghostedAfterMeeting = failures;
    if (category === "re_engagement") {
      failures += stale;
      chances += input.openLeads.length;
    }
    if (chances > 0) {
      const tr = teamRate(category);
      const adjusted = (failures + M.dealPrior * tr) / (chances + M.dealPrior);
      // Half the rate itself (some of it is the job) plus how far above the team the rep is.
      dealWeakness = clamp01(0.5 * adjusted + (adjusted - tr));
      dealConfidence = (chances / (chances + M.dealPrior)) * M.dealEvidenceWeight;
      dealPart = { failures, chances, rate: round2(failures / chances), adjustedRate: round2(adjusted), teamRate: round2(tr) };
      if (category === "re_engagement") {
        const parts: string[] = [];
        if (ghostedAfterMeeting > 0) parts.push(`${ghostedAfterMeeting} of your last ${k.chances} deals went silent after a meeting`);
        if (stale > 0) parts.push(`${stale} open lead${stale === 1 ? " has" : "s have"} been quiet for ${input.staleLeadDays}+ days`);
        if (parts.length) evidence.push({ source: "deals", text: `${capitalize(parts.join(", and "))}; team: ${ratePhrase(tr)}.` });
      } else if (failures > 0) {
        evidence.push({ source: "deals", text: dealSentence(category, failures, chances, tr) });
      }
      // No failures here and no practice either: nothing to say about this category.
      if (failures === 0) {
        dealPart = null;
        dealConfidence = 0;
        dealWeakness = 0;
      }
    }

    let practicePart: WeakArea["practice"] = null;
    let practiceWeakness = 0;
    let practiceConfidence = 0;
    let level: Difficulty | null = null;
    const p = practice.get(category);
    if (p && ownMean !== null) {
      const decayedMean = p.sum / p.weight;
      const shrunk = (p.sum + M.practicePrior * ownMean) / (p.weight + M.practicePrior);
      practiceWeakness = clamp01((ownMean - shrunk) / 40 + (70 - shrunk) / 150);
      practiceConfidence = p.weight / (p.weight + M.practicePrior);
      practicePart = { attempts: p.n, recentScore: Math.round(shrunk), ownMean: Math.round(ownMean) };
      // The level follows what the rep scores now (unshrunk): one poor attempt is reason enough to start easier.
      level = levelFor(decayedMean);
      const n = `${p.n} attempt${p.n === 1 ? "" : "s"}`;
      evidence.push({
        source: "practice",
        text:
          decayedMean < ownMean - 3
            ? `Your recent ${label.toLowerCase()} practice averages ${Math.round(decayedMean)}, against ${Math.round(ownMean)} across all your practice (${n}).`
            : `Your recent ${label.toLowerCase()} practice averages ${Math.round(decayedMean)} (${n}); your overall average is ${Math.round(ownMean)}.`,
      });
    }

    if (!dealPart && !practicePart) continue;
    const weakness = (dealConfidence * dealWeakness + practiceConfidence * practiceWeakness) / (dealConfidence + practiceConfidence);
    let suggested: Difficulty = level ?? (ownMean !== null ? levelFor(ownMean) : weakness >= 0.5 ? "easy" : "medium");
    // Practice looks fine but real deals fail here: step down a level to rebuild the basics.
    if (dealWeakness >= 0.5 && practiceWeakness < dealWeakness) suggested = easier[suggested];
    out.push({
      category,
      label,
      weakness: round2(weakness),
      suggestedDifficulty: suggested,
      evidence: evidence.sort((a, b) => (a.source === b.source ? 0 : a.source === "deals" ? -1 : 1)),
      practice: practicePart,
      deals: dealPart,
      link: practiceLink(category, suggested),
    });
  }
  out.sort((a, b) => b.weakness - a.weakness || a.category.localeCompare(b.category));
  return {
    weakAreas: out,
    ownMean,
    basis: { attempts: input.attempts.length, deals: recent.length, openLeads: input.openLeads.length },
  };
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
