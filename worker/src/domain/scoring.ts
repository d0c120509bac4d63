// The default, deterministic scorer (rubric-v2). A key point is met only by a clause of a sentence that
// reads as English and says it without negating it; the feedback quotes that clause. Gates that cannot be
// argued with cap gaming (term lists, shuffled words, echoes of the buyer or the situation, off-topic
// answers); craft checks judge fit (a next step that follows from the answer, a question that matters
// here); pitfalls cost points and name themselves. Other scorers (an LLM judge) implement the same
// `Scorer` interface and fall back to this one.
import type { CriterionFeedback, Rubric, RubricPitfall, ScoreGate } from "@dq/shared";
import { type AnswerText, type Clause, type Sentence, type Token, analyzeAnswer, findPhrase, negatedAt, phraseKeys, primePhrases } from "./answerText.ts";
import tables from "./languageTables.json" with { type: "json" };
import { normalizeText, topicKeys } from "./lexicon.ts";
import { cosine, words } from "./text.ts";

export interface ScoreInput {
  response: string;
  /** The scenario's set-up; with the buyer's line, ideal response and rubric it defines what is on topic. */
  situation?: string;
  buyerLine: string;
  idealResponse: string;
  rubric: Rubric;
  pitfalls?: RubricPitfall[];
}

export interface ScoreResult {
  score: number;
  summary: string;
  criteria: CriterionFeedback[];
  scorer: string;
  gate?: ScoreGate;
}

export interface Scorer {
  readonly name: string;
  score(input: ScoreInput): Promise<ScoreResult>;
}

export const RUBRIC_SCORER = "rubric-v2";

/** Shares of the total score. Key points dominate: they are what the trainer asked for. */
export const WEIGHTS = { keyPoints: 0.6, similarity: 0.2, question: 0.07, nextStep: 0.08, length: 0.05 } as const;

/** A pitfall's criterion id in the feedback (key points keep their own ids). */
export const pitfallCriterionId = (id: string) => `pitfall_${id}`;

/** The most a gated answer can score. */
export const GATE_CAP = 15;

/** Thresholds, each learned on the library's model answers and the developers' answer pairs. */
const READS = { minOrder: 0, minFunctionShare: 0.15 } as const;
const GATES = {
  /**
   * Word-weighted part-of-speech order below this is not English. Model answers and the developers' strong answers
   * score ≥ 0.345; of 720 seeded shuffles of them, 99% score ≤ 0.20 and all but one ≤ 0.3 (at 0.2, 10 of them kept up to 90 points).
   */
  shuffleOrder: 0.3,
  /** Share of words in sentences that read as English; lists and salads fall under it. */
  coherentShare: 0.5,
  /** Share of content words that are rubric terms (model answers ≤ 0.70, term lists ≥ 0.94). */
  listTermShare: 0.85,
  echoBuyerShare: 0.6,
  echoSituationTrigrams: 0.35,
  /** Share of an answer's specific (non-generic) words found in the scenario (strong answers ≥ 0.64, weak ones ≥ 0.13, another scenario's answers ≤ 0.19). */
  offTopicShare: 0.25,
  /** Key-point coverage that proves an answer on topic whatever its vocabulary. */
  onTopicKeyScore: 0.6,
} as const;

const GENERIC = new Set((tables as { generic: string[] }).generic);

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri"];
const TIME_WORDS = ["tomorrow", "today", "tonight", "morning", "afternoon", "noon", "week", "weekend", "eod", "month", "quarter"];
const TIME_PATTERN = /\b\d{1,2}(:\d{2})?\s?(am|pm)\b|\b\d{1,2}:\d{2}\b|\b\d+ minutes\b|\b(january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}\b/i;
const ACTION_WORDS = ["call", "meeting", "meet", "demo", "invite", "calendar", "schedule", "book", "pilot", "trial", "session", "workshop", "review", "walkthrough", "walk", "chat", "send", "introduce", "intro", "hold", "draft", "set", "loop", "share", "take", "talk", "speak", "connect", "visit", "start", "sign"];

function clamp01(x: number) {
  return Math.max(0, Math.min(1, x));
}

function pct(x: number) {
  return Math.round(clamp01(x) * 100);
}

/** Bounded memo: scenario texts (ideal answers, situations) are read once per isolate, not per answer. */
function memo<T>(fn: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size > 500) cache.clear();
      v = fn(s);
      cache.set(s, v);
    }
    return v;
  };
}
const idealKeys = memo((s: string) => contentKeys(analyzeAnswer(s).sentences));
const scenarioVocabulary = memo((s: string) => new Set(topicKeys(s)));
const trigramsOf = memo((s: string) => new Set(trigrams(words(s))));

function contentKeys(sentences: Sentence[]): string[] {
  return sentences.flatMap((s) => s.tokens.filter((t) => !t.stop).map((t) => t.key));
}

function trigrams(ws: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 2 < ws.length; i++) out.push(`${ws[i]} ${ws[i + 1]} ${ws[i + 2]}`);
  return out;
}

/**
 * A sentence a coach would read as English: a verb, function words, and a plausible word order. The
 * tagger sometimes misses a verb ("Most salons your size pay between…"), so a longer sentence with an
 * English word order and function words reads without one.
 */
function reads(s: Sentence): boolean {
  if (s.tokens.length < 3 || s.order < READS.minOrder || s.functionShare < READS.minFunctionShare) return false;
  return s.hasVerb || (s.tokens.length >= 6 && s.functionShare >= 0.25 && s.order >= 0.3);
}

/** A clause that can carry a move: its sentence reads, and it is more than a leading "With respect,". */
function canCarry(c: Clause): boolean {
  return c.hasVerb || c.tokens.length >= 4;
}

interface Evidence {
  coverage: number;
  quote?: string;
  negated?: string;
}

/** The answer's own sentences, as written (quotes must be verbatim, not our normalized text). */
function originalSentences(response: string): { text: string; normalized: string }[] {
  return (response.match(/[^.!?\n]+[.!?]*/g) ?? []).map((t) => t.trim()).filter(Boolean).map((text) => ({ text, normalized: normalizeText(text) }));
}

/** The answer's own words for one of its sentences (craft quotes read as the rep wrote them). */
function verbatim(original: { text: string; normalized: string }[], sentence: Sentence): string {
  return original.find((o) => o.normalized.includes(sentence.text) || sentence.text.includes(o.normalized))?.text ?? sentence.text;
}

/** The verbatim sentence (or, in a long sentence, the clause) of the answer that shows a move. */
function quoteOf(original: { text: string; normalized: string }[], sentence: Sentence, clause: Clause): string {
  const clauseText = clause.text.replace(/^(and|but|so|or)\s+/i, "").replace(/[,;:–—\s]+$/, "");
  const long = sentence.tokens.length > 30;
  if (long && original.some((o) => o.text.includes(clauseText))) return clauseText;
  const hit = original.find((o) => o.normalized.includes(clauseText)) ?? original.find((o) => o.normalized.includes(sentence.text.slice(0, 40)));
  return hit ? hit.text : sentence.text;
}

/**
 * Where the answer makes the move, if it does: the first clause that says one of its phrases, un-negated.
 * A one-word phrase needs a second word of this scenario in its clause ("onboarding" in "cut onboarding
 * for your new reps" counts; alone in a sentence about something else it earns half).
 */
function findMove(original: { text: string; normalized: string }[], sentences: Sentence[], phrases: string[], specific?: Set<string>): Evidence {
  let best: Evidence = { coverage: 0 };
  for (const phrase of phrases) {
    const pk = phraseKeys(phrase);
    for (const s of sentences) {
      for (const c of s.clauses) {
        if (!canCarry(c)) continue;
        const found = findPhrase(c.tokens, pk);
        if (found) {
          const at = found.start;
          if (s.deniedByNext || negatedAt(s.tokens, c.start + at, c.start + found.end, c, pk.negative)) {
            best.negated ??= quoteOf(original, s, c);
            continue;
          }
          const corroborated = !specific || pk.keys.length > 1 || c.tokens.some((t, i) => i !== at && !t.stop && t.key !== pk.keys[0] && specific.has(t.key));
          if (corroborated) return { coverage: 1, quote: quoteOf(original, s, c) };
          if (best.coverage < 0.5) best = { ...best, coverage: 0.5, quote: quoteOf(original, s, c) };
          continue;
        }
        // Partial credit: most content words of a longer phrase in one clause.
        if (!pk.ordered && pk.keys.length >= 2) {
          const first = c.tokens.findIndex((t) => pk.keys.includes(t.key));
          const present = new Set(c.tokens.filter((t) => pk.keys.includes(t.key)).map((t) => t.key)).size;
          if (present >= 2 && !s.deniedByNext && !negatedAt(s.tokens, c.start + first, c.start + first, c)) {
            const coverage = (present / pk.keys.length) * 0.5;
            if (coverage > best.coverage) best = { ...best, coverage, quote: quoteOf(original, s, c) };
          }
        }
      }
    }
  }
  return best;
}

/** The pitfall phrases that would fire on a text (used to keep pitfalls off a scenario's own ideal answer). */
export function pitfallPhrasesFiringOn(text: string, phrases: string[]): string[] {
  const answer = analyzeAnswer(text);
  const original = originalSentences(text);
  return phrases.filter((p) => findMove(original, answer.sentences, [p]).coverage >= 1);
}

interface Gate {
  kind: ScoreGate;
  reason: string;
}

const GATE_REASONS: Record<ScoreGate, string> = {
  empty: "There is nothing to score yet: write the reply you would actually send or say.",
  term_list: "This is a list of terms, not sentences: say it to the buyer as you would on a call.",
  shuffle: "The words are not in an order that makes sentences, so there is nothing to give credit for.",
  echo_buyer: "This mostly repeats the buyer's own words back: answer their concern in your words.",
  echo_situation: "This mostly copies the scenario's description: answer the buyer in your own words.",
  off_topic: "This is not about this buyer's situation: answer what they said, in their context.",
};

function share(part: number, whole: number) {
  return whole === 0 ? 0 : part / whole;
}

/** The anti-gaming gates, in the order a coach would name them. */
function gateFor(input: ScoreInput, answer: AnswerText, rubricKeys: Set<string>, keyScore: number): Gate | undefined {
  const tokens = answer.sentences.flatMap((s) => s.tokens);
  const content = tokens.filter((t) => !t.stop);
  if (content.length < 3) return { kind: "empty", reason: GATE_REASONS.empty };

  const coherentWords = answer.sentences.filter(reads).reduce((n, s) => n + s.tokens.length, 0);
  const coherent = share(coherentWords, tokens.length);
  const order = share(
    answer.sentences.reduce((sum, s) => sum + s.order * s.tokens.length, 0),
    tokens.length,
  );
  const termShare = share(content.filter((t) => rubricKeys.has(t.key)).length, content.length);
  const functionShare = share(tokens.filter((t) => t.stop).length, tokens.length);

  const mine = new Set(content.map((t) => t.key));
  const buyer = new Set(topicKeys(input.buyerLine));
  const echoBuyer = share([...mine].filter((k) => buyer.has(k)).length, mine.size);
  if (mine.size >= 3 && echoBuyer >= GATES.echoBuyerShare) return { kind: "echo_buyer", reason: GATE_REASONS.echo_buyer };
  const own = trigrams(words(input.response));
  if (input.situation && own.length >= 4) {
    const situation = trigramsOf(input.situation);
    if (share(own.filter((g) => situation.has(g)).length, own.length) >= GATES.echoSituationTrigrams) return { kind: "echo_situation", reason: GATE_REASONS.echo_situation };
  }

  if (termShare >= GATES.listTermShare || (coherent < GATES.coherentShare && functionShare < 0.3)) {
    return { kind: "term_list", reason: GATE_REASONS.term_list };
  }
  if (tokens.length >= 8 && (order < GATES.shuffleOrder || (coherent < 0.4 && order < 0.3))) return { kind: "shuffle", reason: GATE_REASONS.shuffle };

  // Off topic: an answer's specific words (not the sales talk every scenario shares) come from elsewhere.
  const onTopic = onTopicShare(input);
  if (onTopic < GATES.offTopicShare && keyScore < GATES.onTopicKeyScore) return { kind: "off_topic", reason: GATE_REASONS.off_topic };
  return undefined;
}

/** How much of an answer's specific vocabulary belongs to this scenario (for the off-topic gate). */
export function onTopicShare(input: ScoreInput): number {
  const vocabulary = scenarioVocabulary([input.situation ?? "", input.buyerLine, input.idealResponse, ...input.rubric.flatMap((k) => [...k.phrases, ...k.synonyms])].join(" "));
  const specific = new Set(topicKeys(input.response).filter((k) => !GENERIC.has(k)));
  const pool = specific.size >= 4 ? specific : new Set(topicKeys(input.response));
  return share([...pool].filter((k) => vocabulary.has(k)).length, pool.size);
}

function hasTime(s: Sentence): boolean {
  return s.tokens.some((t) => WEEKDAYS.includes(t.word) || TIME_WORDS.includes(t.word)) || TIME_PATTERN.test(s.text);
}

function hasAction(s: Sentence): boolean {
  return s.tokens.some((t) => ACTION_WORDS.includes(t.word) || ACTION_WORDS.includes(t.key));
}

/** A next step: an action with a time (1) or one of the two (0.5), in a sentence that reads. */
function nextStepStrength(sentences: Sentence[]): { strength: number; quote?: string } {
  let best: { strength: number; quote?: string } = { strength: 0 };
  for (const s of sentences) {
    if (!reads(s)) continue;
    const strength = (hasTime(s) ? 0.5 : 0) + (hasAction(s) ? 0.5 : 0);
    if (strength > best.strength) best = { strength, quote: s.text };
  }
  return best;
}

/** A question that matters here: it reads, and asks about something specific to this buyer or rubric. */
function questionFit(sentences: Sentence[], vocabulary: Set<string>, rubricKeys: Set<string>): { fit: number; quote?: string } {
  let best: { fit: number; quote?: string } = { fit: 0 };
  for (const s of sentences) {
    if (!s.question || !reads(s)) continue;
    const booking = hasTime(s) && hasAction(s);
    const specific = s.tokens.some((t) => !t.stop && (rubricKeys.has(t.key) || (vocabulary.has(t.key) && !GENERIC.has(t.key))));
    const fit = specific && !booking ? 1 : specific || !booking ? 0.4 : 0;
    if (fit > best.fit) best = { fit, quote: s.text };
  }
  return best;
}

function lengthFitness(wordCount: number): number {
  if (wordCount < 25) return wordCount / 25;
  if (wordCount <= 250) return 1;
  return Math.max(0.4, 1 - (wordCount - 250) / 400);
}

export function scoreResponse(input: ScoreInput): Omit<ScoreResult, "scorer"> {
  primePhrases([...input.rubric.flatMap((k) => [...k.phrases, ...k.synonyms]), ...(input.pitfalls ?? []).flatMap((p) => p.phrases)]);
  const answer = analyzeAnswer(input.response);
  const original = originalSentences(input.response);
  const sentences = answer.sentences.filter(reads);
  const totalWeight = input.rubric.reduce((s, k) => s + k.weight, 0);
  const rubricKeys = new Set(input.rubric.flatMap((k) => [...k.phrases, ...k.synonyms].flatMap((p) => phraseKeys(p).keys)));

  const vocabulary = scenarioVocabulary([input.situation ?? "", input.buyerLine, input.idealResponse, ...input.rubric.flatMap((k) => [...k.phrases, ...k.synonyms])].join(" "));
  const specific = new Set([...vocabulary, ...rubricKeys].filter((k) => !GENERIC.has(k)));
  const points = input.rubric.map((k) => ({ k, ...findMove(original, sentences, [...k.phrases, ...k.synonyms], specific) }));
  const keyScore = points.reduce((s, p) => s + p.coverage * p.k.weight, 0) / totalWeight;
  // Closeness to the model answer counts the words the answer asserts: a clause under negation ("I won't
  // give you a range") uses the model answer's words without saying what it says.
  const mine: Token[] = sentences.flatMap((s) => (s.deniedByNext ? [] : s.clauses).filter((c) => !c.negated).flatMap((c) => c.tokens.filter((t) => !t.stop)));
  const similarity = clamp01(
    cosine(
      mine.map((t) => t.key),
      idealKeys(input.idealResponse),
    ) / 0.5,
  );
  const gate = gateFor(input, answer, rubricKeys, keyScore);
  const question: { fit: number; quote?: string } = gate ? { fit: 0 } : questionFit(sentences, vocabulary, rubricKeys);
  const step: { strength: number; quote?: string } = gate ? { strength: 0 } : nextStepStrength(sentences);
  for (const craft of [question, step]) {
    const s = craft.quote === undefined ? undefined : sentences.find((x) => x.text === craft.quote);
    if (s) craft.quote = verbatim(original, s);
  }
  // A next step has to follow from an answer: a booking bolted onto a dodge earns nothing.
  const earned = keyScore >= 0.35 ? 1 : 0;
  const nextStep = step.strength * earned;
  const coherentWords = sentences.reduce((n, s) => n + s.tokens.length, 0);
  const length = lengthFitness(coherentWords);

  // Craft only counts once the answer is about the scenario; a polite question about nothing is not a sale.
  const relevance = clamp01((keyScore + similarity) / 0.4);
  let total =
    WEIGHTS.keyPoints * keyScore +
    WEIGHTS.similarity * similarity +
    relevance * (WEIGHTS.question * question.fit + WEIGHTS.nextStep * nextStep + WEIGHTS.length * length);

  const pitfalls = (input.pitfalls ?? []).map((p) => ({ p, ...findMove(original, answer.sentences, p.phrases) }));
  const hits = pitfalls.filter((x) => x.coverage >= 1);
  // A pitfall costs what a key point of the same weight is worth.
  const costOf = (p: RubricPitfall) => Math.round((100 * WEIGHTS.keyPoints * p.penalty) / totalWeight);
  total -= hits.reduce((s, x) => s + costOf(x.p), 0) / 100;

  let score = Math.round(clamp01(total) * 100);
  // Lists, shuffles and echoes say nothing to credit (0); an off-topic answer keeps at most the cap.
  const creditless = gate !== undefined && gate.kind !== "off_topic";
  if (gate) score = creditless ? 0 : Math.min(score, GATE_CAP);

  // A gated answer earns nothing to show: its "key points" were never said in sentences to this buyer.
  if (gate) for (const p of points) Object.assign(p, { coverage: 0, quote: undefined, negated: undefined });
  const criteria: CriterionFeedback[] = points.map(({ k, coverage, quote, negated }) => ({
    id: k.id,
    kind: "key_point",
    label: k.point,
    score: pct(coverage),
    weight: round3((WEIGHTS.keyPoints * k.weight) / totalWeight),
    met: coverage >= 1,
    feedback:
      coverage >= 1
        ? `You covered it: "${quote}".`
        : coverage > 0
          ? `Partly there ("${quote}"). ${k.tip}`
          : negated
            ? `You said it, but negated ("${negated}"), so it does not count. ${k.tip}`
            : k.tip,
    ...(coverage > 0 && quote ? { quote } : {}),
  }));
  criteria.push(
    {
      id: "similarity",
      kind: "similarity",
      label: "Close to a strong answer",
      score: creditless ? 0 : pct(similarity),
      weight: WEIGHTS.similarity,
      met: !creditless && similarity >= 0.6,
      feedback:
        similarity >= 0.6
          ? "Your answer covers much of the same ground as the model answer."
          : "Compare with the model answer below: it addresses this buyer's situation more directly.",
    },
    {
      id: "asks_question",
      kind: "craft",
      label: "Asks a question that matters here",
      score: pct(question.fit),
      weight: WEIGHTS.question,
      met: question.fit >= 1,
      feedback:
        question.fit >= 1
          ? "Good: you ask the buyer something that matters in this situation."
          : question.fit > 0
            ? "Your question is generic: ask about something in this buyer's situation that decides the deal."
            : "Ask the buyer a question about their situation they can answer in one line; it keeps the conversation going.",
      ...(question.quote ? { quote: question.quote } : {}),
    },
    {
      id: "next_step",
      kind: "craft",
      label: "Proposes a next step that follows from the answer",
      score: pct(nextStep),
      weight: WEIGHTS.nextStep,
      met: nextStep === 1,
      feedback:
        step.strength > 0 && !earned
          ? "A meeting ask only works once you have answered the buyer: earn the next step first."
          : nextStep === 1
            ? "Good: a specific next step with a time, earned by your answer."
            : nextStep > 0
              ? 'Make the next step concrete: name the action and a time ("a 20-minute call Thursday at 2pm?").'
              : "Propose a next step with a time (a call, a demo, a pilot) instead of leaving it open.",
      ...(step.quote && nextStep > 0 ? { quote: step.quote } : {}),
    },
    {
      id: "length",
      kind: "craft",
      label: "Sensible length",
      score: creditless ? 0 : pct(length),
      weight: WEIGHTS.length,
      met: !creditless && length >= 1,
      feedback:
        coherentWords < 25
          ? "Too short to carry your point: add the why and the next step."
          : coherentWords > 250
            ? "Too long for a busy buyer: cut to the two or three things that matter."
            : "Good length for a busy buyer.",
    },
  );
  for (const { p, quote } of hits) {
    criteria.push({ id: pitfallCriterionId(p.id), kind: "pitfall", label: p.move, score: 0, weight: 0, met: true, feedback: p.why, quote, penalty: costOf(p) });
  }

  const met = points.filter((p) => p.coverage >= 1).length;
  return { score, summary: gate ? gate.reason : summarize(score, met, points.length, hits.map((h) => h.p.move)), criteria, ...(gate ? { gate: gate.kind } : {}) };
}

function summarize(score: number, met: number, total: number, pitfalls: string[]): string {
  const coverage = `You covered ${met} of ${total} key points.`;
  const marked = pitfalls.length > 0 ? ` Marked down for: ${pitfalls.map(lowerFirst).join("; ")}.` : "";
  if (score >= 80) return `Strong answer. ${coverage}${marked}`;
  if (score >= 60) return `Solid answer with room to sharpen. ${coverage}${marked}`;
  if (score >= 35) return `A start, but key parts are missing. ${coverage}${marked}`;
  return `This misses what the buyer needs to hear. ${coverage}${marked} Read the tips below and the model answer.`;
}

function lowerFirst(s: string) {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function round3(x: number) {
  return Math.round(x * 1000) / 1000;
}

export const rubricScorer: Scorer = {
  name: RUBRIC_SCORER,
  async score(input) {
    return { ...scoreResponse(input), scorer: RUBRIC_SCORER };
  },
};
