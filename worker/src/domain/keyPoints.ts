// Rubrics from a model answer: each action in the answer becomes a key point whose phrases are the
// answer's own key noun phrases (so the existing scorer, matching Porter stems, finds them), with
// the playbook's known ways of saying a tactic as synonyms. Also the playbook's tactics as lines a
// rep would say, for drafts composed from the casebook.
import nlp from "compromise";
import { eng } from "stopword";
import type { Category, Rubric, RubricKeyPoint } from "@dq/shared";
import { containsPhrase, contentStems, phraseStems } from "./text.ts";

const STOP = new Set(eng);
const DETERMINERS = /^(?:the|a|an|their|our|your|his|her|its|my|this|that|these|those|some|any|each|every|one|two|three|both|all|own)$/i;
/** Words too general to prove a point on their own. */
const GENERIC = new Set(
  "thing things time team teams people business company product solution process way lot part work call email meeting deal buyer customer client prospect we i they them it".split(" "),
);

export interface TacticPlay {
  /** What a rep would say or do, as a sentence in the rep's voice. */
  line: string;
  point: string;
  phrases: string[];
  synonyms: string[];
  tip: string;
  category: Category;
}

/** The default playbook's tactics as practice material (custom team tactics have no play). */
export const TACTIC_PLAYS: Record<string, TacticPlay> = {
  personalized_email: { line: "I noticed your recent expansion, so I wrote this for your team specifically.", point: "Personalise to their situation", phrases: ["recent expansion", "wrote this for your team"], synonyms: ["noticed", "saw that you", "congrats on"], tip: "Show you know their situation: mention something specific that changed for them.", category: "cold_outreach" },
  cold_call: { line: "I'm calling because teams like yours usually lose hours every week to manual reporting.", point: "Give a reason for calling", phrases: ["manual reporting", "hours every week"], synonyms: ["reason for my call", "reaching out because"], tip: "Open with why you are calling them, in one sentence about their world.", category: "cold_outreach" },
  linkedin_touch: { line: "I saw your post about scaling the team and wanted to share how a peer handled it.", point: "Reference something they shared", phrases: ["your post", "peer handled"], synonyms: ["saw your", "read your"], tip: "Refer to something they posted or shared; it earns the right to a reply.", category: "networking" },
  video_message: { line: "I recorded a two-minute video walking through your workflow so you can watch it when it suits you.", point: "Make it easy to consume", phrases: ["two-minute video", "your workflow"], synonyms: ["short video", "recorded"], tip: "Offer something short they can take in on their own time.", category: "cold_outreach" },
  follow_up_sequence: { line: "I'll follow up on Thursday with the summary, so nothing falls through the cracks.", point: "Commit to a dated follow-up", phrases: ["follow up", "thursday"], synonyms: ["check back", "circle back"], tip: "Say when you will follow up and with what.", category: "re_engagement" },
  case_study: { line: "Here is a short case study from a company like yours, with the results they measured.", point: "Share a relevant case study", phrases: ["case study", "results they measured"], synonyms: ["customer story", "similar company"], tip: "Bring proof from a peer: a short case study with measured results.", category: "objection_handling" },
  live_demo: { line: "Let me show you a tailored demo of the two workflows you mentioned.", point: "Offer a tailored demo", phrases: ["tailored demo", "workflows you mentioned"], synonyms: ["show you", "walk you through"], tip: "Offer to show, not tell: a demo of what they said matters.", category: "meeting_booking" },
  free_trial: { line: "We could start with a scoped pilot for one team, so you see results before committing.", point: "Lower the risk with a pilot", phrases: ["scoped pilot", "see results"], synonyms: ["trial", "pilot", "start small"], tip: "Lower the risk: propose a small, scoped pilot with a clear success measure.", category: "closing" },
  roi_calculator: { line: "Let's put your own numbers into a quick ROI model so you can see the payback period yourself.", point: "Build the ROI with their numbers", phrases: ["roi model", "payback period"], synonyms: ["return on investment", "your own numbers", "business case"], tip: "Make the value concrete: work out the ROI or payback with their numbers.", category: "pricing" },
  mutual_action_plan: { line: "I'll draft a mutual action plan with dates for each step, so we both know what happens next.", point: "Agree a dated mutual plan", phrases: ["mutual action plan", "dates for each step"], synonyms: ["mutual plan", "timeline", "next steps"], tip: "Agree the steps to a decision, with dates, and who does what.", category: "closing" },
  executive_sponsor: { line: "I'd like to bring our VP in to meet your leadership and align on the goals.", point: "Bring in an executive sponsor", phrases: ["our vp", "your leadership"], synonyms: ["executive sponsor", "our ceo", "leadership"], tip: "Match their seniority: involve an executive on your side.", category: "negotiation" },
  customer_reference: { line: "I can set up a customer reference call, so you hear it from a peer in a similar situation.", point: "Offer a customer reference", phrases: ["customer reference", "hear it from a peer"], synonyms: ["reference call", "connect you with a customer", "speak with a customer"], tip: "Offer to connect them with a current customer in a similar situation.", category: "objection_handling" },
  discount: { line: "If we sign this quarter, I can offer a launch discount in exchange for a case study.", point: "Trade any concession for something", phrases: ["in exchange", "launch discount"], synonyms: ["discount", "if we sign", "in return"], tip: "Never give a discount for free: trade it for a commitment (timing, term, a case study).", category: "pricing" },
  deadline_offer: { line: "The onboarding slot I can hold for you is open until the end of the month.", point: "Give a real reason to decide now", phrases: ["end of the month", "onboarding slot"], synonyms: ["until friday", "deadline", "this quarter"], tip: "Give a genuine, dated reason to decide now.", category: "closing" },
  champion_enablement: { line: "I'll put together a one-page summary you can share internally with your team.", point: "Equip the champion to sell internally", phrases: ["one-page summary", "share internally"], synonyms: ["summary", "internal deck", "forward to"], tip: "Give your champion something they can forward to the people who decide.", category: "networking" },
  breakup_email: { line: "Should I close the file on this for now? A simple yes or no helps me either way.", point: "Invite a clear yes or no", phrases: ["close the file", "yes or no"], synonyms: ["should i stop", "not a priority"], tip: "Make it easy to answer: a polite last message that invites a yes or no.", category: "re_engagement" },
};

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 60);

function contentWords(phrase: string): string[] {
  return (phrase.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).filter((w) => !DETERMINERS.test(w) && !STOP.has(w) && !/^\d+$/.test(w));
}

/** The imperative of an action clause: "Tied the proposal to …" → "Tie the proposal to …". */
export function imperative(clause: string): string {
  const c = clause
    .trim()
    .replace(/^(?:and|then|so|also|but|finally|first)\s+/i, "")
    .replace(/^(?:and|then)\s+/i, "")
    .replace(/^(?:I|we)\s+/i, "")
    .replace(/[,;:.!?]+$/, "")
    .trim();
  // Only the leading verb changes ("brought" → "bring"); parsing one word is cheap.
  const [first = "", ...rest] = c.split(" ");
  // With a subject in front, "tied" reads as a verb, not an adjective.
  const phrase = nlp(`we ${first.toLowerCase()}`);
  const verb = phrase.has("^we #Verb") ? phrase.verbs(0).toInfinitive().text().replace(/^we\s+/, "") || first : first;
  const out = [verb, ...rest].join(" ");
  return out.charAt(0).toUpperCase() + out.slice(1);
}

interface Candidate {
  point: string;
  phrases: string[];
  synonyms: string[];
  weight: number;
}

export interface RubricOptions {
  /** Tactic ids the rep used: their known phrasings become synonyms, and such points weigh more. */
  tactics?: string[];
  /** Opens each tip ("What won this deal: …"). */
  tipPrefix?: string;
  max?: number;
}

/**
 * A rubric from a model answer. Each point's phrases occur in the answer (after stemming), so the
 * answer itself covers every point; a rep's answer covers a point when it says the same thing.
 */
export function rubricFromText(answer: string, opts: RubricOptions = {}): Rubric {
  const max = opts.max ?? 5;
  const answerStems = contentStems(answer);
  const inAnswer = (p: string) => {
    const stems = phraseStems(p);
    return stems.length > 0 && containsPhrase(answerStems, stems);
  };
  const plays = (opts.tactics ?? []).map((t) => TACTIC_PLAYS[t]).filter((p): p is TacticPlay => !!p);

  const doc = nlp(answer);
  // Names and numbers are this deal's details, not what a rep should say: phrases leave them out.
  const proper = new Set<string>((doc.match("(#ProperNoun|#Value|#Possessive)").out("array") as string[]).flatMap((w) => contentWords(w)));
  const candidates: Candidate[] = [];
  const clauseViews = doc.clauses().splitBefore("(and|then) #Verb");
  const clauses: { text: string; nouns: string[] }[] = [];
  // forEach hands out plain Views; the noun-phrase method is there at run time (compromise's typings miss it).
  clauseViews.forEach((v) => {
    clauses.push({ text: v.text(), nouns: (v as unknown as { nouns(): { out(f: "array"): string[] } }).nouns().out("array") });
  });
  for (const { text: clause, nouns } of clauses) {
    const phrases: string[] = [];
    for (const np of nouns) {
      const words = contentWords(np).filter((w) => !proper.has(w) && !/\d/.test(w));
      if (words.length >= 2) phrases.push(words.slice(-2).join(" "));
      if (words.length >= 3) phrases.push(words.slice(-3).join(" "));
      const head = words.at(-1);
      if (words.length === 1 && head && head.length >= 5 && !GENERIC.has(head)) phrases.push(head);
    }
    const usable = [...new Set(phrases)].filter(inAnswer);
    if (usable.length === 0) continue;
    // Longest-first: "mutual action plan" before "action plan".
    usable.sort((a, b) => b.split(" ").length - a.split(" ").length);
    const clauseStems = contentStems(clause);
    const play = plays.find((p) => [...p.phrases, ...p.synonyms].some((s) => containsPhrase(clauseStems, phraseStems(s))));
    const heads = usable.map((p) => p.split(" ").at(-1)!).filter((h) => h.length >= 6 && !GENERIC.has(h));
    candidates.push({
      point: imperative(clause).slice(0, 200),
      phrases: usable.slice(0, 4),
      synonyms: [...new Set([...(play ? [...play.phrases, ...play.synonyms] : []), ...heads])].filter((s) => !usable.includes(s)).slice(0, 8),
      weight: play ? 3 : 2,
    });
  }
  if (candidates[0]) candidates[0].weight = 3;

  // Fallback: the answer's most frequent distinctive words.
  if (candidates.length === 0) {
    const freq = new Map<string, number>();
    for (const w of contentWords(answer)) if (w.length >= 5 && !GENERIC.has(w)) freq.set(w, (freq.get(w) ?? 0) + 1);
    const top = [...freq.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w).filter(inAnswer).slice(0, 3);
    if (top.length) candidates.push({ point: "Cover what made this answer work", phrases: top, synonyms: [], weight: 3 });
  }

  const seen = new Set<string>();
  const rubric: RubricKeyPoint[] = [];
  for (const c of candidates) {
    const key = c.phrases[0]!;
    if (seen.has(key)) continue;
    seen.add(key);
    let id = slug(key) || `point_${rubric.length + 1}`;
    while (rubric.some((r) => r.id === id)) id = `${id.slice(0, 55)}_${rubric.length + 1}`;
    const point = c.point.length >= 3 ? c.point : `Mention ${key}`;
    rubric.push({
      id,
      point,
      weight: c.weight,
      phrases: c.phrases.filter((p) => p.length >= 2 && p.length <= 80),
      synonyms: c.synonyms.filter((p) => p.length >= 2 && p.length <= 80),
      tip: `${opts.tipPrefix ?? "What won this deal:"} ${lowerFirst(point)}.`,
    });
    if (rubric.length >= max) break;
  }
  return rubric;
}

function lowerFirst(s: string) {
  return /^\p{Lu}\p{Ll}/u.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;
}
