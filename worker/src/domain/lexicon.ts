// Paraphrase robustness for scoring: numbers, times and dates written one way ("half an hour",
// "30 min", "6th of May"), compounds written open or closed ("upfront" / "up front"), and a small
// sales lexicon of synonyms that mean the same thing to a buyer ("yearly" / "annual").
import { eng } from "stopword";
import { stem, words } from "./text.ts";

const STOP = new Set(eng);

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
const MONTH_ALT = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
const monthName = (m: string) => MONTHS.find((full) => full.startsWith(m.toLowerCase().slice(0, 3)))!;

const SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20, thirty: 30,
  forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const NUMBER_WORD = new RegExp(`\\b(${Object.keys(SMALL).join("|")})(?:[\\s-](one|two|three|four|five|six|seven|eight|nine))?\\b`, "gi");

/** Closed compounds split the way they are also written open; both sides of a match get the same form. */
const COMPOUNDS: Record<string, string> = {
  upfront: "up front",
  setup: "set up",
  setups: "set ups",
  followup: "follow up",
  signup: "sign up",
  kickoff: "kick off",
  checkin: "check in",
  walkthrough: "walk through",
  rollout: "roll out",
  buyin: "buy in",
  payback: "pay back",
  timeframe: "time frame",
  workflow: "work flow",
  workflows: "work flows",
  headcount: "head count",
  onsite: "on site",
  email: "email",
};

/** Rewrites an answer or a phrase into one canonical surface form before it is tokenized. */
export function normalizeText(text: string): string {
  let s = text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
  // Times: "half an hour" → "30 minutes", "an hour" → "60 minutes", "30 min" / "30-minute" → "30 minutes".
  s = s.replace(/\b(?:a\s+)?half\s+(?:an\s+)?hour\b/gi, "30 minutes");
  s = s.replace(/\b(?:a\s+)?quarter\s+(?:of\s+)?(?:an\s+)?hour\b/gi, "15 minutes");
  s = s.replace(/\b(?:an|one)\s+hour\b/gi, "60 minutes");
  s = s.replace(NUMBER_WORD, (_m, a: string, b?: string) => String(SMALL[a.toLowerCase()]! + (b ? SMALL[b.toLowerCase()]! : 0)));
  s = s.replace(/\b(\d+)\s*-?\s*(?:mins?|minutes?)\b\.?/gi, "$1 minutes");
  s = s.replace(/\b(\d+)\s*-?\s*(?:hrs?|hours?)\b/gi, (_m, n: string) => `${Number(n) * 60} minutes`);
  // Money: "$2k" → "$2000", "1,200" → "1200".
  s = s.replace(/\b(\d+(?:\.\d+)?)k\b/gi, (_m, n: string) => String(Math.round(Number(n) * 1000)));
  s = s.replace(/\b(\d{1,3}),(\d{3})\b/g, "$1$2");
  // Dates: "6th of May", "6 May", "May 6th" → "May 6".
  s = s.replace(new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_ALT})\\b\\.?`, "gi"), (_m, d: string, m: string) => `${cap(monthName(m))} ${Number(d)}`);
  s = s.replace(new RegExp(`\\b(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)\\b`, "gi"), (_m, m: string, d: string) => `${cap(monthName(m))} ${Number(d)}`);
  // "no-show", "no show", "no-code": one closed word, so the "no" in it never reads as a negation.
  s = s.replace(/\b(no)[\s-](shows?|brainer|code|logo)\b/gi, "$1$2");
  // Other compounds: hyphenated and closed forms become open ("follow-up", "followup" → "follow up").
  s = s.replace(/([\p{L}])-(?=[\p{L}])/gu, "$1 ");
  s = s.replace(/\b[\p{L}]+\b/gu, (w) => {
    const open = COMPOUNDS[w.toLowerCase()];
    return open ? (w[0] === w[0]!.toUpperCase() ? cap(open) : open) : w;
  });
  return s;
}

function cap(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Synonym groups: every word of a group is matched as the group's first word. Kept to words that are
 * interchangeable in a sales conversation (not merely related), so a match still means the same move.
 */
const SYNONYMS: string[][] = [
  ["annual", "yearly", "annually"],
  ["monthly", "month"],
  ["price", "cost", "pricing", "priced"],
  ["waive", "waiver"],
  ["discount", "markdown"],
  ["customer", "client"],
  ["agreement", "contract"],
  ["manager", "boss"],
  ["colleague", "teammate", "coworker"],
  ["problem", "issue", "challenge", "headache"],
  ["quick", "brief", "short"],
  ["start", "begin"],
  ["buy", "purchase"],
  ["cancel", "terminate"],
  ["affordable", "inexpensive", "cheap"],
  ["demo", "demonstration"],
  ["guarantee", "warranty"],
  ["deadline", "cutoff"],
  ["email", "mail"],
  ["help", "assist"],
  ["reference", "referral"],
  ["decision", "decide"],
  ["invoice", "bill"],
  ["competitor", "rival"],
];
const CANONICAL = new Map<string, string>();
for (const group of SYNONYMS) {
  const head = stem(group[0]!);
  for (const w of group) CANONICAL.set(stem(w), head);
}

/** The lexicon's canonical form of a stem (itself when it is in no group). */
export function canonicalKey(stemmed: string): string {
  return CANONICAL.get(stemmed) ?? stemmed;
}

/**
 * Cheap content keys (no tagger) for topic checks: lower-cased words, stop words dropped, stemmed,
 * canonical. Good enough to ask "is this about the same things", and fast on long situations.
 */
export function topicKeys(text: string): string[] {
  return words(normalizeText(text))
    .filter((w) => !STOP.has(w) && w.length > 1)
    .map((w) => canonicalKey(stem(w)));
}
