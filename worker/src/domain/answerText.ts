// Reads an answer the way a coach does: sentences and clauses, each word's lemma and part of speech
// (compromise/two: the tagger without the heavier phrase plugins), negation, and whether a sentence reads as English at all. The scorer gives credit only
// to clauses of coherent sentences, so term lists and shuffled words earn nothing.
import nlp from "compromise/two";
import tables from "./languageTables.json" with { type: "json" };
import { canonicalKey, normalizeText } from "./lexicon.ts";
import { stem } from "./text.ts";
import { eng } from "stopword";

const STOP = new Set([...eng, "n't", "cannot"]);

/** Coarse parts of speech; their order within a sentence is what tells English from a word salad. */
export type WordClass = "wh" | "det" | "prep" | "conj" | "pron" | "modal" | "aux" | "neg" | "num" | "ger" | "vpast" | "verb" | "adj" | "adv" | "noun" | "x";

export interface Token {
  /** The word as written (lower case). */
  word: string;
  /** Lemma → stem → lexicon canonical form: what phrases are matched on. */
  key: string;
  cls: WordClass;
  negative: boolean;
  stop: boolean;
  /** "your", "our": a pronoun that opens a noun phrase, not a new subject. */
  possessive: boolean;
}

export interface Clause {
  text: string;
  tokens: Token[];
  hasVerb: boolean;
  /** Index of the clause's first token in its sentence. */
  start: number;
  /**
   * It carries on the clause before it, inside that clause's negation ("I won't walk you through alerts,
   * a hard cap or burst credits"): opened by "or"/"nor", or, with no subject and verb of its own, opened by
   * "and" or following a comma. A colon, "so", "because" or a contrast start something new ("I won't waste
   * your time: $199 to $299 a month").
   */
  continues: boolean;
  /** Said under a negation: its own ("we don't publish a rate") or the one it carries on. */
  negated: boolean;
  /** Under the negation of the clause it carries on, whatever it says itself. */
  inherited: boolean;
}

export interface Sentence {
  text: string;
  tokens: Token[];
  clauses: Clause[];
  question: boolean;
  hasVerb: boolean;
  /** Mean pointwise association of adjacent word classes (≈ +0.5 for English, ≤ 0 for shuffles and lists). */
  order: number;
  /** Share of function words (English runs ~40%; keyword lists far less). */
  functionShare: number;
  /** The next sentence takes it back ("A pilot on one line. Not from us."). */
  deniedByNext: boolean;
}

export interface AnswerText {
  sentences: Sentence[];
  wordCount: number;
}

const TAG_CLASSES: [string, WordClass][] = [
  ["QuestionWord", "wh"],
  ["Determiner", "det"],
  ["Preposition", "prep"],
  ["Conjunction", "conj"],
  ["Pronoun", "pron"],
  ["Negative", "neg"],
  ["Modal", "modal"],
  ["Copula", "aux"],
  ["Auxiliary", "aux"],
  ["Value", "num"],
  ["Gerund", "ger"],
  ["PastTense", "vpast"],
  ["Participle", "vpast"],
  ["Verb", "verb"],
  ["Adjective", "adj"],
  ["Adverb", "adv"],
  ["Noun", "noun"],
];

export function wordClass(tags: Set<string>): WordClass {
  for (const [tag, cls] of TAG_CLASSES) if (tags.has(tag)) return cls;
  return "x";
}

interface Term {
  text: string;
  post: string;
  normal: string;
  root?: string;
  implicit?: string;
  tags: Set<string>;
}

/** Words that open a new clause (not "to", which compromise also tags as a conjunction). */
const CLAUSE_WORDS = new Set(["and", "but", "or", "so", "because", "although", "though", "while", "whereas", "unless", "until", "if", "nor", "yet"]);
/** Words that negate what follows them, beyond what the tagger marks ("no pilot", "without a trial"). */
const NEGATORS = new Set(["no", "not", "never", "nothing", "none", "nobody", "neither", "nor", "without", "hardly", "barely"]);
const CLAUSE_BREAK = /[,;:()–—]|\s-\s/;
const SENTENCE_WORD = /[\p{L}\p{N}]/u;

/** The bigram table learned from the library's own prose (worker/scripts/language-tables.ts). */
const ORDER = tables as { unigram: Record<string, number>; bigram: Record<string, number> };

function orderScore(classes: WordClass[]): number {
  const seq = ["^", ...classes, "$"];
  let sum = 0;
  for (let i = 1; i < seq.length; i++) {
    const pair = ORDER.bigram[`${seq[i - 1]} ${seq[i]}`] ?? 0.0005;
    const a = ORDER.unigram[seq[i - 1]!] ?? 0.001;
    const b = ORDER.unigram[seq[i]!] ?? 0.001;
    sum += Math.log2(pair / (a * b));
  }
  return sum / (seq.length - 1);
}

function tokenOf(t: Term): Token | null {
  // "$199" and "199" are the same number; "40%" the same as "40".
  const raw = (t.implicit ?? t.normal ?? t.text)
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
  const negative = t.tags.has("Negative") || NEGATORS.has((t.normal ?? "").toLowerCase());
  if (!SENTENCE_WORD.test(raw) && !negative) return null;
  const word = raw || "not";
  const lemma = (t.root ?? word).toLowerCase().replace(/['’]/g, "");
  const cls = wordClass(t.tags);
  return { word, key: canonicalKey(stem(lemma)), cls, negative, possessive: t.tags.has("Possessive"), stop: STOP.has(word) || ["det", "prep", "conj", "pron", "modal", "aux", "neg", "wh"].includes(cls) };
}

/** Splits an answer into sentences and clauses with lemmas, classes and negation. */
export function analyzeAnswer(text: string): AnswerText {
  return analyzeNormalized(normalizeText(text));
}

function analyzeNormalized(normalized: string): AnswerText {
  if (!SENTENCE_WORD.test(normalized)) return { sentences: [], wordCount: 0 };
  const doc = nlp(normalized);
  doc.compute("root");
  const sentences: Sentence[] = [];
  let wordCount = 0;
  for (const terms of (doc as unknown as { document: Term[][] }).document) {
    const tokens: Token[] = [];
    const clauses: Clause[] = [];
    let clause: { text: string; tokens: Token[] } = { text: "", tokens: [] };
    let breakBefore = "";
    const close = (after: string) => {
      if (clause.tokens.length > 0) {
        const continues = clauses.length > 0 && carriesOn(clause.tokens, breakBefore);
        clauses.push({ text: clause.text.trim(), tokens: clause.tokens, hasVerb: clause.tokens.some(isVerb), start: tokens.length - clause.tokens.length, continues, negated: false, inherited: false });
        breakBefore = after;
      }
      clause = { text: "", tokens: [] };
    };
    let sentenceText = "";
    for (const t of terms) {
      const token = tokenOf(t);
      const conjunctionStart = token && CLAUSE_WORDS.has(token.word) && clause.tokens.length >= 3;
      if (conjunctionStart) close("");
      clause.text += `${t.text}${t.post}`;
      sentenceText += `${t.text}${t.post}`;
      if (token) {
        tokens.push(token);
        clause.tokens.push(token);
      }
      if (CLAUSE_BREAK.test(t.post)) close(t.post.trim());
    }
    close("");
    if (tokens.length === 0) continue;
    // "instead of X", "rather than X": X is what the answer does not do.
    for (let i = 1; i < tokens.length; i++) {
      const pair = `${tokens[i - 1]!.word} ${tokens[i]!.word}`;
      if (pair === "instead of" || pair === "rather than") tokens[i]!.negative = true;
      // "not only $199 a month but also…", "not just a map": an addition, not a denial.
      if (pair === "not only") tokens[i - 1]!.negative = false;
    }
    clauses.forEach((c, i) => {
      c.inherited = c.continues && clauses[i - 1]!.negated;
      c.negated = c.inherited || c.tokens.some(negates);
    });
    // "I could walk you through the alerts, but I won't": a bare negated verb takes back what came before.
    clauses.forEach((c, i) => {
      if (i === 0 || !c.negated || !CONTRAST.has(c.tokens[0]!.word) || !elliptical(c.tokens)) return;
      for (let j = i - 1; j >= 0; j--) {
        clauses[j]!.negated = true;
        clauses[j]!.inherited = true;
        if (!clauses[j]!.continues) break;
      }
    });
    wordCount += tokens.filter((t) => t.word !== "not" || t.cls !== "neg").length;
    const classes = tokens.map((t) => t.cls);
    sentences.push({
      text: sentenceText.trim(),
      tokens,
      clauses,
      question: /\?/.test(sentenceText),
      hasVerb: tokens.some(isVerb),
      order: orderScore(classes),
      functionShare: tokens.filter((t) => t.stop).length / tokens.length,
      deniedByNext: false,
    });
  }
  // A short reply that starts with "Not", "Never" or "Nope" (or a bare "No.") denies the sentence before it.
  for (let i = 1; i < sentences.length; i++) {
    const t = sentences[i]!.tokens;
    if (t.length <= 4 && (["not", "never", "nope"].includes(t[0]!.word) || (t.length === 1 && t[0]!.word === "no"))) sentences[i - 1]!.deniedByNext = true;
    // "I could quote you a range. But I won't."
    if (sentences[i]!.clauses.length === 1 && t.some(negates) && elliptical(t)) sentences[i - 1]!.deniedByNext = true;
    // A question answered by a negation that points back at it: "Alerts, a hard cap? We don't have any of that."
    const reply = sentences[i]!.clauses[0]!;
    if (sentences[i - 1]!.question && reply.negated && reply.tokens.some((x) => BACK_REFERENCES.has(x.word))) sentences[i - 1]!.deniedByNext = true;
  }
  return { sentences, wordCount };
}

/** A subject before a verb: the clause says something of its own ("we publish the rate", "there's no fee"). */
function hasSubjectAndVerb(tokens: Token[]): boolean {
  const subject = tokens.findIndex((t) => t.cls === "pron" || t.cls === "noun" || t.word === "there");
  return subject >= 0 && tokens.slice(subject + 1).some(isVerb);
}

function carriesOn(tokens: Token[], breakBefore: string): boolean {
  const first = tokens[0]!.word;
  if (first === "or" || first === "nor") return true;
  if (CONTRAST.has(first) || hasSubjectAndVerb(tokens)) return false;
  return first === "and" || (breakBefore.startsWith(",") && !CLAUSE_WORDS.has(first));
}

/** A negated verb with nothing of its own to say: "but I won't", "but we don't do that", "but I'm not going to". */
function elliptical(tokens: Token[]): boolean {
  return tokens.length <= 7 && tokens.some((t) => t.cls === "pron") && tokens.every((t) => t.stop || isVerb(t));
}

/** Words a reply uses to point at what was just said. */
const BACK_REFERENCES = new Set(["that", "those", "these", "them", "it"]);

function isVerb(t: Token) {
  return t.cls === "verb" || t.cls === "vpast" || t.cls === "ger" || t.cls === "modal" || t.cls === "aux";
}

/** How a rubric phrase is matched: its content keys (any order, one clause), or all keys in order. */
export interface PhraseKeys {
  keys: string[];
  ordered: boolean;
  negative: boolean;
}

const phraseCache = new Map<string, PhraseKeys>();

/**
 * Reads a scenario's phrases in one pass of the tagger (one per line) instead of one pass each: the first
 * answer to a scenario in an isolate then costs a few milliseconds, not fifty. Falls back to one by one
 * when a phrase does not come back as exactly one sentence.
 */
export function primePhrases(phrases: string[]): void {
  const todo = [...new Set(phrases)].filter((p) => !phraseCache.has(p));
  if (todo.length < 2) return;
  const read = analyzeNormalized(todo.map((p) => normalizeText(p).replace(/\s+/g, " ")).join("\n\n"));
  if (read.sentences.length !== todo.length) return;
  todo.forEach((p, i) => {
    cachePhrase(p, read.sentences[i]!.tokens);
  });
}

/** Phrases are short and reused on every answer: read them once with the same lemmatizer. */
export function phraseKeys(phrase: string): PhraseKeys {
  return phraseCache.get(phrase) ?? cachePhrase(phrase, analyzeAnswer(phrase).sentences.flatMap((s) => s.tokens));
}

function cachePhrase(phrase: string, tokens: Token[]): PhraseKeys {
  const content = tokens.filter((t) => !t.stop);
  const negative = tokens.some((t) => t.negative);
  const result: PhraseKeys =
    content.length >= 2 || (content.length === 1 && tokens.length === 1)
      ? { keys: content.map((t) => t.key), ordered: false, negative }
      : { keys: tokens.map((t) => t.key), ordered: true, negative };
  if (phraseCache.size > 5000) phraseCache.clear();
  phraseCache.set(phrase, result);
  return result;
}

/**
 * Where a phrase occurs in a clause: the indexes of its first and last matched tokens, or null. Content
 * keys must all be present within a window a little wider than the phrase; stop-word phrases must keep
 * their order.
 */
export function findPhrase(tokens: Token[], phrase: PhraseKeys): { start: number; end: number } | null {
  const { keys } = phrase;
  if (keys.length === 0) return null;
  const window = keys.length + 4;
  for (let start = 0; start < tokens.length; start++) {
    if (!keys.includes(tokens[start]!.key)) continue;
    if (phrase.ordered && tokens[start]!.key !== keys[0]) continue;
    const seen = new Set<string>([tokens[start]!.key]);
    let j = 1;
    let end = start;
    for (let i = start + 1; i < tokens.length && i - start < window && (phrase.ordered ? j < keys.length : seen.size < keys.length); i++) {
      if (phrase.ordered) {
        if (tokens[i]!.key === keys[j]) {
          j++;
          end = i;
        }
      } else if (keys.includes(tokens[i]!.key) && !seen.has(tokens[i]!.key)) {
        seen.add(tokens[i]!.key);
        end = i;
      }
    }
    if (phrase.ordered ? j === keys.length : keys.every((k) => seen.has(k))) return { start, end };
  }
  return null;
}

const CONTRAST = new Set(["but", "however", "though", "although", "yet", "instead"]);
/** Verbs that negate what follows them ("I'd avoid quoting a range", "forget the ballpark"). */
const NEGATING_VERBS = new Set(["refus", "avoid", "declin", "skip", "forget", "ignor"]);

function negates(t: Token): boolean {
  return t.negative || ((t.cls === "verb" || t.cls === "vpast" || t.cls === "ger") && NEGATING_VERBS.has(t.key));
}


/** Prepositions that place a noun ("on the annual plan") rather than complete it ("no need for…", "no range of…"). */
const PLACE = new Set(["on", "at", "per"]);
const RELATIVE = new Set(["that", "which", "who", "whom", "whose", "where", "when"]);

/** "not" right after another "not" ("I can't not mention the overage rate"): the two cancel. */
function doubled(tokens: Token[], i: number): boolean {
  return tokens[i]!.word === "not" && tokens[i - 1]?.word === "not";
}

/**
 * Is the phrase at `at…end` (indexes into its sentence's tokens) negated?
 * - a negation before it in its clause, or inside it ("you're not right");
 * - the negation of the clause it carries on ("I won't walk you through alerts, a hard cap or burst
 *   credits"; "I'm not going to ask about detention fees or how long drivers wait");
 * - a negation on the verb right after it, when the phrase is what the clause denies ("a range of $199
 *   to $299 isn't something I can share", "deposits don't drive the price"), or on the verb of a subject
 *   that follows it ("alerts and a hard cap we simply don't offer").
 * A contrast ("…, but here is the range") ends a negation's reach; so does a new subject.
 * A phrase that is itself negative ("no downtime", "without agents") is negated only by a verb's
 * negation ("I can't promise no downtime", "we don't segment without agents").
 */
export function negatedAt(tokens: Token[], at: number, end: number, clause: Clause, phraseNegative = false): boolean {
  const verbNegation = (t: Token) => (t.negative && (t.word === "not" || t.word === "never")) || (!t.negative && negates(t));
  const denies = phraseNegative ? verbNegation : negates;
  if (!phraseNegative) {
    for (let i = at + 1; i < end; i++) if (tokens[i]!.negative && !doubled(tokens, i) && !doubled(tokens, i + 1)) return true;
  }
  let contrast = false;
  let placed = false;
  for (let i = at - 1; i >= Math.max(clause.start, at - 20); i--) {
    if (CONTRAST.has(tokens[i]!.word) && !tokens[i]!.negative) {
      contrast = true;
      break;
    }
    if (doubled(tokens, i)) {
      i--;
      continue;
    }
    if (denies(tokens[i]!) && !(tokens[i]!.word === "no" && placed)) return true;
    // "no setup fee on the annual plan": "no" denies its noun, not where that noun is.
    if (PLACE.has(tokens[i]!.word)) placed = true;
  }
  if (!contrast && clause.inherited) return true;
  const clauseEnd = clause.start + clause.tokens.length;
  let relative = false;
  for (let i = end + 1; i < Math.min(clauseEnd, end + 12); i++) {
    const t = tokens[i]!;
    // Only a verb's negation reaches back ("…isn't possible"); "without", "no" negate what follows them.
    if (t.negative && (t.word === "not" || t.word === "never") && !doubled(tokens, i + 1)) return true;
    // "Alerts and hard caps we simply don't offer": a subject after the phrase, then its verb's negation.
    if (t.cls === "pron" && !t.possessive) return tokens.slice(i + 1, i + 4).some((x) => x.negative && (x.word === "not" || x.word === "never"));
    if (CONTRAST.has(t.word)) break;
    // "projects that pay back within the year are not…": the relative clause's verbs are not the ones
    // that decide; the main verb after it is.
    if (RELATIVE.has(t.word)) relative = true;
    else if (relative && (t.cls === "aux" || t.cls === "modal")) relative = false;
    // The first real verb after the phrase decides: un-negated, the phrase stands.
    if (!relative && (t.cls === "verb" || t.cls === "vpast") && !tokens[i + 1]?.negative) break;
  }
  return false;
}
