// The team casebook and company knowledge as practice material. Lessons: where the team's deals
// with one kind of buyer keep dying, paired with what its wins with that buyer did. Knowledge:
// the objections the team hears, the competitors it meets, the facts it sells on. Both become
// draft scenarios for a manager to review; neither copies any customer's words.
import {
  type Category,
  type Industry,
  type KnowledgeKind,
  type LostReason,
  type Persona,
  type Result,
  type RubricKeyPoint,
  defaultTactics,
} from "@dq/shared";
import { fictionalBuyer } from "./anonymize/index.ts";
import { TACTIC_PLAYS, rubricFromText } from "./keyPoints.ts";
import { pitfallsFor } from "./pitfallTemplates.ts";
import { type ObjectionKind, withPushbacks } from "./pushbacks.ts";
import { BUYER_LINES, type DraftScenario, INDUSTRY_SUFFIX, MOMENT, PERSONA_NOUN, TITLES, article, industryPhrase } from "./scenarioFromDeal.ts";
import { dealFailure, failureWords } from "./weakAreas.ts";

export interface CasebookDeal {
  persona: Persona | null;
  industry: Industry | null;
  responded: boolean;
  meetingBooked: boolean;
  result: Result;
  lostReason: LostReason | null;
  tactics: string[];
}

export interface Lesson {
  /** Stable per team: the same lesson is drafted once. */
  slug: string;
  category: Category;
  persona: Persona;
  industry: Industry | null;
  losses: number;
  /** Tactics of the team's wins with this kind of buyer, most used first (those with a known play). */
  winTactics: string[];
  wins: number;
  /** Why its lost deals were lost, as the reps reported it, most frequent first (empty when none was lost with a reason). */
  lostReasons: LostReason[];
}

export const CASEBOOK_MODEL = {
  /** A pattern needs at least this many failed deals to be a lesson. */
  minLosses: 2,
  /** And at least this many wins with the same kind of buyer to learn from. */
  minWins: 1,
} as const;

function mostCommon<T>(xs: T[]): T[] {
  const counts = new Map<T, number>();
  for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([x]) => x);
}

/** Lessons from the team's closed deals, the most frequent failure first. */
export function casebookLessons(deals: CasebookDeal[]): Lesson[] {
  const groups = new Map<string, { category: Category; persona: Persona; deals: CasebookDeal[] }>();
  for (const d of deals) {
    const category = dealFailure(d);
    if (!category || !d.persona) continue;
    const key = `${category}:${d.persona}`;
    const g = groups.get(key) ?? { category, persona: d.persona, deals: [] };
    g.deals.push(d);
    groups.set(key, g);
  }
  const lessons: Lesson[] = [];
  for (const g of groups.values()) {
    if (g.deals.length < CASEBOOK_MODEL.minLosses) continue;
    const wins = deals.filter((d) => d.result === "won" && d.persona === g.persona);
    if (wins.length < CASEBOOK_MODEL.minWins) continue;
    const ranked = mostCommon(wins.flatMap((w) => w.tactics).filter((t) => TACTIC_PLAYS[t]));
    // Tactics that address this very failure go first.
    const winTactics = [...ranked.filter((t) => TACTIC_PLAYS[t]!.category === g.category), ...ranked.filter((t) => TACTIC_PLAYS[t]!.category !== g.category)].slice(0, 3);
    if (winTactics.length === 0) continue;
    lessons.push({
      slug: `casebook-${g.category}-${g.persona}`.replace(/_/g, "-"),
      category: g.category,
      persona: g.persona,
      industry: mostCommon(g.deals.map((d) => d.industry).filter((i): i is Industry => !!i))[0] ?? null,
      losses: g.deals.length,
      winTactics,
      wins: wins.length,
      lostReasons: mostCommon(g.deals.map((d) => d.lostReason).filter((r): r is LostReason => !!r)),
    });
  }
  return lessons.sort((a, b) => b.losses - a.losses || a.slug.localeCompare(b.slug));
}

/** How a strong rep opens, per category, with the point it makes. */
const OPENERS: Record<Category, { line: string; point: Omit<RubricKeyPoint, "id" | "weight"> }> = {
  pricing: { line: "I understand the budget is tight, so let's look at what it costs you to keep things as they are.", point: { point: "Reframe price as the cost of doing nothing", phrases: ["costs you", "keep things as they are"], synonyms: ["cost of inaction", "cost of doing nothing", "what it costs"], tip: "Acknowledge the budget, then compare the price with what the problem costs them today." } },
  negotiation: { line: "I want this to work for both sides, so let's go through the terms that matter most to you.", point: { point: "Find the terms that matter most to them", phrases: ["terms that matter", "both sides"], synonyms: ["what matters most", "work for both"], tip: "Ask which terms matter most before you trade anything." } },
  objection_handling: { line: "That's a fair concern, and other teams raised it too before they switched.", point: { point: "Acknowledge the concern before answering", phrases: ["fair concern", "raised it too"], synonyms: ["understand the concern", "good question", "fair point"], tip: "Acknowledge the concern first: it shows you listened." } },
  meeting_booking: { line: "Happy to send something, but a short conversation will save you reading time.", point: { point: "Turn 'send info' into a short conversation", phrases: ["short conversation", "save you reading time"], synonyms: ["quick call", "15 minutes", "20 minutes"], tip: "Agree to send something, and show why a short conversation is better for them." } },
  cold_outreach: { line: "I'll keep this short, because I know your inbox is full.", point: { point: "Respect their time", phrases: ["keep this short", "inbox is full"], synonyms: ["brief", "quick question"], tip: "Be brief and show you respect their time." } },
  discovery: { line: "Before I suggest anything, I'd like to understand how your team works today.", point: { point: "Diagnose before prescribing", phrases: ["understand how your team works", "before i suggest"], synonyms: ["how do you", "walk me through", "what happens today"], tip: "Ask about how they work today before you pitch anything." } },
  closing: { line: "It sounds like the fit is there, so let's make the decision easy.", point: { point: "Confirm the fit and make deciding easy", phrases: ["fit is there", "decision easy"], synonyms: ["ready to move", "make it easy"], tip: "Confirm what they agreed with, then make the decision simple." } },
  re_engagement: { line: "I know priorities shift, so no pressure, just a quick check on where things stand.", point: { point: "Re-open without pressure", phrases: ["priorities shift", "where things stand"], synonyms: ["no pressure", "still a priority", "checking in"], tip: "Make it easy to reply: acknowledge that priorities change, ask where things stand." } },
  networking: { line: "It makes sense to involve the others who decide, and I'd like to help you bring them in.", point: { point: "Offer to help bring in the other deciders", phrases: ["others who decide", "bring them in"], synonyms: ["who else", "involve your"], tip: "Ask who else decides and offer to help your contact bring them in." } },
};

const NEXT_STEP = "Could we take 20 minutes on Thursday to go through it together?";
const NEXT_STEP_POINT: RubricKeyPoint = {
  id: "next_step",
  point: "Propose a concrete next step",
  weight: 2,
  phrases: ["20 minutes", "thursday"],
  synonyms: ["next week", "tomorrow", "15 minutes", "call on", "meet on"],
  tip: "End with a specific next step and a time.",
};

const tacticLabel = (id: string) => defaultTactics.find((t) => t.id === id)?.label.toLowerCase() ?? id.replace(/_/g, " ");

function list(xs: string[]) {
  return xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs.at(-1)}`;
}

/** The objection a lost reason shows the buyer raised (none for a champion who left or "other"). */
const LOST_REASON_OBJECTION: Partial<Record<LostReason, ObjectionKind>> = {
  price: "price",
  no_budget: "price",
  competitor: "competitor",
  timing: "timing",
  negotiation: "terms",
  no_decision: "doubt",
  product_fit: "doubt",
};

export function scenarioFromLesson(lesson: Lesson): DraftScenario {
  const buyer = fictionalBuyer(lesson.slug, lesson.industry ? INDUSTRY_SUFFIX[lesson.industry] : undefined);
  const first = buyer.person.split(" ")[0]!;
  const noun = PERSONA_NOUN[lesson.persona];
  const opener = OPENERS[lesson.category];
  const where = lesson.industry ? `, ${industryPhrase(lesson.industry)}` : "";
  const situation = [
    `From your team's casebook: ${lesson.losses} recent deals with ${noun}s ${failureWords(lesson.category)}, while the team's ${lesson.wins === 1 ? "win" : `${lesson.wins} wins`} with them used ${list(lesson.winTactics.map(tacticLabel))}.`,
    `Now ${buyer.person} is the ${noun} at ${buyer.organisation}${where}.`,
    MOMENT[lesson.category](first),
  ].join(" ");
  const ideal = [opener.line, ...lesson.winTactics.map((t) => TACTIC_PLAYS[t]!.line), NEXT_STEP].join(" ");
  const rubric: RubricKeyPoint[] = [
    { id: "opener", weight: 2, ...opener.point },
    ...lesson.winTactics.map((t) => {
      const p = TACTIC_PLAYS[t]!;
      return { id: t, point: p.point, weight: 3, phrases: p.phrases, synonyms: p.synonyms, tip: p.tip };
    }),
    NEXT_STEP_POINT,
  ];
  const draft: DraftScenario = {
    slug: lesson.slug,
    title: `${capitalize(TITLES[lesson.category](article(noun)))} (team casebook)`.slice(0, 120),
    category: lesson.category,
    difficulty: lesson.losses >= 5 ? "hard" : "medium",
    persona: lesson.persona,
    industry: lesson.industry,
    situation,
    buyerLine: BUYER_LINES[lesson.category],
    idealResponse: ideal,
    rubric,
    pitfalls: pitfallsFor(lesson.category, ideal),
  };
  // The buyer pushes back on what the lost deals were lost over; a lesson without lost reasons stays one-turn.
  const objections = [...new Set(lesson.lostReasons.flatMap((r) => LOST_REASON_OBJECTION[r] ?? []))];
  const lines = new Map<string, string>([["opener", opener.line], ["next_step", NEXT_STEP], ...lesson.winTactics.map((t): [string, string] => [t, TACTIC_PLAYS[t]!.line])]);
  return withPushbacks(draft, objections, { lineOf: (k) => lines.get(k.id) ?? null });
}

export interface KnowledgeForScenario {
  id: string;
  kind: KnowledgeKind;
  title: string;
  body: string;
  answer: string | null;
}

const KNOWLEDGE_SHAPE: Record<KnowledgeKind, { category: Category; persona: Persona; difficulty: DraftScenario["difficulty"] }> = {
  objection: { category: "objection_handling", persona: "enterprise_buyer", difficulty: "medium" },
  competitor: { category: "objection_handling", persona: "technical_evaluator", difficulty: "hard" },
  product_fact: { category: "cold_outreach", persona: "executive", difficulty: "easy" },
};

function ensureSentence(s: string) {
  const t = s.trim().replace(/\s+/g, " ");
  return /[.!?”"]$/.test(t) ? t : `${t}.`;
}

/** A draft from one knowledge item, or null when it has too little to practise against. */
export function scenarioFromKnowledge(k: KnowledgeForScenario): DraftScenario | null {
  const shape = KNOWLEDGE_SHAPE[k.kind];
  const buyer = fictionalBuyer(`knowledge-${k.id}`);
  const noun = PERSONA_NOUN[shape.persona];
  let situation: string;
  let buyerLine: string;
  let ideal: string;
  let title: string;
  switch (k.kind) {
    case "objection":
      situation = `${buyer.person}, ${article(noun)} at ${buyer.organisation}, raises an objection your team hears often. What the team knows: ${ensureSentence(k.body)}`;
      buyerLine = ensureSentence(k.title);
      ideal = k.answer ? ensureSentence(k.answer) : "";
      title = `Objection: ${k.title}`;
      break;
    case "competitor":
      situation = `${buyer.person}, ${article(noun)} at ${buyer.organisation}, is also evaluating ${k.title}. What your team knows about them: ${ensureSentence(k.body)}`;
      buyerLine = `We're also looking at ${k.title}, and they seem to do the same thing. Why should we pick you?`;
      ideal = ensureSentence(k.answer ?? k.body);
      title = `Up against ${k.title}`;
      break;
    case "product_fact":
      situation = `You are writing a first message to ${buyer.person}, ${article(noun)} at ${buyer.organisation}. Build it on this fact about your product: ${ensureSentence(`${k.title}: ${k.body}`)}`;
      buyerLine = BUYER_LINES.cold_outreach;
      ideal = k.answer ? ensureSentence(k.answer) : `${ensureSentence(k.body)} ${NEXT_STEP}`;
      title = `First message built on: ${k.title}`;
      break;
  }
  if (ideal.length < 40 || situation.length < 40 || buyerLine.length < 10) return null;
  const rubric = rubricFromText(ideal, { tipPrefix: "What your team recommends:" });
  if (rubric.length === 0) return null;
  return {
    slug: `knowledge-${k.id.toLowerCase().replace(/[^a-z0-9]+/g, "").slice(0, 40)}`,
    title: title.length > 120 ? `${title.slice(0, 117)}…` : title.length < 5 ? `${title} (team knowledge)` : title,
    category: shape.category,
    difficulty: shape.difficulty,
    persona: shape.persona,
    industry: null,
    situation: situation.slice(0, 2000),
    buyerLine: buyerLine.slice(0, 1000),
    idealResponse: ideal.slice(0, 3000),
    rubric,
    pitfalls: pitfallsFor(shape.category, ideal.slice(0, 3000)),
  };
}

export const DRAFTS_PER_RUN = 5;
/** A review queue longer than this is not reviewed: no new drafts until managers catch up. */
export const MAX_PENDING_DRAFTS = 10;

/**
 * The drafts a scheduled run adds: new lessons first (the most frequent failure first), then new
 * knowledge; a few per run, and none while the queue already holds `MAX_PENDING_DRAFTS` unreviewed.
 */
export function draftsToCreate(input: { lessons: Lesson[]; knowledge: KnowledgeForScenario[]; existingSlugs: Set<string>; pending?: number; max?: number }): DraftScenario[] {
  const out: DraftScenario[] = [];
  const max = Math.min(input.max ?? DRAFTS_PER_RUN, MAX_PENDING_DRAFTS - (input.pending ?? 0));
  for (const l of input.lessons) {
    if (out.length >= max) return out;
    if (!input.existingSlugs.has(l.slug)) out.push(scenarioFromLesson(l));
  }
  for (const k of input.knowledge) {
    if (out.length >= max) return out;
    const draft = scenarioFromKnowledge(k);
    if (draft && !input.existingSlugs.has(draft.slug)) out.push(draft);
  }
  return out;
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
