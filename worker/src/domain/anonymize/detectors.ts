// Detection of identifying values in a deal text: known values of the deal (its contact, company,
// rep, emails, ids), pattern detectors (emails, URLs, phones, amounts, dates, ids) and NLP
// (compromise) for the names no field told us. The result is a list of non-overlapping spans.
import nlp from "compromise";
import { findAmounts, findDates } from "./amountsDates.ts";

export interface KnownValues {
  people: string[];
  organisations: string[];
  emails: string[];
  urls: string[];
  phones: string[];
  ids: string[];
}

export type Kind = "person" | "organisation" | "place" | "address" | "email" | "phone" | "url" | "handle" | "ip" | "domain" | "amount" | "date" | "id";

export interface Span {
  start: number;
  end: number;
  kind: Kind;
  text: string;
  priority: number;
}

// Stronger kinds win where spans overlap: a date or a street address holds numbers an amount
// would take, an order number digits a phone would take.
const PRIORITY: Record<Kind, number> = { email: 10, url: 9, handle: 8.8, ip: 8.5, date: 8, address: 7.8, phone: 7, amount: 6, domain: 5, id: 4, person: 3, organisation: 3, place: 2 };
/** Reference numbers: with letters ("PO-2025-00817") they beat phones and amounts; after a label ("VAT …") too. */
const CODE_PRIORITY = 7.5;
const LABELLED_ID_PRIORITY = 7.2;
const DIGIT_CODE_PRIORITY = 6.5;

// Emails, phones and domains stay regexes: compromise's emails() and phoneNumbers() miss
// international numbers, extensions and emails next to punctuation, and tag some emails as URLs.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** An email written to dodge scrapers: "dami at lagosledger dot com". */
const SPELLED_EMAIL = /\b[\w.+-]+\s+(?:at|\[at\]|\(at\))\s+[\w-]+(?:\s+(?:dot|\[dot\]|\(dot\))\s+[a-z]{2,})+\b/gi;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"'`)\]]+/gi;
const TLDS = "com|net|org|io|co|biz|info|name|ai|app|dev|tech|us|uk|de|fr|eu|ca|au|nl|es|it|ch|se|no|dk|fi|pl|in|jp|cn|br|mx|ly|me|tv|cc|xyz|site|online|store|cloud|example|ie|at|be|sg|hk|ae|ma|gh|ng|ua|vn|agency|edu|gov";
const DOMAIN = new RegExp(`\\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})\\b`, "gi");
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{5,}\d(?:\s*(?:x|ext\.?|extension|Durchwahl|DW)\s*-?\s*\d{1,6})?/gi;
const IP = /\b(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\/\d{1,2})?\b/g;
const IDS = [/\b\d{9,}\b/g, /\b(?=[A-Za-z0-9]*\d[A-Za-z0-9]*\d[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?\b/g];
/** Order, ticket, contract and tax numbers: capitals and digits in segments ("CTR/88/2931", "INC0012345", "#48213"). */
const CODE = /(?<![\p{L}\p{N}@./_-])#?[A-Z0-9]+(?:[-/_][A-Z0-9]+)*(?![\p{L}\p{N}@_-]|[./][\p{L}\p{N}])/gu;
/** A number after what names it: "VAT IE 9876543W", "acct ending 4417", "CRO 612345", "SIRET 123 456 789 00012". */
const LABELLED_ID =
  /\b(?:PO|P\.O\.|order|invoice|inv|ticket|case|contract|acct|account|ending(?: in)?|ref|reference|IBAN|VAT|TIN|UEN|CRO|DOT#?|EDRPOU|MST|SIRET|SIREN|RFC|UID|CVR|Org\.?\s?nr|USt-IdNr\.?|ABN|EIN|NPI|GST|tax (?:code|id|no)|company (?:no|number)|reg(?:istration)? no|lic(?:ense)?\.?|[Nn]o\.|nr\.?|№)\s*[:.#]?\s*((?:[A-Z]{1,3}[\s-]?)?\d[\dA-Z]*(?:[\s/-]\d[\dA-Z]*)*)/gu;
/** "Will ext 3310": an extension alone; inside a phone number the phone wins. */
const EXTENSION = /\b(?:ext\.?|extension)\s*(\d{2,6})\b/gi;
const EXTENSION_PRIORITY = 6.8;
const IBAN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b/g;

// Street addresses and postcodes (compromise has no address detector; places() finds only towns).
const SUFFIX = "St|Street|Rd|Road|Ave|Avenue|Dr|Drive|Blvd|Boulevard|Hwy|Highway|Ln|Lane|Way|Pl|Place|Ct|Court|Pkwy|Parkway|Sq|Square|Ter|Terrace|Cres|Crescent|Close|Row|Walk|Pike|Trail|Cir|Circle|View|Plaza";
const STATES = "A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]";
const ADDRESS_CORES = [
  new RegExp(`\\b(?:No\\.?\\s*)?\\d{1,6}[A-Z]?(?:-\\d+)*\\s+(?:[NSEW]{1,2}\\.?\\s+)?(?:(?:\\p{Lu}[\\p{L}'’.-]*|\\d+(?:st|nd|rd|th))\\s+){1,4}(?:${SUFFIX})\\b\\.?(?:\\s+[NSEW]{1,2}\\b)?`, "gu"),
  /\b\p{Lu}[\p{L}-]*(?:straße|Straße|strasse|Strasse|str\.|gade|gatan|vägen|vej|veien|weg|gasse|laan|plein|platz|allee)\s+\d{1,4}[A-Za-z]?\b/gu,
  /\b\d{1,4}[A-Za-z]?,?\s+(?:rue|Rue|avenue|Avenue|boulevard|Boulevard|place|Place|via|Via|piazza|Piazza)\s+(?:(?:de|del|de la|des|du|la|le|di|della)\s+)*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}/gu,
  /\b(?:Calle|calle|C\/|Avenida|Avda\.?|Av\.|Paseo|Carrer|Rua|Travessa|Viale|Chemin)\s+(?:(?:de|del|de la|des|du|la|los|las|da|do|dos|di)\s+)*\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){0,3}(?:\s+\d{1,5}[A-Za-z]?)?/gu,
  /(?:вул\.|ул\.|просп\.|пр\.|пл\.)\s*\p{Lu}[\p{L}'’-]*(?:,?\s*\d{1,4}[\p{L}]?)?/gu,
  /\bP\.?\s?O\.?\s?Box\s+\d+\b/gi,
  /\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b/g, // UK postcode
  /\b[AC-FHKNPRTV-Y]\d{2}\s[AC-FHKNPRTV-Y0-9]{4}\b/g, // Irish Eircode
  /\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b/g, // Canadian postcode
  new RegExp(`\\b(?:${STATES})\\s+\\d{5}(?:-\\d{4})?\\b`, "g"), // US state and ZIP
  /(?<!\d[\s.-]?)\b(?:\d{3}\s\d{2}|\d{4,5})\s+\p{Lu}[\p{L}-]+/gu, // continental postcode and town ("75008 Paris"), not the end of a phone number
  /\bSingapore\s+\d{6}\b/g,
];
/** Parts that make an address only next to a street number or a postcode ("Suite 300", "3rd floor", "Abbey Lane": a company may be called "Cedar Lane Clinics"). */
const ADDRESS_UNIT = /\b(?:\p{Lu}\p{Ll}[\p{L}'’-]*\s+){1,3}(?:Road|Rd|Street|Lane|Ln|Avenue|Ave|Boulevard|Blvd|Highway|Hwy|Parkway)\b\.?|\b(?:Suite|Ste\.?|Unit|Office|Apt\.?|Flat|Room|Lot|Building|Bldg\.?)\s+#?\d+[A-Z]?(?:-\d+)?\b|#\d{1,3}-\d{1,3}\b|\b\d{1,3}(?:st|nd|rd|th)\s+(?:Fl|Floor|floor)\b\.?|\b(?:ground|first|second|third|fourth|fifth)\s+floor\b/gu;
/** What may sit between two parts of one address: town, county and building names. */
const ADDRESS_GAP = /^[,\s]*(?:[\p{Lu}\d][\p{L}\d'’.-]*[,\s]+){0,4}$/u;

/** Public profiles and handles: where the words say it is one. */
const PLATFORM_HANDLE = /\b(?:GitHub|Github|github|Twitter|twitter|Instagram|instagram|insta|IG|TikTok|Telegram|Skype|handle|username)((?:\s+(?:handle|account|user|is|on))?\s*[:=]?\s*(?:is\s+)?)(@?[A-Za-z0-9][\w.-]{2,}[A-Za-z0-9])/g;
/** "@lan_builds_stuff", "@priscilla.makes.icecream": a regex, as compromise's atMentions() stops at a dot. */
const AT_HANDLE = /(?<![\p{L}\p{N}._%+-])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?![@\p{L}\p{N}])/gu;
export const PROFILE_SITES = /^(?:www\.)?(?:linkedin|github|twitter|x|facebook|fb|instagram|tiktok|youtube|medium)\.com\b/i;

export const HONORIFIC = /^(?:Mr|Mrs|Ms|Mx|Dr|Dra|Prof|Sir|Dame|Rev|Herr|Frau|Sr|Sra|Mme|Mlle)\.?\s+/;
/** Capitalised words that are not names: calendar words, titles, sales and tech acronyms. */
export const NOT_NAMES = new Set(
  (
    "I OK Mr Mrs Ms Dr Dra Prof Rev Herr Frau Sr Sra Mme Mlle Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December " +
    "CEO CFO CTO COO CMO CIO CRO CISO VP SVP EVP Head Director Manager President Chief Officer Founder Owner Procurement Legal Finance Security Sales Marketing Engineering Operations IT HR Ops RevOps " +
    "ROI TCO SLA SOC GDPR HIPAA API SSO CRM ERP RFP RFI MSA NDA POC PoC QBR SaaS Q1 Q2 Q3 Q4 H1 H2 US USA EU UK PDF ASAP FYI EOD EOW ETA KPI OKR AI ML UI UX B2B B2C SMB ARR MRR YoY QoQ " +
    "Zoom Slack Teams LinkedIn Excel Google Gmail Outlook Word PowerPoint Twitter X GitHub Github Facebook FB Instagram IG WhatsApp TikTok YouTube Asana Jira Notion HubSpot Salesforce Okta Trello " +
    "SDK POS IP VPN SFTP SE MD PA EA GM CNO CMIO BAA MES FY SD PM PO SLA PS Re Fwd"
  ).split(/\s+/),
);
const NOT_NAMES_LOWER = new Set([...NOT_NAMES].map((w) => w.toLowerCase()));
/** Is this word one of NOT_NAMES, in any case ("twitter", "github")? */
export const notAName = (word: string) => NOT_NAMES_LOWER.has(word.toLowerCase());
/** Words in company names that say what kind of company it is, not which one. */
export const GENERIC_ORG_WORDS = new Set(
  "inc llc ltd plc gmbh ag sa co corp corporation company companies group holdings partners partnership and the of systems solutions services technologies technology tech labs logistics health healthcare clinic clinics dental bank credit union insurance realty manufacturing fabrication supply analytics software consulting engineering retail financial digital media creative capital advisors trust foods hotels construction brothers property management distribution components devices medical wealth cloud agency marketing pte kk sarl ab as srl bv pty sons fils bros hardware academy trust immobilier international global industries enterprises associates freight payroll learning schools school county city home goods outdoor".split(
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
    .map((t) => t.replace(/^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$/gu, "").replace(/['’]s$/, ""))
    .filter((t) => t.length >= 2);
}

export function distinctiveOrgTokens(name: string): string[] {
  return nameTokens(name).filter((t) => t.length >= 3 && /^\p{Lu}/u.test(t) && !GENERIC_ORG_WORDS.has(t.toLowerCase()));
}

/** Is this word, lower-cased, an ordinary verb, adjective, adverb or function word? */
export function isEverydayWord(word: string): boolean {
  const w = word.toLowerCase();
  if (!/^\p{L}+$/u.test(w)) return false;
  let everyday = everydayWords.get(w);
  if (everyday === undefined) {
    everyday = nlp(w).has("(#Verb|#Adjective|#Adverb|#Preposition|#Conjunction|#Determiner|#Pronoun|#QuestionWord|#Expression)");
    everydayWords.set(w, everyday);
  }
  return everyday;
}
/** Answers so far (a word's tags do not change; tagging one costs about a millisecond). */
const everydayWords = new Map<string, boolean>();

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
  const spans = [...candidates(text)];
  const add = (kind: Kind, start: number, end: number, priority = PRIORITY[kind]) => {
    [start, end] = trimSpan(text, start, end);
    if ((kind === "handle" || kind === "id") && /[#@]/.test(text[start - 1] ?? "")) start--;
    if (end > start) spans.push({ kind, start, end, text: text.slice(start, end), priority });
  };
  handleSpans(text, k, add);

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
    for (const t of nameTokens(v)) {
      if (t.length < 2 || !/^\p{Lu}/u.test(t)) continue;
      if (nameInAnyCase(t)) literal("person", t, "i");
      else {
        literal("person", t, "");
        for (const r of lowerCaseNameUses(text, t)) add("person", r.start, r.end);
      }
    }
  }
  for (const v of k.organisations) {
    literal("organisation", v, "i");
    // "Volta Pay" of "Volta Pay Ltd": the name as people say it, one span (not one per word).
    const short = shortOrgName(v);
    if (short !== v && short) literal("organisation", short, "i");
    for (const t of distinctiveOrgTokens(v)) literal("organisation", t, nameInAnyCase(t) ? "i" : "");
  }
  return resolve(text, spans);
}

/** What a text holds whatever the deal's known values: patterns, names it gives itself, NLP. */
function findInText(text: string): Span[] {
  const spans: Span[] = [];
  const add = (kind: Kind, start: number, end: number, priority = PRIORITY[kind]) => {
    [start, end] = trimSpan(text, start, end);
    // "(linkedin.com/in/someone)": the brackets are the sentence's, not the link's.
    if (text[start] === "(" && !text.slice(start, end).includes(")")) start++;
    if (text[end - 1] === ")" && !text.slice(start, end - 1).includes("(")) end--;
    if ((kind === "handle" || kind === "id") && /[#@]/.test(text[start - 1] ?? "")) start--;
    if (end > start) spans.push({ kind, start, end, text: text.slice(start, end), priority });
  };
  const doc = nlp(text);
  type Hit = { text: string; offset: { start: number; length: number } };
  const hits = (view: { json(o: object): unknown }) => view.json({ offset: true, terms: false }) as Hit[];

  for (const m of matches(EMAIL, text)) add("email", m.index, m.index + m[0].length);
  for (const m of matches(SPELLED_EMAIL, text)) add("email", m.index, m.index + m[0].length);
  for (const m of matches(URL_RE, text)) add("url", m.index, m.index + m[0].length);
  // compromise's urls() is as good as a regex here and also finds links without a scheme
  // ("linkedin.com/in/someone"), where a domain match would leave the path (the handle) behind.
  for (const h of hits(doc.urls())) if (!h.text.includes("@")) add("url", h.offset.start, h.offset.start + h.offset.length);
  for (const d of findDates(text)) spans.push({ kind: "date", start: d.start, end: d.end, text: text.slice(d.start, d.end), priority: PRIORITY.date });
  for (const part of addressSpans(text)) add("address", part.start, part.end);
  for (const m of matches(IP, text)) add("ip", m.index, m.index + m[0].length);
  for (const m of matches(PHONE, text)) {
    const n = digits(m[0]).length;
    if (n >= 7 && n <= 18 && /[\s().-]/.test(m[0].trim())) add("phone", m.index, m.index + m[0].length);
  }
  for (const a of findAmounts(text)) add("amount", a.start, a.end);
  for (const m of matches(DOMAIN, text)) add("domain", m.index, m.index + m[0].length);
  for (const re of IDS) for (const m of matches(re, text)) add("id", m.index, m.index + m[0].length);
  for (const m of matches(CODE, text)) {
    const code = m[0];
    const nDigits = digits(code).length;
    const letters = /[A-Z]/.test(code);
    // "FY2026", "Q3" and "210K" (of "$210K") are periods and amounts, not references.
    if (nDigits < 3 || /^#?(?:FY|Q[1-4]|H[12])\d+$/.test(code) || /^\d+(?:[.,]\d+)?(?:K|M|MM|B|BN)$/.test(code)) continue;
    if (letters || code.startsWith("#")) add("id", m.index, m.index + code.length, CODE_PRIORITY);
    else if (/[-/_]/.test(code) && nDigits >= 6 && !code.split(/[-/_]/).every((x) => /^(?:19|20)\d\d$/.test(x))) add("id", m.index, m.index + code.length, DIGIT_CODE_PRIORITY);
    else if (/^0\d{5,}$/.test(code)) add("id", m.index, m.index + code.length, DIGIT_CODE_PRIORITY); // "08123456": a company number, not an amount
  }
  for (const m of matches(LABELLED_ID, text)) {
    const value = m[1]!.replace(/[\s/-]+$/, "");
    if (digits(value).length >= 4 && !/^(?:19|20)\d\d$/.test(value)) {
      const start = m.index + m[0].length - m[1]!.length;
      add("id", start, start + value.length, LABELLED_ID_PRIORITY);
    }
  }
  for (const m of matches(EXTENSION, text)) add("id", m.index + m[0].length - m[1]!.length, m.index + m[0].length, EXTENSION_PRIORITY);
  for (const m of matches(IBAN, text)) add("id", m.index, m.index + m[0].length, LABELLED_ID_PRIORITY);
  // compromise's hashTags() is as good as a regex ("#lumora-dealquest", "#SR-2025-07"); its
  // atMentions() is not (it stops at a dot), so AT_HANDLE above takes those.
  for (const h of hits(doc.hashTags())) add(/\d{2}/.test(h.text) ? "id" : "handle", h.offset.start, h.offset.start + h.offset.length, /\d{2}/.test(h.text) ? CODE_PRIORITY : PRIORITY.handle);
  for (const m of matches(AT_HANDLE, text)) add("handle", m.index, m.index + m[0].length);
  for (const m of matches(PLATFORM_HANDLE, text)) {
    const handle = m[2]!;
    // "GitHub: nguyenlan-dev", "github is rmenon": a handle; "GitHub issue", "twitter which": words.
    if (/[\d_.-]|^@/.test(handle) || /[:=]|\bis\b/.test(m[1]!)) add("handle", m.index + m[0].length - handle.length, m.index + m[0].length);
  }
  nicknameSpans(text, add);

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
  const nlpSpan = (kind: Kind, start: number, end: number, priority: number) => {
    [start, end] = trimSpan(text, start, end);
    const honorific = HONORIFIC.exec(text.slice(start, end));
    if (honorific) start += honorific[0].length;
    // "Grace's dad": the name is "Grace", the possessive stays in the sentence.
    if (/['’]s$/.test(text.slice(start, end))) end -= 2;
    const words = text.slice(start, end);
    if (end <= start || words.split(/\s+/).every((w) => notAName(w.replace(/[^\p{L}\p{N}]/gu, "")))) return;
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
    for (const part of chunk.split(/([;,:()]+\s*|\s+(?:and|&)\s+|['’]s\s+)/)) {
      if (part && !/^([;,:()]+\s*|\s+(?:and|&)\s+|['’]s\s+)$/.test(part))
        nlpSpan(typeof kind === "function" ? kind(part) : kind, start + at, start + at + part.length, priority);
      at += part.length;
    }
  };
  for (const h of hits(doc.people())) hitSpan("person", h, 2.5);
  for (const h of hits(doc.organizations())) hitSpan("organisation", h, 2.5);
  for (const h of hits(doc.places())) hitSpan("place", h, 2.2);
  for (const h of hits(doc.match("#ProperNoun+").not("#Demonym"))) hitSpan((part) => (nlp(part).has("#Person") || looksLikePerson(part) ? "person" : "organisation"), h, 1);

  return spans;
}

/** Everything found in a text before overlaps are settled (names NLP found, even where a known name won). */
export function candidates(text: string): Span[] {
  return textSpans.get(text) ?? cacheTextSpans(text, findInText(text));
}

// A draft's texts are detected twice (the second time knowing the names the first found): the
// part that does not depend on known values, NLP above all, is kept for the last few texts.
const textSpans = new Map<string, Span[]>();
function cacheTextSpans(text: string, spans: Span[]): Span[] {
  if (textSpans.size >= 16) textSpans.delete(textSpans.keys().next().value!);
  textSpans.set(text, spans);
  return spans;
}

function resolve(text: string, spans: Span[]): Span[] {
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

/** A company's name without its legal form and kind-of-business words: "Volta Pay Ltd" → "Volta Pay". */
export function shortOrgName(name: string): string {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && nameTokens(words.at(-1)!).every((t) => GENERIC_ORG_WORDS.has(t.toLowerCase()))) words.pop();
  return words.join(" ").replace(/[\s,&]+$/, "");
}

type Add = (kind: Kind, start: number, end: number, priority?: number) => void;

/** Street lines, units and postcodes, joined into one span when they make one address. */
function addressSpans(text: string): { start: number; end: number }[] {
  const parts: { start: number; end: number; strong: boolean }[] = [];
  for (const re of ADDRESS_CORES)
    for (const m of matches(re, text)) {
      // "2025 Renewal" is a year and a word, "1200 Units" a count: not a postcode and town.
      const postcodeAndTown = /^[\d\s]+\s(\p{L}[\p{L}-]*)$/u.exec(m[0]);
      if (postcodeAndTown && (/^(?:19|20)\d\d\s/.test(m[0]) || notAName(postcodeAndTown[1]!))) continue;
      parts.push({ start: m.index, end: m.index + m[0].length, strong: true });
    }
  for (const m of matches(ADDRESS_UNIT, text)) parts.push({ start: m.index, end: m.index + m[0].length, strong: false });
  parts.sort((a, b) => a.start - b.start || b.end - a.end);
  const groups: { start: number; end: number; strong: boolean; parts: number }[] = [];
  for (const p of parts) {
    const last = groups.at(-1);
    if (last && (p.start <= last.end || ADDRESS_GAP.test(text.slice(last.end, p.start)))) {
      last.end = Math.max(last.end, p.end);
      last.strong ||= p.strong;
      last.parts++;
    } else groups.push({ ...p, parts: 1 });
  }
  return groups
    .filter((g) => g.strong || g.parts >= 2)
    .map((g) => {
      // The town after the street: ", Dubai." / ", Accra".
      const town = /^,\s*\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+)?(?=\s*(?:[.;,)]|$))/u.exec(text.slice(g.end));
      return { start: g.start, end: g.end + (town?.[0].length ?? 0) };
    });
}

/** The street lines, units and postcodes of an address, each an original to look for in a draft. */
export function addressParts(address: string): string[] {
  const out: string[] = [];
  for (const re of [...ADDRESS_CORES, ADDRESS_UNIT]) for (const m of matches(re, address)) out.push(m[0]);
  return out;
}

const deaccent = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** Handles made of a person's or company's name ("nguyenlan-dev", "jiahui_prc"), wherever they stand. */
function handleSpans(text: string, k: KnownValues, add: Add) {
  const names = new Set<string>();
  for (const v of k.people) for (const t of nameTokens(v)) if (t.length >= 3) names.add(deaccent(t));
  for (const v of k.organisations) for (const t of distinctiveOrgTokens(v)) names.add(deaccent(t));
  if (names.size === 0) return;
  const token = /(?<![\p{L}\p{N}@.#/'’-])[\p{Ll}\d]+(?:[-_.][\p{Ll}\d]+)+(?![\p{L}\p{N}@/-]|\.[\p{L}\p{N}])/gu;
  for (const m of matches(token, text)) {
    const plain = deaccent(m[0]);
    const pieces = plain.split(/[-_.]/);
    if ([...names].some((n) => pieces.includes(n) || (n.length >= 4 && plain.replace(/[-_.\d]/g, "").includes(n)))) add("handle", m.index, m.index + m[0].length);
  }
}

const SUBJECT_VERBS =
  "is|was|has|had|said|says|signed|asked|wants|wanted|agreed|approved|replied|runs|ran|prefers|liked|loved|joined|sent|did|does|didn't|doesn't|got|gave|took|made|bought|told|owns|manages|leads|decided|pushed|came|went|answered|called|emailed|looped|introduced|booked|needs|needed";
const NAME_BEFORE = /(?:^|[.!?;:]\s+|\n\s*|\(\s*|\b(?:and|but|then|so)\s+)$/;
const NAME_AFTER_SUBJECT = new RegExp(`^\\s+(?:${SUBJECT_VERBS})\\b`);
const OBJECT_BEFORE = /\b(?:met|with|told|asked|called|emailed|pinged|thanked|introduced|cc'?d?)\s+$/;
const OBJECT_AFTER = /^(?:\s+(?:at|from|in|on|and|who|about)\b|[,.;:)])/;

/**
 * A known name that is also an everyday word ("Will", "Hunter", "Frank"), written lower-case but
 * used as the name: "will's cell", "frank: …", "hunter is the owner", "met will at the event".
 */
function lowerCaseNameUses(text: string, name: string): { start: number; end: number }[] {
  const lower = name.toLowerCase();
  if (lower === name) return [];
  const out: { start: number; end: number }[] = [];
  for (const m of matches(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(lower)}(?![\\p{L}\\p{N}])`, "gu"), text)) {
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    const after = text.slice(m.index + lower.length, m.index + lower.length + 40);
    const used =
      /^['’]s\b/.test(after) || /^\s*[:=]\s/.test(after) || (NAME_BEFORE.test(before) && NAME_AFTER_SUBJECT.test(after)) || (OBJECT_BEFORE.test(before) && OBJECT_AFTER.test(after));
    if (used) out.push({ start: m.index, end: m.index + lower.length });
  }
  return out;
}

/** Words that label a line of notes ("Note:", "Office:"), not a person. */
const LABEL_WORDS = new Set(
  (
    "Note Notes Next Office Trigger Final Depot Invoice Total Contact Contacts Billing Address Phone Email Mail Cell Mobile Mob Tel Desk Direct Main HQ Update Status Budget Timeline Pricing " +
    "Terms Result Outcome Context Background Reason Key Risk Action Goal Decision Owner Champion Competitor Incumbent Pilot Scope Renewal Deal Shared Ticket Deadline Signed Closed Term Tax " +
    "Website Site Web Fax Ref Order Contract Agenda Attendees Plan Step Steps Win Why Lesson Lessons Tip Summary Problem Solution Pain Objection Headcount Users Seats Price Discount " +
    "Value Stakeholders Team Rep Source Lead Stage Product Partner Vendor Customer Client Account Region Industry Date When Where Who What How Also Login Portal Channel Slack Doc Docs Link"
  ).split(/\s+/),
);

/** People the text itself names in passing: nicknames ("Javier \"Javi\" Sanz", "(goes by Dami)") and labels of contact lines ("Tariq = …", "Brandy's direct …"). */
function nicknameSpans(text: string, add: Add) {
  const person = (start: number, word: string) => {
    if (notAName(word) || LABEL_WORDS.has(word)) return;
    add("person", start, start + word.length, 2.6);
  };
  const WORD = "\\p{Lu}[\\p{L}'’-]*";
  for (const m of matches(new RegExp(`(${WORD})\\s+["“‘']([\\p{Lu}][\\p{L}'’-]*)["”’']\\s+(${WORD})`, "gdu"), text))
    for (const g of [1, 2, 3]) person(m.indices![g]![0], m[g]!);
  for (const m of matches(new RegExp(`\\b(?:goes by|aka|a\\.k\\.a\\.?|known as|nicknamed|call (?:him|her|them))\\s+["“]?(${WORD})`, "gdu"), text)) person(m.indices![1]![0], m[1]!);
  for (const m of matches(/\p{Lu}\p{Ll}[\p{L}'’-]*\s+\p{Lu}[\p{L}'’-]+\s*\((\p{Lu}\p{Ll}[\p{L}'’-]*)\)/gdu, text))
    if (!isEverydayWord(m[1]!)) person(m.indices![1]![0], m[1]!);
  for (const m of matches(new RegExp(`(?:^|[.!?]\\s+|\\n)(\\p{L}[\\p{L}'’-]+)\\s+\\((?:${WORD}\\s+){1,3}${WORD}[,)]`, "gdu"), text))
    if (!isEverydayWord(m[1]!)) add("person", m.indices![1]![0], m.indices![1]![1], 2.6);
  const label = /(?:^|[.;!?]\s+|\n\s*|,\s+)(\p{Lu}[\p{L}'’-]+)(?:(\s*[:=]\s*\S)|['’]s\s+(?:cell|mobile|phone|number|email|e-mail|EA|PA|assistant|direct|desk|github|twitter|linkedin|handle|line|ext))/gdu;
  for (const m of matches(label, text)) {
    const word = m[1]!;
    const tag = lexicon[word.toLowerCase()];
    // "Tariq: …" names a person; "Budget: …" labels a line, so an English word needs a name's
    // tag, unless what follows is a contact ("Paddy: paddy@…", "Brandy: +1 …").
    const contact = /^\s*[:=]\s*(?:[\w.+-]+@|\+?\(?\d)/.test(text.slice(m.indices![1]![1]));
    if (m[2] && !contact && !(tag !== undefined ? NAME_TAGS.has(tag) : !isEverydayWord(word))) continue;
    person(m.indices![1]![0], word);
  }
  // "JJ <jjacobs@…>": a name before an address in angle brackets.
  for (const m of matches(/(?<![\p{L}\p{N}])(\p{Lu}[\p{L}'’-]+)\s+<[^\s<>@]+@/gdu, text)) person(m.indices![1]![0], m[1]!);
}
