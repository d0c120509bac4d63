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
  lostReasons,
  practiceLink,
  DAY_MS,
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

type Funnel = Pick<DealRecord, "responded" | "meetingBooked" | "result" | "lostReason">;

/** How far a deal got. A booked meeting or a win means the prospect replied, whatever else the record says. */
type Reached = "no_reply" | "reply" | "meeting";
function reachedStep(d: Funnel): Reached {
  if (d.meetingBooked) return "meeting";
  return d.responded || d.result === "won" ? "reply" : "no_reply";
}

/** The skill a lost deal's reason points at (a loss with no reason given counts as "other"). */
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

/** The rep named these reasons, so they count wherever the deal died; other reasons count only after a meeting. */
const ANYWHERE_IN_THE_FUNNEL: ReadonlySet<Category> = new Set(["pricing", "negotiation"]);

/**
 * Did this deal die at the step `category` trains for? No reply → cold outreach; a reply but no
 * meeting → meeting booking; silence after a meeting → re-engagement; a loss after a meeting → by
 * its reason; a loss on price or in negotiation → pricing or negotiation wherever it happened. One
 * deal can die at two steps: a deal lost on price before any meeting is also a reply that never
 * became a meeting, and each sentence counts what it says.
 */
function failedAt(category: Category, d: Funnel): boolean {
  if (d.result === "won") return false;
  const step = reachedStep(d);
  switch (category) {
    case "cold_outreach":
      return step === "no_reply";
    case "meeting_booking":
      return step === "reply";
    case "re_engagement":
      return step === "meeting" && d.result === "ghosted";
    default:
      return d.result === "lost" && LOST_REASON_CATEGORY[d.lostReason ?? "other"] === category && (step === "meeting" || ANYWHERE_IN_THE_FUNNEL.has(category));
  }
}

/** Did this deal reach the step where `category` could have lost it? Every deal had a first email, every reply a chance at a meeting. */
function hadTheChance(category: Category, d: Funnel): boolean {
  if (category === "cold_outreach") return true;
  if (category === "meeting_booking") return reachedStep(d) !== "no_reply";
  return reachedStep(d) === "meeting" || failedAt(category, d);
}

/** The reason the rep gave first, then the funnel step, then the reason after a meeting. */
const FIRST_FAILURE: Category[] = ["pricing", "negotiation", "cold_outreach", "meeting_booking", "re_engagement", "objection_handling", "discovery", "closing", "networking"];

/** The one category that would most likely have saved a deal (the casebook groups deals by it), or null for a win. */
export function dealFailure(d: Funnel): Category | null {
  return FIRST_FAILURE.find((c) => failedAt(c, d)) ?? null;
}

/** Failure rates a new team starts from (before its own deals speak), per category. */
const BASE_RATES: Partial<Record<Category, number>> = { cold_outreach: 0.6, meeting_booking: 0.4, re_engagement: 0.2 };
const BASE_RATE_OTHER = 0.1;

interface DealCounts {
  failures: number;
  chances: number;
}

function countDeals(deals: (Funnel | DealTally)[]): Map<Category, DealCounts> {
  const counts = new Map<Category, DealCounts>(categories.map((c) => [c, { failures: 0, chances: 0 }]));
  for (const d of deals) {
    const n = "n" in d ? d.n : 1;
    for (const c of categories) {
      if (!hadTheChance(c, d)) continue;
      const k = counts.get(c)!;
      k.chances += n;
      if (failedAt(c, d)) k.failures += n;
    }
  }
  return counts;
}

export function isStale(activityAt: string, now: Date, staleLeadDays: number): boolean {
  return now.getTime() - Date.parse(activityAt) >= staleLeadDays * DAY_MS;
}

/** "1 in 4", "7 in 10": how a person says a rate, never further from it than a person would round. */
export function ratePhrase(rate: number): string {
  if (rate < 0.02) return "almost never";
  if (rate >= 0.95) return "almost always";
  const n = Math.round(1 / rate);
  // "1 in 3" for 0.34 but not for 0.4 (that is "4 in 10"); and never "10 in 10" for 0.96.
  if (n >= 2 && Math.abs(1 / n - rate) <= 0.1 * rate) return `1 in ${n}`;
  const tenths = Math.round(rate * 10);
  return tenths === 5 ? "1 in 2" : `${tenths} in 10`;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const round2 = (x: number) => Math.round(x * 100) / 100;

// ── Plain words for deal evidence: each sentence names exactly the deals its numbers count ──────

interface Words {
  one: string;
  many: string;
}

const FIRST_EMAILS: Words = { one: "first email", many: "first emails" };
const REPLIES: Words = { one: "reply", many: "replies" };
const MET: Words = { one: "deal that got a meeting", many: "deals that got a meeting" };

/** How a loss reason reads after "lost" ("lost on price"). */
const LOST_HOW: Record<LostReason | "none", string> = {
  price: "on price",
  negotiation: "in negotiation",
  competitor: "to a competitor",
  timing: "on timing",
  no_budget: "for lack of budget",
  product_fit: "on product fit",
  no_decision: "to no decision",
  champion_left: "when the champion left",
  other: "for another reason",
  none: "with no reason given",
};

const either = (xs: string[]) => (xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} or ${xs.at(-1)}`);

/** "were lost on timing or for lack of budget": the reasons these lost deals were given, in vocabulary order. */
function lostWords(deals: Funnel[]): Words {
  const given = new Set(deals.map((d) => d.lostReason ?? "none"));
  const how = either([...lostReasons, "none" as const].filter((r) => given.has(r)).map((r) => LOST_HOW[r]));
  return { one: `was lost ${how}`, many: `were lost ${how}` };
}

/** "3 of your last 5 replies didn't …", or "your only recent reply didn't …" (never "1 of your last 1"). */
function share(failures: number, chances: number, noun: Words, verb: Words): string {
  if (chances === 1) return `your only recent ${noun.one} ${verb.one}`;
  return `${failures} of your last ${chances} ${noun.many} ${failures === 1 ? verb.one : verb.many}`;
}

/** What happened to deals that failed at this step, in plain words ("were lost on price"): for any deal `dealFailure` puts there. */
export function failureWords(category: Category): string {
  if (category === "cold_outreach") return "got no reply";
  if (category === "meeting_booking") return "didn't turn into a meeting";
  if (category === "re_engagement") return "went silent after a meeting";
  const reasons = [...lostReasons, "none" as const].filter((r) => LOST_REASON_CATEGORY[r === "none" ? "other" : r] === category);
  return `were lost ${either(reasons.map((r) => LOST_HOW[r]))}`;
}

/** The rep's side of the evidence for one category, from the deals `countDeals` counted. */
function dealWords(category: Category, deals: Funnel[]): string {
  const chances = deals.filter((d) => hadTheChance(category, d));
  const failed = chances.filter((d) => failedAt(category, d));
  switch (category) {
    case "cold_outreach":
      return share(failed.length, chances.length, FIRST_EMAILS, { one: "got no reply", many: "got no reply" });
    case "meeting_booking": {
      // A deal won by email never got a meeting either: then the words say so.
      const what = chances.some((d) => reachedStep(d) === "reply" && d.result === "won") ? "didn't turn into a meeting or a win" : "didn't turn into a meeting";
      return share(failed.length, chances.length, REPLIES, { one: what, many: what });
    }
    case "re_engagement": {
      const met = chances.length;
      if (failed.length > 0) return share(failed.length, met, MET, { one: "went silent afterwards", many: "went silent afterwards" });
      return met === 1 ? "your only recent deal that got a meeting didn't go silent" : `none of your last ${met} deals that got a meeting went silent`;
    }
    default: {
      const lost = lostWords(failed);
      const met = chances.filter((d) => reachedStep(d) === "meeting");
      const failedMet = met.filter((d) => failedAt(category, d)).length;
      const before = failed.length - failedMet;
      if (before === 0) return share(failedMet, met.length, MET, lost);
      // Price and negotiation losses before any meeting: said apart, so "deals that got a meeting" stays true.
      if (failedMet > 0) return `${share(failedMet, met.length, MET, lost)}, and ${before} more without a meeting`;
      const head = `${before === 1 ? `a recent deal ${lost.one}` : `${before} recent deals ${lost.many}`} without a meeting`;
      if (met.length === 0) return head;
      return `${head} (${met.length === 1 ? `your only recent ${MET.one} wasn't` : `none of your last ${met.length} ${MET.many} were`})`;
    }
  }
}

/** "2 of your 5 open leads have been quiet for 14+ days". */
function staleWords(stale: number, open: number, days: number): string {
  const quiet = `been quiet for ${days}+ days`;
  if (stale === 0) return open === 1 ? `your only open lead moved in the last ${days} days` : `none of your ${open} open leads has ${quiet}`;
  if (stale === open) return open === 1 ? `your only open lead has ${quiet}` : `all ${open} of your open leads have ${quiet}`;
  return `${stale} of your ${open} open leads ${stale === 1 ? "has" : "have"} ${quiet}`;
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
    const age = Math.max(0, (now - Date.parse(a.at)) / DAY_MS);
    const w = 0.5 ** (age / M.practiceHalfLifeDays);
    const p = practice.get(a.category) ?? { weight: 0, sum: 0, n: 0 };
    p.weight += w;
    p.sum += w * a.score;
    p.n += 1;
    practice.set(a.category, p);
  }

  // Real deals: the rep's recent window against the team's rates.
  // Newest first by the moment it closed, not by its text: "…T23:30:00-02:00" is later than "…T00:00:00Z" the next day.
  const recent = [...input.deals].sort((a, b) => Date.parse(b.closedAt) - Date.parse(a.closedAt)).slice(0, M.dealWindow);
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
      if (failures > 0) {
        const parts: string[] = [];
        if (k.chances > 0) parts.push(dealWords(category, recent));
        if (category === "re_engagement" && input.openLeads.length > 0) {
          // Re-engagement also counts the open leads, quiet or not; what went wrong is said first.
          const leads = staleWords(stale, input.openLeads.length, input.staleLeadDays);
          if (k.failures > 0) parts.push(leads);
          else parts.unshift(leads);
        }
        evidence.push({ source: "deals", text: `${capitalize(parts.join(", and "))}; team: ${ratePhrase(tr)}.` });
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
