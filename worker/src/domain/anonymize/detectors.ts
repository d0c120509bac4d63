// Detection of identifying values in a deal text: known values of the deal (its contact, company,
// rep, emails, ids), pattern detectors (emails, URLs, phones, amounts, dates, ids) and NLP
// (compromise) for the names no field told us. The result is a list of non-overlapping spans.
import nlp from "compromise";
import { MONTHS } from "./amountsDates.ts";

export interface KnownValues {
  people: string[];
  organisations: string[];
  emails: string[];
  urls: string[];
  phones: string[];
  ids: string[];
}

export type Kind = "person" | "organisation" | "place" | "email" | "phone" | "url" | "domain" | "amount" | "date" | "id";

export interface Span {
  start: number;
  end: number;
  kind: Kind;
  text: string;
  priority: number;
}

const PRIORITY: Record<Kind, number> = { email: 10, url: 9, date: 8, phone: 7, amount: 6, domain: 5, id: 4, person: 3, organisation: 3, place: 2 };

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`)\]]+/gi;
const TLDS = "com|net|org|io|co|biz|info|name|ai|app|dev|tech|us|uk|de|fr|eu|ca|au|nl|es|it|ch|se|no|dk|fi|pl|in|jp|cn|br|mx|ly|me|tv|cc|xyz|site|online|store|cloud|example";
const DOMAIN = new RegExp(`\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})\\b`, "gi");
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,}\d(?:\s*(?:x|ext\.?)\s*\d{1,6})?/gi;
const PREP = "(?:\\b(?:on|by|before|after|until|since|from)\\s+)?";
const DATE_RES = [
  new RegExp(`${PREP}\\b\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?Z?)?`, "gi"),
  new RegExp(`${PREP}\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`, "gi"),
  new RegExp(`${PREP}\\b(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\\s+)?(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4}\\b)?`, "gi"),
  new RegExp(`${PREP}\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\b\\.?(?:,?\\s+\\d{4}\\b)?`, "gi"),
];
const AMOUNT_RES = [
  /(?:[$€£¥]|\b(?:USD|EUR|GBP|CAD|AUD|CHF)\s?)\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:[kKmM]\b|million\b|thousand\b|bn\b))?/g,
  /\b\d[\d,]*(?:\.\d+)?\s?(?:[kKmM]|million|thousand|bn)?\s?(?:USD|EUR|GBP|CAD|AUD|CHF|dollars|euros|pounds)\b/gi,
  /\b\d+(?:\.\d+)?\s?(?:[kK]|million|thousand)\b/g,
  /\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b/g,
  /\b\d{4,8}(?:\.\d+)?\b/g,
];
const IDS = [/\b\d{9,}\b/g, /\b(?=[A-Za-z0-9]*\d[A-Za-z0-9]*\d[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?\b/g];

export const HONORIFIC = /^(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sir|Dame)\.?\s+/;
/** Capitalised words that are not names: calendar words, titles, sales and tech acronyms. */
export const NOT_NAMES = new Set(
  (
    "I OK Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December " +
    "CEO CFO CTO COO CMO CIO CRO CISO VP SVP EVP Head Director Manager President Chief Officer Founder Owner Procurement Legal Finance Security Sales Marketing Engineering Operations IT HR Ops RevOps " +
    "ROI TCO SLA SOC GDPR HIPAA API SSO CRM ERP RFP RFI MSA NDA POC PoC QBR SaaS Q1 Q2 Q3 Q4 H1 H2 US USA EU UK PDF ASAP FYI EOD EOW ETA KPI OKR AI ML UI UX B2B B2C SMB ARR MRR YoY QoQ " +
    "Zoom Slack Teams LinkedIn Excel Google Gmail Outlook Word PowerPoint"
  ).split(/\s+/),
);
/** Words in company names that say what kind of company it is, not which one. */
export const GENERIC_ORG_WORDS = new Set(
  "inc llc ltd plc gmbh ag sa co corp corporation company companies group holdings partners partnership and the of systems solutions services technologies technology tech labs logistics health healthcare clinic clinics dental bank credit union insurance realty manufacturing fabrication supply analytics software consulting engineering international global industries enterprises associates freight payroll learning schools school county city home goods outdoor".split(
    " ",
  ),
);

export function* matches(re: RegExp, text: string) {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    yield m;
  }
}

export const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
export const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}@.]+/gu, " ").trim();
export const digits = (s: string) => s.replace(/\D/g, "");

/** Words of a name, without honorifics and punctuation. */
export function nameTokens(name: string): string[] {
  return name
    .replace(HONORIFIC, "")
    .split(/[\s,&/+-]+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/['’]s$/, ""))
    .filter((t) => t.length >= 2);
}

export function distinctiveOrgTokens(name: string): string[] {
  return nameTokens(name).filter((t) => t.length >= 3 && /^\p{Lu}/u.test(t) && !GENERIC_ORG_WORDS.has(t.toLowerCase()));
}

/** Is this word, lower-cased, an ordinary verb, adjective, adverb or function word? */
export function isEverydayWord(word: string): boolean {
  const w = word.toLowerCase();
  if (!/^\p{L}+$/u.test(w)) return false;
  return nlp(w).has("(#Verb|#Adjective|#Adverb|#Preposition|#Conjunction|#Determiner|#Pronoun|#QuestionWord|#Expression)");
}

const NAME_TAGS = new Set(["FirstName", "LastName", "FemaleName", "MaleName", "Person", "ProperNoun", "Honorific", "Place", "Country", "City", "Region", "Organization"]);
// compromise's word list (word → its main tag); typed loosely by the library.
const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | undefined> } }).one.lexicon;

/**
 * May a known name token be matched in any case? Yes unless, lower-cased, it is an ordinary
 * English word: "jane" and "acme" in "met jane at acme" are the deal's names, but "price" of
 * "Will Price" is the word price, and "will" the verb, so those keep their capital to count.
 */
export function nameInAnyCase(token: string): boolean {
  const w = token.toLowerCase();
  const tag = lexicon[w];
  if (tag !== undefined) return NAME_TAGS.has(tag);
  return !isEverydayWord(w);
}

export function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /[^\p{L}\p{N}$€£¥+(]/u.test(text[start]!)) start++;
  while (end > start && /[^\p{L}\p{N})]/u.test(text[end - 1]!)) end--;
  return [start, end];
}

/** Identifying values in one text, as non-overlapping spans in text order. */
export function detect(text: string, k: KnownValues): Span[] {
  const spans: Span[] = [];
  const add = (kind: Kind, start: number, end: number) => {
    [start, end] = trimSpan(text, start, end);
    if (end > start) spans.push({ kind, start, end, text: text.slice(start, end), priority: PRIORITY[kind] });
  };
  for (const m of matches(EMAIL, text)) add("email", m.index, m.index + m[0].length);
  for (const m of matches(URL_RE, text)) add("url", m.index, m.index + m[0].length);
  for (const re of DATE_RES) for (const m of matches(re, text)) spans.push({ kind: "date", start: m.index, end: m.index + m[0].length, text: m[0], priority: PRIORITY.date });
  for (const m of matches(PHONE, text)) {
    const n = digits(m[0]).length;
    if (n >= 7 && n <= 18 && /[\s().-]/.test(m[0].trim())) add("phone", m.index, m.index + m[0].length);
  }
  for (const re of AMOUNT_RES)
    for (const m of matches(re, text)) {
      const bare = /^\d{4}$/.test(m[0]);
      if (bare && +m[0] >= 1900 && +m[0] <= 2100) continue; // a year, not an amount
      add("amount", m.index, m.index + m[0].length);
    }
  for (const m of matches(DOMAIN, text)) add("domain", m.index, m.index + m[0].length);
  for (const re of IDS) for (const m of matches(re, text)) add("id", m.index, m.index + m[0].length);

  const literal = (kind: Kind, value: string, flags: string) => {
    const v = value.trim();
    if (v.length < 2) return;
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(v).replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}])`, `g${flags}u`);
    for (const m of matches(re, text)) add(kind, m.index, m.index + m[0].length);
  };
  for (const v of k.emails) literal("email", v, "i");
  for (const v of k.urls) literal("url", v, "i");
  for (const v of k.phones) literal("phone", v, "");
  for (const v of k.ids) literal("id", v, "");
  for (const v of k.people) {
    literal("person", v.replace(HONORIFIC, ""), "i");
    for (const t of nameTokens(v)) if (t.length >= 2 && /^\p{Lu}/u.test(t)) literal("person", t, nameInAnyCase(t) ? "i" : "");
  }
  for (const v of k.organisations) {
    literal("organisation", v, "i");
    for (const t of distinctiveOrgTokens(v)) literal("organisation", t, nameInAnyCase(t) ? "i" : "");
  }

  // Name shapes NLP misses: a person after a role ("CFO Dolly Sauer"), companies named like
  // "Nienow, Fay and Skiles", "Hoeger - Renner", "Wisozk Inc".
  const W = "\\p{Lu}(?:\\p{Ll}+(?:\\p{Lu}\\p{Ll}+)?|['’]\\p{Lu}\\p{Ll}+)(?:-\\p{Lu}?\\p{Ll}+(?:\\p{Lu}\\p{Ll}+)?)*";
  const shapes: [Kind, RegExp, number][] = [
    ["person", new RegExp(`(?<=\\b(?:CFO|CEO|CTO|COO|CIO|CMO|CRO|VP|SVP|EVP|[Dd]irector|[Hh]ead of \\w+|[Mm]anager|[Aa]ssistant|[Cc]hampion|[Ff]ounder|[Oo]wner|[Bb]uyer|[Ll]ead|[Cc]ontact|[Cc]olleague)\\s)${W}(?:\\s${W}){1,2}`, "gu"), 2.7],
    ["organisation", new RegExp(`${W}(?:,\\s${W})+,?\\s(?:and|&)\\s${W}`, "gu"), 2.8],
    ["organisation", new RegExp(`${W}\\s[-–]\\s${W}`, "gu"), 2.8],
    ["organisation", new RegExp(`(?:${W}\\s){1,3}(?:Inc|LLC|Ltd|Group|Corp|GmbH|PLC|AG|and\\sSons|&\\sCo)\\b\\.?`, "gu"), 2.8],
  ];
  for (const [kind, re, priority] of shapes)
    for (const m of matches(re, text)) {
      const [start, end] = trimSpan(text, m.index, m.index + m[0].length);
      spans.push({ kind, start, end, text: text.slice(start, end), priority });
    }

  // NLP: people, organisations and places the known values do not cover, then any other
  // capitalised name mid-sentence (better a stand-in too many than a real name left).
  const doc = nlp(text);
  type Hit = { text: string; offset: { start: number; length: number } };
  const hits = (view: { json(o: object): unknown }) => view.json({ offset: true, terms: false }) as Hit[];
  const nlpSpan = (kind: Kind, start: number, end: number, priority: number) => {
    [start, end] = trimSpan(text, start, end);
    const honorific = HONORIFIC.exec(text.slice(start, end));
    if (honorific) start += honorific[0].length;
    const words = text.slice(start, end);
    if (end <= start || words.split(/\s+/).every((w) => NOT_NAMES.has(w.replace(/[^\p{L}\p{N}]/gu, "")))) return;
    // A lone capitalised everyday word ("See", "Honestly") is a sentence start, not a name.
    // (People NLP recognised as people stay: "Rose said" is a person even though "rose" is a verb.)
    if (kind !== "person" && priority < 2 && !/\s/.test(words) && isEverydayWord(words)) return;
    spans.push({ kind, start, end, text: words, priority });
  };
  const hitSpan = (kind: Kind | ((part: string) => Kind), h: Hit, priority: number) => {
    // A run of names across punctuation ("Tressa Kuhlman; Gleichner LLC") is several names.
    const start = h.offset.start;
    const chunk = text.slice(start, start + h.offset.length);
    let at = 0;
    for (const part of chunk.split(/([;,:()]+\s*|\s+(?:and|&)\s+)/)) {
      if (part && !/^([;,:()]+\s*|\s+(?:and|&)\s+)$/.test(part))
        nlpSpan(typeof kind === "function" ? kind(part) : kind, start + at, start + at + part.length, priority);
      at += part.length;
    }
  };
  for (const h of hits(doc.people())) hitSpan("person", h, 2.5);
  for (const h of hits(doc.organizations())) hitSpan("organisation", h, 2.5);
  for (const h of hits(doc.places())) hitSpan("place", h, 2.2);
  for (const h of hits(doc.match("#ProperNoun+"))) hitSpan((part) => (nlp(part).has("#Person") || looksLikePerson(part) ? "person" : "organisation"), h, 1);

  // Keep the strongest spans; a weaker NLP span that overlaps a kept one keeps what is left of
  // it, so "Gibson, Harber-Batz" loses "Gibson" (a person) but "Harber-Batz" is still replaced.
  spans.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Span[] = [];
  const NLP_KINDS = new Set<Kind>(["person", "organisation", "place"]);
  const queue = [...spans];
  while (queue.length) {
    const s = queue.shift()!;
    const clash = kept.find((k2) => s.start < k2.end && k2.start < s.end);
    if (!clash) {
      kept.push(s);
      continue;
    }
    if (!NLP_KINDS.has(s.kind) || s.priority >= 3) continue;
    for (const [a0, b0] of [[s.start, clash.start], [clash.end, s.end]] as const) {
      if (b0 <= a0) continue;
      const [a1, b1] = trimSpan(text, a0, b0);
      const piece = text.slice(a1, b1);
      if (b1 > a1 && /\p{Lu}\p{Ll}/u.test(piece) && !piece.split(/\s+/).every((w) => NOT_NAMES.has(w) || GENERIC_ORG_WORDS.has(w.toLowerCase()) || /^\p{Ll}/u.test(w)))
        queue.unshift({ ...s, start: a1, end: b1, text: piece });
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Two or three capitalised words with no company word among them read as a person's name. */
function looksLikePerson(part: string): boolean {
  const tokens = nameTokens(part);
  return tokens.length >= 2 && tokens.length <= 3 && tokens.every((t) => /^\p{Lu}\p{Ll}/u.test(t)) && !tokens.some((t) => GENERIC_ORG_WORDS.has(t.toLowerCase()));
}
