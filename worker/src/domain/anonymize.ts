// Anonymization of deal texts before they become team practice material. Every identifying value
// is replaced with a consistent fictional stand-in: people and organisations (the lead's contact
// and company, the rep, and any others found by NLP), places, email addresses and domains, URLs,
// phone numbers, CRM ids; exact amounts become ranges and dates become "day N of the deal".
// Detection runs over all texts of one draft first, then replacement, so a stand-in never equals
// an original value and the same original gets the same stand-in in every field.
import { DAY_MS } from "@dq/shared";
import nlp from "compromise";
import type { Replacements } from "@dq/shared";
import { rng } from "./random.ts";

export interface KnownValues {
  people: string[];
  organisations: string[];
  emails: string[];
  urls: string[];
  phones: string[];
  ids: string[];
}

export interface AnonymizerOptions {
  /** Seeds the choice of stand-ins (e.g. the lead id), so a re-run picks the same ones. */
  seed: string;
  /** Dates become relative to this moment (when the deal started). */
  dealStart: Date;
  known: KnownValues;
  /** Suffix for organisation stand-ins ("Logistics", "Clinics"), to keep the story plausible. */
  orgSuffix?: string;
}

type Kind = "person" | "organisation" | "place" | "email" | "phone" | "url" | "domain" | "amount" | "date" | "id";

interface Span {
  start: number;
  end: number;
  kind: Kind;
  text: string;
  priority: number;
}

const PRIORITY: Record<Kind, number> = { email: 10, url: 9, date: 8, phone: 7, amount: 6, domain: 5, id: 4, person: 3, organisation: 3, place: 2 };

// ── Fictional stand-ins ───────────────────────────────────────────────────────────────────────

const FIRST = ["Avery", "Blake", "Cameron", "Devon", "Emery", "Finley", "Harley", "Jules", "Kendall", "Logan", "Marlow", "Noel", "Oakley", "Peyton", "Remy", "Sage", "Tatum", "Wren", "Arden", "Briar", "Corin", "Ellis", "Frankie", "Lennox", "Rowe", "Shiloh", "Teagan", "Zion"];
const LAST = ["Ashdown", "Brightwell", "Calder", "Dunmore", "Everly", "Fairbank", "Greystone", "Hollins", "Ironside", "Kestrel", "Larkin", "Merriweather", "Northcott", "Ormsby", "Pemberton", "Quillfeather", "Radley", "Stanway", "Thorne", "Underhill", "Vane", "Whitlock", "Yardley", "Zeller", "Abernathy", "Blythe", "Crowhurst", "Dovecote"];
const ORG = ["Northbeam", "Bluestem", "Cedarline", "Driftwood", "Everfield", "Foxglove", "Hollowbrook", "Ironleaf", "Kingsbridge", "Lanternfish", "Maplecrest", "Nettlefield", "Oakhaven", "Pinewhistle", "Quarrystone", "Riverbend", "Saltmarsh", "Tidewater", "Umberfield", "Vantage Hill", "Willowmere", "Yarrowby", "Brackenridge", "Copperfinch"];
const ORG_SUFFIX = ["Group", "Partners", "Systems", "Co", "Works", "Industries"];
const PLACES = ["Riverton", "Lakemont", "Fairhaven", "Westbrook", "Millbrook", "Eastwick", "Stonebridge", "Harrowgate", "Elmstead", "Kingsport"];

// ── Detection ─────────────────────────────────────────────────────────────────────────────────

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`)\]]+/gi;
const TLDS = "com|net|org|io|co|biz|info|name|ai|app|dev|tech|us|uk|de|fr|eu|ca|au|nl|es|it|ch|se|no|dk|fi|pl|in|jp|cn|br|mx|ly|me|tv|cc|xyz|site|online|store|cloud|example";
const DOMAIN = new RegExp(`\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})\\b`, "gi");
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,}\d(?:\s*(?:x|ext\.?)\s*\d{1,6})?/gi;
const MONTHS = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
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

const HONORIFIC = /^(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sir|Dame)\.?\s+/;
/** Capitalised words that are not names: calendar words, titles, sales and tech acronyms. */
const NOT_NAMES = new Set(
  (
    "I OK Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December " +
    "CEO CFO CTO COO CMO CIO CRO CISO VP SVP EVP Head Director Manager President Chief Officer Founder Owner Procurement Legal Finance Security Sales Marketing Engineering Operations IT HR Ops RevOps " +
    "ROI TCO SLA SOC GDPR HIPAA API SSO CRM ERP RFP RFI MSA NDA POC PoC QBR SaaS Q1 Q2 Q3 Q4 H1 H2 US USA EU UK PDF ASAP FYI EOD EOW ETA KPI OKR AI ML UI UX B2B B2C SMB ARR MRR YoY QoQ " +
    "Zoom Slack Teams LinkedIn Excel Google Gmail Outlook Word PowerPoint"
  ).split(/\s+/),
);
/** Words in company names that say what kind of company it is, not which one. */
const GENERIC_ORG_WORDS = new Set(
  "inc llc ltd plc gmbh ag sa co corp corporation company companies group holdings partners partnership and the of systems solutions services technologies technology tech labs logistics health healthcare clinic clinics dental bank credit union insurance realty manufacturing fabrication supply analytics software consulting engineering international global industries enterprises associates freight payroll learning schools school county city home goods outdoor".split(
    " ",
  ),
);

function* matches(re: RegExp, text: string) {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    yield m;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}@.]+/gu, " ").trim();
const digits = (s: string) => s.replace(/\D/g, "");

/** Words of a name, without honorifics and punctuation. */
function nameTokens(name: string): string[] {
  return name
    .replace(HONORIFIC, "")
    .split(/[\s,&/+-]+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/['’]s$/, ""))
    .filter((t) => t.length >= 2);
}

function distinctiveOrgTokens(name: string): string[] {
  return nameTokens(name).filter((t) => t.length >= 3 && /^\p{Lu}/u.test(t) && !GENERIC_ORG_WORDS.has(t.toLowerCase()));
}

/** Is this word, lower-cased, an ordinary verb, adjective, adverb or function word? */
function isEverydayWord(word: string): boolean {
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
function nameInAnyCase(token: string): boolean {
  const w = token.toLowerCase();
  const tag = lexicon[w];
  if (tag !== undefined) return NAME_TAGS.has(tag);
  return !isEverydayWord(w);
}

function trimSpan(text: string, start: number, end: number): [number, number] {
  while (start < end && /[^\p{L}\p{N}$€£¥+(]/u.test(text[start]!)) start++;
  while (end > start && /[^\p{L}\p{N})]/u.test(text[end - 1]!)) end--;
  return [start, end];
}

function hashSeed(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const { next } = rng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

// ── Amounts and dates ─────────────────────────────────────────────────────────────────────────

const BOUNDS = [1e3, 2.5e3, 5e3, 1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7, 1e8];

function compact(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(n);
}

export function parseAmount(text: string): { value: number; symbol: string } | null {
  const symbol = /[$€£¥]/.exec(text)?.[0] ?? (/\b(USD|dollars)\b/i.test(text) ? "$" : /\b(EUR|euros)\b/i.test(text) ? "€" : /\b(GBP|pounds)\b/i.test(text) ? "£" : "");
  const num = /\d[\d,]*(?:\.\d+)?/.exec(text);
  if (!num) return null;
  let value = Number(num[0].replace(/,/g, ""));
  if (/\d\s?[kK]\b|thousand/i.test(text)) value *= 1e3;
  else if (/\d\s?[mM]\b|million/i.test(text)) value *= 1e6;
  else if (/\bbn\b/i.test(text)) value *= 1e9;
  return Number.isFinite(value) ? { value, symbol } : null;
}

/** An exact amount as a range: 48,500 → "$25k–$50k". */
export function amountRange(value: number, symbol = ""): string {
  if (value < BOUNDS[0]!) return `under ${symbol}1k`;
  for (let i = 0; i < BOUNDS.length - 1; i++) {
    if (value < BOUNDS[i + 1]!) return `${symbol}${compact(BOUNDS[i]!)}–${symbol}${compact(BOUNDS[i + 1]!)}`;
  }
  return `over ${symbol}${compact(BOUNDS.at(-1)!)}`;
}

const MONTH_INDEX: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

export function parseDate(text: string, reference: Date): Date | null {
  const iso = /(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (iso) return utc(+iso[1]!, +iso[2]! - 1, +iso[3]!);
  const us = /(\d{1,2})\/(\d{1,2})\/(\d{2,4})/.exec(text);
  if (us) {
    const y = +us[3]! < 100 ? 2000 + +us[3]! : +us[3]!;
    return utc(y, +us[1]! - 1, +us[2]!);
  }
  const monthFirst = new RegExp(`(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?`, "i").exec(text);
  const dayFirst = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\.?(?:,?\\s+(\\d{4}))?`, "i").exec(text);
  const parts = monthFirst ? { m: monthFirst[1]!, d: monthFirst[2]!, y: monthFirst[3] } : dayFirst ? { m: dayFirst[2]!, d: dayFirst[1]!, y: dayFirst[3] } : null;
  if (!parts) return null;
  const month = MONTH_INDEX[parts.m.slice(0, 3).toLowerCase()]!;
  if (parts.y) return utc(+parts.y, month, +parts.d);
  // No year: the occurrence nearest the deal's start.
  const candidates = [-1, 0, 1].map((dy) => utc(reference.getUTCFullYear() + dy, month, +parts.d));
  return candidates.reduce((best, c) => (Math.abs(c.getTime() - reference.getTime()) < Math.abs(best.getTime() - reference.getTime()) ? c : best));
}

function utc(y: number, m: number, d: number) {
  return new Date(Date.UTC(y, m, d));
}

/** A date as a moment of the deal: "on day 12 of the deal", "in week 5 of the deal", "3 weeks before the deal started". */
export function relativeDate(date: Date, dealStart: Date, preposition: string | null): string {
  const days = Math.round((date.getTime() - Date.UTC(dealStart.getUTCFullYear(), dealStart.getUTCMonth(), dealStart.getUTCDate())) / DAY_MS);
  if (days < 0) {
    const n = -days;
    const span = n < 14 ? `${n} day${n === 1 ? "" : "s"}` : n < 60 ? `${Math.round(n / 7)} weeks` : `${Math.round(n / 30)} months`;
    return `${span} before the deal started`;
  }
  const prep = preposition?.toLowerCase() ?? null;
  if (days < 14) return `${prep && prep !== "on" ? prep : "on"} day ${days + 1} of the deal`;
  if (days < 120) return `${prep && prep !== "on" ? prep : "in"} week ${Math.floor(days / 7) + 1} of the deal`;
  return `${prep && prep !== "on" ? prep : "in"} month ${Math.floor(days / 30) + 1} of the deal`;
}

// ── The anonymizer ────────────────────────────────────────────────────────────────────────────

interface PersonStandIn {
  first: string;
  last: string;
}

export class Anonymizer {
  private readonly people = new Map<string, PersonStandIn>();
  private readonly personTokens = new Map<string, string>();
  /** Each stand-in name part → its person's first stand-in name (to count people once). */
  private readonly standInOwner = new Map<string, string>();
  private readonly orgs = new Map<string, string>();
  private readonly orgTokens = new Map<string, string>();
  private readonly places = new Map<string, string>();
  private readonly domains = new Map<string, string>();
  private readonly phones = new Map<string, string>();
  private readonly emails = new Map<string, string>();
  private readonly originals = new Set<string>();
  private readonly originalTokens = new Set<string>();
  private readonly standIns = new Set<string>();
  private readonly counts: Replacements = { people: 0, organisations: 0, emails: 0, phones: 0, urls: 0, amounts: 0, dates: 0, ids: 0 };
  private readonly counted = new Set<string>();
  private pools: { first: string[]; last: string[]; org: string[]; place: string[] };
  private readonly orgSuffix: string;
  private readonly leadOrg: string | null;

  private readonly opts: AnonymizerOptions;

  constructor(opts: AnonymizerOptions) {
    this.opts = opts;
    const seed = hashSeed(opts.seed);
    this.pools = { first: shuffled(FIRST, seed), last: shuffled(LAST, seed + 1), org: shuffled(ORG, seed + 2), place: shuffled(PLACES, seed + 3) };
    this.orgSuffix = opts.orgSuffix ?? shuffled(ORG_SUFFIX, seed + 4)[0]!;
    this.leadOrg = opts.known.organisations[0] ?? null;
    const k = opts.known;
    for (const v of [...k.people, ...k.organisations]) for (const t of nameTokens(v)) this.originalTokens.add(t.toLowerCase());
    for (const v of [...k.people, ...k.organisations, ...k.emails, ...k.urls, ...k.phones, ...k.ids]) if (v.trim()) this.originals.add(v.trim().replace(HONORIFIC, ""));
    for (const v of k.people) for (const t of nameTokens(v)) if (t.length >= 3 && /^\p{Lu}/u.test(t)) this.originals.add(t);
    for (const v of k.organisations) for (const t of distinctiveOrgTokens(v)) this.originals.add(t);
  }

  get replacements(): Replacements {
    return { ...this.counts };
  }

  /** Anonymizes several texts of one draft together (consistent stand-ins across them). */
  scrubAll(texts: string[]): string[] {
    const spans = texts.map((t) => this.detect(t));
    for (const list of spans) for (const s of list) this.noteOriginal(s);
    // Names first, so a later first-name-only mention maps to the same stand-in as the full name.
    for (const v of this.opts.known.people) this.personFor(v);
    for (const v of this.opts.known.organisations) this.orgFor(v);
    for (const list of spans)
      for (const s of list) {
        if (s.kind === "person" && nameTokens(s.text).length > 1) this.personFor(s.text);
        if (s.kind === "organisation" && nameTokens(s.text).length > 1) this.orgFor(s.text);
      }
    return texts.map((t, i) => this.replace(t, spans[i]!));
  }

  scrub(text: string): string {
    return this.scrubAll([text])[0]!;
  }

  /** Original values (as detected or known) still present in `text`: empty when clean. */
  leaks(text: string): string[] {
    const found: string[] = [];
    const lower = text.toLowerCase();
    for (const o of this.originals) {
      if (o.length < 3) continue;
      if (/^[\p{L}'’ .-]+$/u.test(o)) {
        // A name: whole words only, in any case ("jane" is Jane); a single word that is also an
        // ordinary word must keep its capital (so "Price" does not flag "price").
        const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(o)}(?![\\p{L}\\p{N}])`, o.includes(" ") || nameInAnyCase(o) ? "iu" : "u");
        if (re.test(text)) found.push(o);
      } else if (lower.includes(o.toLowerCase())) found.push(o);
    }
    return found;
  }

  /** Replaces any leaked original with a neutral word (a safety net after composing a draft). */
  redactLeaks(text: string): string {
    let out = text;
    for (const o of this.leaks(text)) out = out.replace(new RegExp(escapeRe(o), "gi"), (m) => this.standInForLeak(m));
    return out;
  }

  private standInForLeak(m: string): string {
    const key = norm(m);
    const person = this.people.get(key) ?? null;
    if (person) return `${person.first} ${person.last}`;
    return this.orgs.get(key) ?? this.personTokens.get(m.toLowerCase()) ?? this.orgTokens.get(m.toLowerCase()) ?? "(removed)";
  }

  private noteOriginal(s: Span) {
    if (s.kind === "amount" || s.kind === "date") {
      this.originals.add(s.text);
      return;
    }
    this.originals.add(s.text.replace(HONORIFIC, ""));
    if (s.kind === "person" || s.kind === "organisation" || s.kind === "place") {
      for (const t of nameTokens(s.text)) {
        this.originalTokens.add(t.toLowerCase());
        if (s.kind === "person" || (s.kind === "organisation" && distinctiveOrgTokens(s.text).includes(t)) || s.kind === "place") {
          if (t.length >= 3 && /^\p{Lu}/u.test(t)) this.originals.add(t);
        }
      }
    }
  }

  private detect(text: string): Span[] {
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

    const k = this.opts.known;
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
    for (const h of hits(doc.match("#ProperNoun+"))) hitSpan((part) => (nlp(part).has("#Person") || this.looksLikePerson(part) ? "person" : "organisation"), h, 1);

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
  private looksLikePerson(part: string): boolean {
    const tokens = nameTokens(part);
    return tokens.length >= 2 && tokens.length <= 3 && tokens.every((t) => /^\p{Lu}\p{Ll}/u.test(t)) && !tokens.some((t) => GENERIC_ORG_WORDS.has(t.toLowerCase()));
  }

  private replace(text: string, spans: Span[]): string {
    let out = "";
    let at = 0;
    for (const s of spans) {
      out += text.slice(at, s.start) + this.standIn(s);
      at = s.end;
    }
    out += text.slice(at);
    return out.replace(/[ \t]{2,}/g, " ").replace(/\s+([,.;:!?])/g, "$1");
  }

  private count(kind: keyof Replacements, original: string) {
    const key = `${kind}:${norm(original)}`;
    if (this.counted.has(key)) return;
    this.counted.add(key);
    this.counts[kind] += 1;
  }

  private fresh(pool: string[], taken: Set<string>): string {
    for (const v of pool) {
      const tokens = v.toLowerCase().split(/\s+/);
      if (!taken.has(v) && !this.standIns.has(v) && !tokens.some((t) => this.originalTokens.has(t))) {
        this.standIns.add(v);
        return v;
      }
    }
    // Pools exhausted (a very long text): numbered stand-ins stay fictional.
    const v = `${pool[0]} ${this.standIns.size + 1}`;
    this.standIns.add(v);
    return v;
  }

  private personFor(name: string): PersonStandIn {
    const key = norm(name);
    const known = this.people.get(key);
    if (known) return known;
    const tokens = nameTokens(name);
    if (tokens.length === 1) {
      const t = tokens[0]!.toLowerCase();
      const mapped = this.personTokens.get(t);
      if (mapped) return { first: mapped, last: "" };
    }
    const p = { first: this.fresh(this.pools.first, new Set()), last: tokens.length > 1 ? this.fresh(this.pools.last, new Set()) : "" };
    this.people.set(key, p);
    this.standInOwner.set(p.first, p.first);
    if (p.last) {
      this.standInOwner.set(p.last, p.first);
      this.standInOwner.set(`${p.first} ${p.last}`, p.first);
    }
    if (tokens.length >= 1) this.personTokens.set(tokens[0]!.toLowerCase(), p.first);
    if (tokens.length > 1) {
      this.personTokens.set(tokens.at(-1)!.toLowerCase(), p.last);
      for (const mid of tokens.slice(1, -1)) this.personTokens.set(mid.toLowerCase(), p.last);
    }
    return p;
  }

  private orgFor(name: string): string {
    const key = norm(name);
    const known = this.orgs.get(key);
    if (known) return known;
    const distinctive = distinctiveOrgTokens(name).map((t) => t.toLowerCase());
    // A part of a known organisation's name ("Kuhn" of "Kuhn, Lind and Rowe") gets that organisation's stand-in.
    const viaToken = distinctive.length > 0 && distinctive.every((t) => this.orgTokens.has(t)) ? this.orgTokens.get(distinctive[0]!)! : null;
    if (viaToken) return viaToken;
    const single = nameTokens(name).length === 1;
    const base = this.fresh(this.pools.org, new Set());
    const v = single ? base : `${base} ${this.orgSuffix}`;
    this.orgs.set(key, v);
    for (const t of distinctive) if (!this.orgTokens.has(t)) this.orgTokens.set(t, v);
    return v;
  }

  private domainFor(domain: string): string {
    const d = domain.toLowerCase().replace(/^www\./, "");
    const known = this.domains.get(d);
    if (known) return known;
    const label = d.split(".")[0] ?? d;
    // The domain of a known organisation gets that organisation's stand-in.
    let org: string | null = null;
    for (const [token, standIn] of this.orgTokens) if (token.length >= 3 && label.includes(token)) org = standIn;
    if (!org && this.leadOrg && distinctiveOrgTokens(this.leadOrg).some((t) => label.includes(t.toLowerCase()))) org = this.orgFor(this.leadOrg);
    const base = org ?? this.fresh(this.pools.org, new Set());
    const v = `${base.split(" ")[0]!.toLowerCase()}.example`;
    this.domains.set(d, v);
    return v;
  }

  private standIn(s: Span): string {
    switch (s.kind) {
      case "person": {
        const tokens = nameTokens(s.text);
        const mapped = tokens.length === 1 ? this.personTokens.get(tokens[0]!.toLowerCase()) : undefined;
        const p = mapped ? null : this.personFor(s.text);
        const out = mapped ?? (p!.last ? `${p!.first} ${p!.last}` : p!.first);
        // Counted per person ("Maria" and "Maria Gonzalez" are one), by the stand-in they share.
        this.count("people", this.standInOwner.get(out) ?? out.split(" ")[0]!);
        return out;
      }
      case "organisation": {
        const tokens = nameTokens(s.text);
        if (tokens.length === 1) {
          const viaPerson = this.personTokens.get(tokens[0]!.toLowerCase());
          if (viaPerson && !this.orgTokens.has(tokens[0]!.toLowerCase())) {
            this.count("people", this.standInOwner.get(viaPerson) ?? viaPerson);
            return viaPerson;
          }
        }
        const org = this.orgFor(s.text);
        this.count("organisations", org);
        return org;
      }
      case "place": {
        this.count("organisations", s.text);
        const key = norm(s.text);
        const v = this.places.get(key) ?? this.fresh(this.pools.place, new Set());
        this.places.set(key, v);
        return v;
      }
      case "email": {
        this.count("emails", s.text);
        const key = s.text.toLowerCase();
        const known = this.emails.get(key);
        if (known) return known;
        const [local = "", domain = ""] = key.split("@");
        let person: PersonStandIn | null = null;
        for (const [full, p] of this.people) {
          const tokens = full.split(" ").filter((t) => t.length >= 3);
          if (tokens.some((t) => local.includes(t))) person = p;
        }
        if (!person) {
          for (const name of this.opts.known.people) if (nameTokens(name).some((t) => t.length >= 3 && local.includes(t.toLowerCase()))) person = this.personFor(name);
        }
        const localOut = person ? [person.first, person.last].filter(Boolean).join(".").toLowerCase() : `contact${this.emails.size + 1}`;
        const v = `${localOut}@${this.domainFor(domain)}`;
        this.emails.set(key, v);
        return v;
      }
      case "url": {
        this.count("urls", s.text);
        const host = s.text.replace(/^https?:\/\//i, "").split(/[/?#:]/)[0] ?? "";
        return `https://www.${this.domainFor(host)}`;
      }
      case "domain":
        this.count("urls", s.text);
        return this.domainFor(s.text);
      case "phone": {
        this.count("phones", s.text);
        const key = digits(s.text);
        const v = this.phones.get(key) ?? `(202) 555-01${String(10 + this.phones.size).padStart(2, "0")}`;
        this.phones.set(key, v);
        return v;
      }
      case "amount": {
        this.count("amounts", s.text);
        const a = parseAmount(s.text);
        return a ? amountRange(a.value, a.symbol) : "an undisclosed amount";
      }
      case "date": {
        this.count("dates", s.text);
        const prep = /^(on|by|before|after|until|since|from)\s+/i.exec(s.text)?.[1] ?? null;
        const d = parseDate(s.text, this.opts.dealStart);
        return d ? relativeDate(d, this.opts.dealStart, prep) : "during the deal";
      }
      case "id":
        this.count("ids", s.text);
        return "(ref removed)";
    }
  }

  /** The stand-in for a known person or organisation (for composing a scenario around them). */
  personStandIn(name: string): string {
    const p = this.personFor(name);
    return p.last ? `${p.first} ${p.last}` : p.first;
  }

  organisationStandIn(name: string): string {
    return this.orgFor(name);
  }
}

/** A fictional buyer and company for composed scenarios (casebook, knowledge), chosen by seed. */
export function fictionalBuyer(seed: string, orgSuffix?: string): { person: string; organisation: string } {
  const h = hashSeed(seed);
  const first = shuffled(FIRST, h)[0]!;
  const last = shuffled(LAST, h + 1)[0]!;
  const org = shuffled(ORG, h + 2)[0]!;
  return { person: `${first} ${last}`, organisation: `${org} ${orgSuffix ?? shuffled(ORG_SUFFIX, h + 4)[0]!}` };
}
