// Pushbacks for drafted scenarios (deals, casebook): when the material shows what the buyer objected to, the key
// points that answer those objections get the buyer's next line for an answer that missed them (in the persona's
// voice), a model answer to it, and the scenario a closing line; with no objection in the material the draft stays
// one-turn. Every line comes from the templates below and the draft's own (already anonymized) key points, never
// from the deal's raw text, and a model answer is kept only if it scores as a strong answer on its own turn.
import nlp from "compromise";
import type { Persona, Rubric, RubricKeyPoint, RubricPitfall } from "@dq/shared";
import { type ConversationScenario, turnRubric } from "./conversation.ts";
import { scoreResponse } from "./scoring.ts";

export const objectionKinds = ["price", "competitor", "timing", "security", "terms", "doubt"] as const;
export type ObjectionKind = (typeof objectionKinds)[number];

/** Words in a deal's notes or approach that show the buyer raised this objection. */
const RAISED: Record<ObjectionKind, RegExp> = {
  price: /\b(pric(?:e|es|ed|ing)|budget\w*|expensive|too much|costs? too|costly|cheaper|discount\w*|afford\w*)\b/gi,
  competitor: /\b(competitors?|competition|incumbent|rival\w*|other vendors?|alternatives?|quoted (?:less|lower)|compar(?:e|ed|ing)\b|switch(?:ing)? costs?)\b/gi,
  timing: /\b(timing|not now|bad time|next (?:quarter|year)|too busy|wait(?:ing)? until|delay\w*|push(?:ed)? (?:it )?out|other priorities)\b/gi,
  security: /\b(security|secure|compliance|gdpr|hipaa|soc ?2|data protection|privacy|infosec)\b/gi,
  terms: /\b(legal (?:review|team)|redline\w*|liabilit\w*|contract terms|terms and conditions|msa|clauses?|indemnit\w*)\b/gi,
  doubt: /\b(risk\w*|concerns?|concerned|objections?|not sure|hesitant|hesitat\w*|sceptic\w*|skeptic\w*|worried|doubt\w*|push(?:ed)? ?back)\b/gi,
};

/** Words of a key point (its move, phrases and synonyms) that show it answers the objection. */
const ANSWERS: Record<ObjectionKind, RegExp> = {
  price: /\b(roi|payback|return|cost\w*|pric\w*|budget\w*|discount\w*|value|worth|saving\w*|save[sd]?|spend|business case|per (?:seat|user|month)|numbers|invoice\w*|goals?|outcomes?)\b/i,
  competitor: /\b(compar\w*|competitor\w*|incumbent|switch\w*|differen\w*|reference\w*|case stud\w*|peer\w*|side by side|migrat\w*)\b/i,
  timing: /\b(pilot\w*|trial\w*|phase\w*|timeline\w*|quarter\w*|rollout|start\w*|deadline\w*|action plan|onboard\w*|dates?|dated)\b/i,
  security: /\b(secur\w*|complian\w*|soc|gdpr|hipaa|privacy|it team|architect\w*|sso|data)\b/i,
  terms: /\b(contract\w*|terms?|legal|redline\w*|msa|clause\w*|exchange|concession\w*|sponsor)\b/i,
  doubt: /\b(pilot\w*|trial\w*|reference\w*|case stud\w*|proof|prove\w*|guarantee\w*|risk\w*|success|results?|measur\w*)\b/i,
};

type Voiced = { default: string } & Partial<Record<Persona, string>>;

/** What the buyer says when an answer missed the point that answers this objection, per persona. */
const PUSHBACK: Record<ObjectionKind, Voiced> = {
  price: {
    default: "You still haven't told me why this is worth what it costs us.",
    smb_owner: "That's real money for a business my size. You still haven't told me what I get for it.",
    executive: "I still don't see the return. Why is this worth the spend?",
    procurement: "That doesn't change the number. Justify the price to me before we go any further.",
    technical_evaluator: "Fine, but I'll have to justify the cost too. You still haven't told me what this costs us.",
    champion: "I'm on your side, but I can't defend this price internally without a better reason.",
    gatekeeper: "The first thing my boss will ask about is the cost. What do I tell them?",
  },
  competitor: {
    default: "We're still looking at other options that seem to do the same. Why you?",
    smb_owner: "Someone else offered me something similar. Why should I go with you?",
    executive: "Your competitors tell me the same story. What actually makes you different?",
    procurement: "We have other bids on the table. What sets yours apart on paper?",
    technical_evaluator: "Technically, the alternatives look much the same to me. What's really different?",
    champion: "People here keep asking why not the other vendor. What do I tell them?",
    gatekeeper: "We hear from vendors like you every week. Why would my boss pick you?",
  },
  timing: {
    default: "I still don't think this is the right time for us. Why now?",
    smb_owner: "I've got my hands full this season. Why should I take this on now?",
    executive: "This isn't on my priority list this quarter. Convince me it should be.",
    procurement: "This isn't in this cycle's plan. Why should we move it forward?",
    technical_evaluator: "My team is booked for months. When would we even fit this in?",
    champion: "I want this, but the timing is bad here. How do we get it moving?",
    gatekeeper: "My boss's calendar is full for weeks. Why should this jump the queue?",
  },
  security: {
    default: "Our IT people will still ask whether this is secure. What do I tell them?",
    smb_owner: "I'm no security expert, but I can't afford a breach. Is my data safe with you?",
    executive: "If this ever caused a data incident, it would land on my desk. Why is it safe?",
    procurement: "A security review is mandatory for us. What can you give me for it?",
    technical_evaluator: "You haven't answered my security questions. How is our data protected?",
  },
  terms: {
    default: "Our legal team still won't sign these terms as they are.",
    smb_owner: "I'm not comfortable locking myself into a contract like this.",
    executive: "I'm not signing anything my lawyers are unhappy with. Where can you move?",
    procurement: "These terms don't meet our standard. What are you willing to change?",
  },
  doubt: {
    default: "I'm still not sure this will work for us. What if it doesn't?",
    smb_owner: "I've been burned before by things like this. How do I know it will work for me?",
    executive: "I've seen projects like this fail. Why would this one be different?",
    procurement: "We need to be sure before we commit. What reduces our risk here?",
    technical_evaluator: "I need proof, not promises. How do I know it works in our setup?",
    champion: "I believe in it, but others here are skeptical. What can I show them?",
    gatekeeper: "My boss doesn't take chances on new vendors. Why should this be different?",
  },
};

/** How a model answer to the pushback opens and ends (the point itself goes in between). */
const FOLLOW_UP: Record<ObjectionKind, { open: string; close: string }> = {
  price: { open: "Fair question, and you should get a straight answer on what you get for the money.", close: "Could we take 20 minutes on Thursday to go through the numbers together?" },
  competitor: { open: "Fair point, and you should compare us properly before you choose.", close: "Could we take 20 minutes on Thursday to put the options side by side?" },
  timing: { open: "I understand the timing is tight, so let's keep the first step light for your team.", close: "Could we take 15 minutes on Thursday to agree a start that suits you?" },
  security: { open: "Good question, and your IT team should be satisfied before anything goes ahead.", close: "Could we book 30 minutes with your IT lead on Thursday to go through the details?" },
  terms: { open: "Understood, the terms have to work for your side too.", close: "Could we take 20 minutes on Thursday with your legal team to go through the open points?" },
  doubt: { open: "That's a fair concern, and I'd rather earn your confidence than ask for it.", close: "Could we take 20 minutes on Thursday to agree what success looks like for you?" },
};

/** What the buyer says after a strong answer, by the main objection the conversation was about. */
const CLOSING: Record<ObjectionKind, string> = {
  price: "OK, that makes the cost easier to defend. Send me the numbers and let's take the next step.",
  competitor: "That's a clearer difference than I'd heard so far. Let's take the next step.",
  timing: "Fair enough, that's a start we can manage. Let's put it in the calendar.",
  security: "That should satisfy our IT people. Send the details and let's move ahead.",
  terms: "That works for us. Send the updated terms and we'll get it signed.",
  doubt: "That gives me more confidence. Let's take the next step.",
};

/** What the buyer says when an answer makes one of the drafted pitfalls (pitfallTemplates.ts ids). */
const PITFALL_PUSHBACK: Record<string, string> = {
  dodges_price: "That's not an answer. Give me a number, even a range.",
  discounts_unprompted: "If you can drop the price that easily, what was the real price?",
  concedes_without_trade: "That was easy. What else can you give us?",
  argues_with_buyer: "I don't appreciate being told I'm wrong. I know my business.",
  disparages_current_way: "Our current setup works better than you think. We built it for a reason.",
  pushes_meeting_unearned: "Why would I give you time on my calendar? You haven't told me anything useful yet.",
  pitches_before_listening: "Hold on, you don't know how we work yet and you're already selling.",
  pressure_tactics: "I don't like being rushed. We'll decide on our own schedule.",
  guilt_trips: "I've been busy. That's no reason to make me feel bad about it.",
  pitches_too_early: "I'm not ready to be pitched. Let's see first whether we can help each other.",
};

/** A model follow-up must score at least this on its own turn (as the library's follow-ups do). */
export const FOLLOW_UP_MIN_SCORE = 70;
/** At most this many key points carry a pushback in a drafted scenario. */
export const MAX_PUSHBACKS = 3;

/** The objections a deal's (anonymized) texts show, the most mentioned first; the first text counts triple (the buyer's own words). */
export function objectionsRaised(buyerWords: string, ...texts: string[]): ObjectionKind[] {
  const score = new Map<ObjectionKind, number>();
  for (const kind of objectionKinds) {
    const n = 3 * (buyerWords.match(RAISED[kind]) ?? []).length + texts.reduce((s, t) => s + (t.match(RAISED[kind]) ?? []).length, 0);
    if (n > 0) score.set(kind, n);
  }
  // A named objection before a vague one ("concern", "risk"), then by how often it came up.
  return [...score.entries()].sort((a, b) => Number(a[0] === "doubt") - Number(b[0] === "doubt") || b[1] - a[1] || objectionKinds.indexOf(a[0]) - objectionKinds.indexOf(b[0])).map(([k]) => k);
}

export const pushbackFor = (kind: ObjectionKind, persona: Persona) => PUSHBACK[kind][persona] ?? PUSHBACK[kind].default;

/** A model answer to the pushback: the template's opening, the point said as a line, the template's next step. */
export function followUpFor(kind: ObjectionKind, line: string): string {
  const said = line.trim().replace(/\s+/g, " ");
  return `${FOLLOW_UP[kind].open} ${/[.!?]$/.test(said) ? said : `${said}.`} ${FOLLOW_UP[kind].close}`;
}

const NOT_A_MOVE = new Set(["be", "want", "need", "seem", "turn", "think", "know", "feel", "have", "like", "annoy"]);

const TO_BUYER: [RegExp, string][] = [
  [/\btheirs\b/g, "yours"],
  [/\btheir\b/g, "your"],
  [/\bthemselves\b/g, "yourselves"],
  [/\bthem\b/g, "you"],
  [/\bthey\b/g, "you"],
];

/**
 * The move of a key point as a line the rep says to the buyer: "Build the ROI with their numbers" → "Let me build
 * the ROI with your numbers."; null when the point does not start with a verb (a story fragment, not a move).
 */
export function lineOfPoint(k: Pick<RubricKeyPoint, "point">): string | null {
  const point = k.point.trim().replace(/[.;:,!?]+$/, "");
  if (!nlp(point).terms().eq(0).has("#Infinitive")) return null;
  // A state or a story ("Be worried about cost", "Turn out she rebuilds…", "Meet she told me…") is not a move to say.
  const [verb = "", next = ""] = point.toLowerCase().split(/\s+/);
  if (NOT_A_MOVE.has(verb) || /^(?:i|he|she|they|we|it)$/.test(next)) return null;
  const said = TO_BUYER.reduce((t, [re, to]) => t.replace(re, to), point.charAt(0).toLowerCase() + point.slice(1));
  return `Let me ${said}.`;
}

/** How many different words of the key point answer the objection (0: it does not answer it). */
function answerWords(kind: ObjectionKind, k: RubricKeyPoint): number {
  const re = new RegExp(ANSWERS[kind].source, "gi");
  return new Set(([k.point, ...k.phrases, ...k.synonyms].join(" \n ").match(re) ?? []).map((w) => w.toLowerCase())).size;
}

/** Which key point answers which objection: for each objection (in order), the heaviest free key point whose words answer it (ties: the one with more such words, then rubric order). */
export function answeringPoints(rubric: Rubric, kinds: ObjectionKind[], canSay: (k: RubricKeyPoint) => boolean = () => true): Map<string, ObjectionKind> {
  const assigned = new Map<string, ObjectionKind>();
  for (const kind of kinds) {
    if (assigned.size >= MAX_PUSHBACKS) break;
    const point = rubric
      .map((k) => ({ k, words: assigned.has(k.id) ? 0 : answerWords(kind, k) }))
      .filter((x) => x.words > 0 && canSay(x.k))
      .sort((a, b) => b.k.weight - a.k.weight || b.words - a.words)[0]?.k;
    if (point) assigned.set(point.id, kind);
  }
  return assigned;
}

export interface ConversationDraft {
  situation: string;
  buyerLine: string;
  idealResponse: string;
  persona: Persona;
  rubric: Rubric;
  pitfalls: RubricPitfall[];
  closingLine?: string;
}

/**
 * The draft with pushbacks on the key points that answer the objections (and on its pitfalls) and a closing
 * line; unchanged (one-turn) when no objection was raised or no model follow-up scores as a strong answer.
 * `lineOf` says a key point as the rep would (default: "Let me …" + the point; null: it cannot be said); `clean` is a last safety net
 * (the deal's leak redaction) applied to every line added.
 */
export function withPushbacks<D extends ConversationDraft>(draft: D, kinds: ObjectionKind[], opts: { lineOf?: (k: RubricKeyPoint) => string | null; clean?: (s: string) => string } = {}): D {
  const clean = opts.clean ?? ((s: string) => s);
  const lineOf = opts.lineOf ?? lineOfPoint;
  const assigned = answeringPoints(draft.rubric, kinds, (k) => lineOf(k) !== null);
  if (assigned.size === 0) return draft;
  const rubric = draft.rubric.map((k) => {
    const kind = assigned.get(k.id);
    if (!kind) return k;
    const pushback = clean(pushbackFor(kind, draft.persona)).slice(0, 240);
    const idealFollowUp = clean(followUpFor(kind, lineOf(k)!));
    if (idealFollowUp.length > 400) return k;
    const candidate = { ...k, pushback, idealFollowUp };
    // The turn the conversation engine would hold on this point, scored as the engine scores it.
    const s: ConversationScenario = { buyerLine: draft.buyerLine, idealResponse: draft.idealResponse, rubric: [candidate], pitfalls: draft.pitfalls, closingLine: null };
    const turn = turnRubric(s, { kind: "key_point", id: k.id }, []);
    const r = scoreResponse({ response: idealFollowUp, situation: draft.situation, buyerLine: pushback, idealResponse: turn.idealResponse, rubric: turn.rubric, pitfalls: draft.pitfalls });
    return r.score >= FOLLOW_UP_MIN_SCORE ? candidate : k;
  });
  const pushed = rubric.filter((k) => k.pushback);
  if (pushed.length === 0) return draft;
  const main = assigned.get([...pushed].sort((a, b) => b.weight - a.weight)[0]!.id)!;
  return {
    ...draft,
    rubric,
    pitfalls: draft.pitfalls.map((p) => (PITFALL_PUSHBACK[p.id] && !p.pushback ? { ...p, pushback: clean(PITFALL_PUSHBACK[p.id]!) } : p)),
    closingLine: clean(CLOSING[main]),
  };
}
