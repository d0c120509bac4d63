// Text normalisation for scoring: words → Porter stems, stop words removed.
import { stemmer } from "stemmer";
import { eng } from "stopword";

const STOP = new Set(eng);
// Word characters incl. digits; apostrophes inside words ("don't") are dropped, not split on.
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/['’]/g, ""));
}

export function stem(word: string): string {
  return stemmer(word);
}

/** Content stems in order: stop words removed, each word stemmed. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOP.has(w))
    .map(stem);
}

/** All stems in order, stop words included (for phrases that are mostly stop words). */
export function allStems(text: string): string[] {
  return words(text).map(stem);
}

/**
 * How a rubric phrase is matched. A phrase with two or more content words is matched on content
 * stems ("schedule a call" ~ "scheduling calls"). A multi-word phrase with fewer content words is
 * matched with its stop words, or "should be sure" would collapse to "sure" and match any "Sure, …".
 */
export interface PhrasePattern {
  stems: string[];
  withStopWords: boolean;
}

export function phrasePattern(phrase: string): PhrasePattern {
  const all = words(phrase);
  const content = all.filter((w) => !STOP.has(w));
  if (content.length >= 2 || all.length === 1) return { stems: content.length ? content.map(stem) : all.map(stem), withStopWords: content.length === 0 };
  return { stems: all.map(stem), withStopWords: true };
}

/** A phrase's content stems (stop words removed unless that would leave nothing). */
export function phraseStems(phrase: string): string[] {
  const all = words(phrase);
  const content = all.filter((w) => !STOP.has(w));
  return (content.length > 0 ? content : all).map(stem);
}

/** Term-frequency cosine similarity of two stem sequences (0–1). */
export function cosine(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const tf = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const ta = tf(a);
  const tb = tf(b);
  let dot = 0;
  for (const [k, v] of ta) dot += v * (tb.get(k) ?? 0);
  const norm = (t: Map<string, number>) => Math.sqrt([...t.values()].reduce((s, v) => s + v * v, 0));
  return dot / (norm(ta) * norm(tb));
}

/**
 * Does the stemmed phrase occur in the stemmed text? Its stems must appear in order, within a
 * window a little longer than the phrase (so "call next week" matches "call sometime next week").
 */
export function containsPhrase(text: string[], phrase: string[]): boolean {
  if (phrase.length === 0) return false;
  const slack = phrase.length + 2;
  for (let start = 0; start < text.length; start++) {
    if (text[start] !== phrase[0]) continue;
    let j = 1;
    for (let i = start + 1; i < text.length && i - start <= slack && j < phrase.length; i++) {
      if (text[i] === phrase[j]) j++;
    }
    if (j === phrase.length) return true;
  }
  return false;
}
