// A won deal as a practice scenario: anonymized first, then persona, category, difficulty,
// situation, the buyer's line, the rep's approach as the ideal response and a rubric from its key
// phrases. The result is a draft; a person reviews it before the team sees it.
import {
  type Category,
  type Difficulty,
  type Industry,
  type Persona,
  type Replacements,
  type Rubric,
  type RubricPitfall,
  categoryLabels,
  DAY_MS,
} from "@dq/shared";
import { Anonymizer, amountRange } from "./anonymize/index.ts";
import { PERSONA_NOUN, article } from "./buyers.ts";
import { TACTIC_PLAYS, rubricFromText } from "./keyPoints.ts";
import { pitfallsFor } from "./pitfallTemplates.ts";
import { objectionsRaised, withPushbacks } from "./pushbacks.ts";

export { PERSONA_NOUN, article };

export interface DraftScenario {
  slug: string;
  title: string;
  category: Category;
  difficulty: Difficulty;
  persona: Persona;
  industry: Industry | null;
  situation: string;
  buyerLine: string;
  idealResponse: string;
  rubric: Rubric;
  /** Moves a coach would mark down here (may be empty). */
  pitfalls: RubricPitfall[];
  /** What the buyer says after a strong answer; set only when the draft holds a conversation (some pushback). */
  closingLine?: string;
}

export interface DealForScenario {
  lead: {
    id: string;
    name: string | null;
    company: string | null;
    stage: string | null;
    amount: number | null;
    currency: string | null;
    url: string | null;
    externalId: string;
    persona: Persona | null;
    industry: Industry | null;
    createdAt: string;
    closedAt: string | null;
  };
  outcome: { strategy: string | null; tactics: string[]; notes: string | null; closedAt: string };
  /** The rep who won it, and teammates (their names never appear in a draft either). */
  rep: { name: string; email: string };
  colleagues: { name: string; email: string }[];
  /** How the deal was won, in the rep's words. */
  approach: string;
}

// ── Reading the deal ──────────────────────────────────────────────────────────────────────────

const CATEGORY_SIGNALS: Record<Category, RegExp> = {
  pricing: /\b(pric\w*|discount\w*|budget\w*|cost\w*|expensive|roi|payback|invoice\w*|cheaper)\b/gi,
  negotiation: /\b(contract\w*|terms|legal|redline\w*|negotiat\w*|procurement|clause\w*|msa)\b/gi,
  objection_handling: /\b(objection\w*|concern\w*|competitor\w*|incumbent|push(?:ed)? ?back|worried|sceptic\w*|skeptic\w*|risk\w*)\b/gi,
  meeting_booking: /\b(meeting\w*|demo|calendar|book(?:ed)?|slot)\b/gi,
  cold_outreach: /\b(cold|first email|outreach|intro email|subject line)\b/gi,
  discovery: /\b(discovery|pain\w*|priorit\w*|uncover\w*|questions?)\b/gi,
  closing: /\b(sign(?:ed|ature)?|clos(?:e|ed|ing)|decision|mutual (?:action )?plan|timeline|approv\w*)\b/gi,
  re_engagement: /\b(went (?:quiet|silent|dark)|ghost\w*|no response|reviv\w*|re-?engag\w*|follow(?:ed)?[ -]up)\b/gi,
  networking: /\b(referr\w*|introduc\w*|intro|event|linkedin|champion|multi-?thread\w*)\b/gi,
};

const STRATEGY_CATEGORY: Record<string, Category> = {
  value_selling: "pricing",
  business_case: "pricing",
  consultative_discovery: "discovery",
  challenger_insight: "discovery",
  trigger_event: "cold_outreach",
  referral: "networking",
  social_proof: "objection_handling",
  multi_threading: "networking",
  land_and_expand: "closing",
  competitive_displacement: "objection_handling",
};

function count(re: RegExp, text: string) {
  return (text.match(re) ?? []).length;
}

/** The skill that won the deal: signals in the buyer's quoted words, the approach, the notes, the tactics and the strategy. */
export function inferCategory(approach: string, notes: string, tactics: string[], strategy: string | null, buyerLine = ""): Category {
  const score = new Map<Category, number>();
  // The buyer's own words set the scene most (triple), then the approach (double), then the notes.
  for (const [c, re] of Object.entries(CATEGORY_SIGNALS) as [Category, RegExp][]) score.set(c, 3 * count(re, buyerLine) + 2 * count(re, approach) + count(re, notes));
  for (const t of tactics) {
    const play = TACTIC_PLAYS[t];
    if (play) score.set(play.category, (score.get(play.category) ?? 0) + 1.5);
  }
  const fromStrategy = strategy ? STRATEGY_CATEGORY[strategy] : undefined;
  if (fromStrategy) score.set(fromStrategy, (score.get(fromStrategy) ?? 0) + 1);
  let best: Category = "closing";
  let bestScore = 0;
  for (const [c, s] of score) {
    if (s > bestScore) {
      best = c;
      bestScore = s;
    }
  }
  return best;
}

export function inferPersona(text: string, amount: number | null): Persona {
  const t = text.toLowerCase();
  if (/\bprocurement|purchasing|vendor management\b/.test(t)) return "procurement";
  if (/\b(cto|engineer\w*|architect|it team|security review|technical)\b/.test(t)) return "technical_evaluator";
  if (/\b(ceo|cfo|coo|chief|vp|vice president|founder|board)\b/.test(t)) return "executive";
  if (/\b(owner|small business|family business)\b/.test(t)) return "smb_owner";
  if (/\b(assistant|gatekeeper|office manager)\b/.test(t)) return "gatekeeper";
  if (/\bchampion\b/.test(t)) return "champion";
  return amount !== null && amount >= 50_000 ? "enterprise_buyer" : "smb_owner";
}

const OBJECTIONS = /\b(price|budget|expensive|competitor|incumbent|timing|security|legal|risk|concern|objection|not sure|hesitant)\w*/gi;
const ROLES = /\b(cfo|ceo|cto|coo|cio|vp|legal|procurement|it|security|finance|board|head of \w+|director)\b/gi;

export interface DifficultyFactors {
  cycleDays: number | null;
  amount: number | null;
  objections: number;
  stakeholders: number;
}

/** Harder with a longer cycle, a bigger deal, more objections and more people to win over. */
export function deriveDifficulty(f: DifficultyFactors): Difficulty {
  let points = 0;
  if (f.cycleDays !== null) points += f.cycleDays >= 90 ? 2 : f.cycleDays >= 45 ? 1 : 0;
  if (f.amount !== null) points += f.amount >= 100_000 ? 2 : f.amount >= 25_000 ? 1 : 0;
  points += f.objections >= 3 ? 2 : f.objections >= 1 ? 1 : 0;
  points += f.stakeholders >= 4 ? 2 : f.stakeholders >= 2 ? 1 : 0;
  return points <= 1 ? "easy" : points <= 4 ? "medium" : "hard";
}

/** The parts of a CRM record name: "Maria Gonzalez — Acme" → a person and an organisation. */
export function splitLeadName(name: string | null, company: string | null): { people: string[]; organisations: string[] } {
  const people: string[] = [];
  const organisations: string[] = [];
  if (!name) return { people, organisations };
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  for (const part of name.split(/\s+[—–|:\-/]\s+|\s*[|·]\s*/)) {
    // A nickname in quotes or brackets is part of the name: Jennifer "JJ" Jacobs.
    const p = part.replace(/["“”()]/g, "").replace(/\s+/g, " ").trim();
    if (!p) continue;
    if (company && norm(p) === norm(company)) continue;
    const looksLikeName = /^\p{Lu}[\p{L}\p{M}'’.-]+(?:\s+\p{Lu}[\p{L}\p{M}'’.-]*){1,3}$/u.test(p) && !/\b(inc|llc|ltd|group|corp|co|gmbh|plc)\b/i.test(p);
    if (looksLikeName) people.push(p);
    else organisations.push(p);
  }
  return { people, organisations };
}

// ── Writing the scenario ──────────────────────────────────────────────────────────────────────

const ROLE_PHRASE: Record<Persona, string> = {
  enterprise_buyer: "the buying lead",
  smb_owner: "the owner",
  technical_evaluator: "the technical evaluator",
  procurement: "the procurement lead",
  executive: "the executive who signs off",
  champion: "your champion",
  gatekeeper: "the assistant who guards the calendar",
};

export const MOMENT: Record<Category, (who: string) => string> = {
  pricing: (who) => `${who} likes the solution but now pushes back on the price.`,
  negotiation: (who) => `Terms are on the table and ${who} is negotiating hard.`,
  objection_handling: (who) => `${who} raises a serious objection before going any further.`,
  meeting_booking: (who) => `${who} has replied, but no meeting is booked yet.`,
  cold_outreach: (who) => `You have not spoken to ${who} yet: this is your first message.`,
  discovery: (who) => `This is your first real conversation, and you need to learn what matters to ${who}.`,
  closing: (who) => `${who} is close to a decision but has not committed.`,
  re_engagement: (who) => `${who} went quiet after a promising start.`,
  networking: (who) => `You need more people on your side than ${who} alone.`,
};

export const BUYER_LINES: Record<Category, string> = {
  pricing: "Honestly, this is more than we budgeted for. Why should we pay that when there are cheaper options?",
  negotiation: "Our legal team wants changes to the terms before we can sign. What can you do for us here?",
  objection_handling: "I'm not convinced this is different from what we already have. Why would we switch?",
  meeting_booking: "Thanks, this looks interesting, but I'm swamped right now. Can you just send me some information?",
  cold_outreach: "(No reply yet.) Write the first message that would make this buyer answer you.",
  discovery: "We're doing fine with our current setup, I think. What exactly do you want to know?",
  closing: "This all looks good, but I'm not sure we're ready to commit this quarter.",
  re_engagement: "(Silence for three weeks after a good meeting.) Write the message that gets the conversation going again.",
  networking: "I like it, but I'm not the only one who decides here. Who else would you need to talk to?",
};

export const TITLES: Record<Category, (p: string) => string> = {
  pricing: (p) => `${p} pushes back on price`,
  negotiation: (p) => `Negotiating terms with ${p}`,
  objection_handling: (p) => `${p} doubts you are different`,
  meeting_booking: (p) => `Turn a reply from ${p} into a meeting`,
  cold_outreach: (p) => `First message to ${p}`,
  discovery: (p) => `Discovery with ${p}`,
  closing: (p) => `Get ${p} to commit`,
  re_engagement: (p) => `Revive a quiet deal with ${p}`,
  networking: (p) => `Win more people around ${p}`,
};

export const INDUSTRY_SUFFIX: Partial<Record<Industry, string>> = {
  saas: "Software",
  manufacturing: "Manufacturing",
  healthcare: "Health",
  financial_services: "Financial",
  retail: "Retail",
  logistics: "Logistics",
  education: "Learning",
  professional_services: "Consulting",
  real_estate: "Realty",
};

const CURRENCY_SYMBOL: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥", CAD: "CA$", AUD: "A$" };

const INDUSTRY_WORDS: Record<Industry, string> = {
  saas: "a software company",
  manufacturing: "a manufacturing company",
  healthcare: "a healthcare provider",
  financial_services: "a financial services firm",
  retail: "a retailer",
  logistics: "a logistics company",
  education: "an education provider",
  professional_services: "a professional services firm",
  public_sector: "a public-sector organisation",
  real_estate: "a real estate firm",
};
/** "a logistics company", "a public-sector organisation". */
export const industryPhrase = (i: Industry) => INDUSTRY_WORDS[i];

function duration(days: number): string {
  if (days < 4) return "a few days";
  if (days < 14) return `about ${Math.round(days)} days`;
  if (days < 60) return `about ${Math.round(days / 7)} weeks`;
  return `about ${Math.round(days / 30)} months`;
}

/** The first sentences of a text, up to `max` characters. */
export function firstSentences(text: string, max: number): string {
  const sentences = text.split(/(?<=[.!?…]["”)]?)\s+(?=["“(]?[\p{Lu}\d])/u);
  let out = "";
  for (const s of sentences) {
    const next = `${out} ${s}`.trim();
    if (next.length > max) break;
    out = next;
  }
  return out || `${text.slice(0, max).replace(/\s+\S*$/, "")}…`;
}

function sentenceCase(s: string) {
  const t = s.trim().replace(/\s+/g, " ");
  if (!t) return t;
  const cased = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]["”)]?$/.test(cased) ? cased : `${cased}.`;
}

function quotedLine(text: string): string | null {
  const quotes = [...text.matchAll(/[“"]([^”"]{10,400})[”"]/g)].map((m) => m[1]!.trim());
  if (quotes.length === 0) return null;
  const objection = new RegExp(OBJECTIONS.source, "i");
  return quotes.find((q) => objection.test(q)) ?? quotes[0]!;
}

/** The anonymizer of one deal, primed with everything identifying it: known values and what NLP finds in its texts. */
export function dealAnonymizer(deal: DealForScenario) {
  const { lead, outcome } = deal;
  const split = splitLeadName(lead.name, lead.company);
  const people = [...split.people, deal.rep.name, ...deal.colleagues.map((c) => c.name)];
  const organisations = [...(lead.company ? [lead.company] : []), ...split.organisations];
  const a = new Anonymizer({
    seed: lead.id,
    dealStart: new Date(lead.createdAt),
    orgSuffix: lead.industry ? INDUSTRY_SUFFIX[lead.industry] : undefined,
    known: {
      people,
      organisations,
      emails: [deal.rep.email, ...deal.colleagues.map((c) => c.email)],
      urls: lead.url ? [lead.url] : [],
      phones: [],
      ids: [lead.externalId],
    },
  });
  const [notes = "", approach = ""] = a.scrubAll([outcome.notes ?? "", deal.approach]);
  return { a, split, notes, approach };
}

/**
 * Original values of the deal still present in a draft's fields (after a person edited it), by
 * field: publishing is refused while any remain.
 */
export function draftLeaks(deal: DealForScenario, fields: Record<string, string>): { field: string; value: string }[] {
  const { a } = dealAnonymizer(deal);
  return Object.entries(fields).flatMap(([field, text]) => a.leaks(text).map((value) => ({ field, value })));
}

export function scenarioFromDeal(deal: DealForScenario): { draft: DraftScenario; replacements: Replacements } {
  const { lead, outcome } = deal;
  const { a, split, notes, approach } = dealAnonymizer(deal);

  const persona = lead.persona ?? inferPersona(`${notes} ${approach}`, lead.amount);
  const quoted = quotedLine(notes);
  const category = inferCategory(approach, notes, outcome.tactics, outcome.strategy, quoted ?? "");
  const closedAt = lead.closedAt ?? outcome.closedAt;
  const cycleDays = Math.max(0, (Date.parse(closedAt) - Date.parse(lead.createdAt)) / DAY_MS);
  const allText = `${notes} ${approach}`;
  const roles = new Set((allText.match(ROLES) ?? []).map((r) => r.toLowerCase()));
  // People named in the story (the anonymizer replaced them), besides the rep.
  const namedPeople = Math.max(0, a.replacements.people - 1);
  const difficulty = deriveDifficulty({
    cycleDays: Number.isFinite(cycleDays) ? cycleDays : null,
    amount: lead.amount,
    objections: new Set((allText.match(OBJECTIONS) ?? []).map((o) => o.toLowerCase().slice(0, 5))).size,
    stakeholders: Math.max(roles.size, namedPeople) + 1,
  });

  const contact = split.people[0] ? a.personStandIn(split.people[0]) : null;
  const firstName = contact?.split(" ")[0] ?? "The buyer";
  const org = lead.company ? a.organisationStandIn(lead.company) : null;

  const s: string[] = [];
  const where = org ? ` at ${org}` : "";
  const industry = lead.industry ? `, ${industryPhrase(lead.industry)}` : "";
  s.push(contact ? `${contact} is ${ROLE_PHRASE[persona]}${where}${industry}.` : `You are selling to ${ROLE_PHRASE[persona]}${where}${industry}.`);
  const symbol = lead.currency ? (CURRENCY_SYMBOL[lead.currency] ?? `${lead.currency} `) : "$";
  const size = lead.amount !== null && lead.amount > 0 ? `The deal is worth ${amountRange(lead.amount, symbol)}` : "The deal";
  s.push(Number.isFinite(cycleDays) && cycleDays > 0 ? `${size} and took ${duration(cycleDays)} from first contact to signature.` : `${size} is in play.`);
  if (notes.trim()) s.push(`What happened so far: ${sentenceCase(firstSentences(notes, 700))}`);
  s.push(MOMENT[category](contact ? firstName : "The buyer"));
  const situation = s.join(" ");

  const buyerLine = quoted && quoted.length >= 10 ? sentenceCase(quoted) : BUYER_LINES[category];

  let ideal = sentenceCase(approach);
  for (const t of outcome.tactics) {
    if (ideal.length >= 120) break;
    const play = TACTIC_PLAYS[t];
    if (play) ideal = `${ideal} ${play.line}`;
  }
  if (ideal.length < 40) ideal = `${ideal} Could we find 20 minutes this week to agree the next step?`;
  if (ideal.length > 3000) ideal = firstSentences(ideal, 3000);

  const draft: DraftScenario = {
    slug: `deal-${lead.id.toLowerCase().replace(/[^a-z0-9]+/g, "").slice(-20)}`,
    title: `${capitalize(TITLES[category](article(PERSONA_NOUN[persona])))} (a real win)`.slice(0, 120),
    category,
    difficulty,
    persona,
    industry: lead.industry,
    situation: a.redactLeaks(situation).slice(0, 2000),
    buyerLine: a.redactLeaks(buyerLine).slice(0, 1000),
    idealResponse: a.redactLeaks(ideal),
    rubric: [],
    pitfalls: [],
  };
  draft.rubric = rubricFromText(draft.idealResponse, { tactics: outcome.tactics }).map((k) => ({
    ...k,
    point: a.redactLeaks(k.point),
    tip: a.redactLeaks(k.tip),
    phrases: k.phrases.filter((p) => a.leaks(p).length === 0),
    synonyms: k.synonyms.filter((p) => a.leaks(p).length === 0),
  }));
  draft.rubric = draft.rubric.filter((k) => k.phrases.length > 0);
  if (draft.rubric.length === 0) draft.rubric = fallbackRubric(category);
  draft.pitfalls = pitfallsFor(category, draft.idealResponse);
  // The buyer pushes back only on objections the deal's (anonymized) notes and approach show.
  const conversation = withPushbacks(draft, objectionsRaised(quoted ?? "", notes, approach), { clean: (t) => a.redactLeaks(t) });
  return { draft: conversation, replacements: a.replacements };
}

/** When the approach yields no usable phrases: the category's basics. */
export function fallbackRubric(category: Category): Rubric {
  return [
    {
      id: "next_step",
      point: "Propose a concrete next step",
      weight: 2,
      phrases: ["next step", "this week"],
      synonyms: ["call", "meeting", "thursday", "tomorrow"],
      tip: `Close your ${categoryLabels[category].toLowerCase()} answer with a concrete, dated next step.`,
    },
  ];
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
