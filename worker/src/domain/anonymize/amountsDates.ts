// Amounts and dates of a deal text as what a practice scenario may say of them: an exact amount
// becomes a range ("$25k–$50k"), a calendar date a moment of the deal ("in week 3 of the deal").
// Finding them is here too (findAmounts, findDates): the detectors call these.
import { DAY_MS } from "@dq/shared";
import nlp from "compromise";

export const MONTHS = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
/** Months in Spanish, French and German (the English ones are MONTHS), by number. */
const FOREIGN_MONTHS: Record<string, number> = {
  enero: 0, febrero: 1, marzo: 2, abril: 3, mayo: 4, junio: 5, julio: 6, agosto: 7, septiembre: 8, setiembre: 8, octubre: 9, noviembre: 10, diciembre: 11,
  janvier: 0, février: 1, fevrier: 1, mars: 2, avril: 3, mai: 4, juin: 5, juillet: 6, août: 7, aout: 7, septembre: 8, octobre: 9, novembre: 10, décembre: 11, decembre: 11,
  januar: 0, februar: 1, märz: 2, juni: 5, juli: 6, oktober: 9, dezember: 11,
};
const FOREIGN = Object.keys(FOREIGN_MONTHS).join("|");
const WEEKDAY = "(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?";
const ORDINAL_WORDS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};
const ORDINAL = `(?:(?:twenty|thirty)-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|${Object.keys(ORDINAL_WORDS).join("|")})`;
const PREP = "(?:\\b(?:on|by|before|after|until|since|from|due|le|el)\\s+)?(?:the\\s+)?";
/** The dot after an abbreviated month ("Sept."), not a sentence's full stop after "May". */
const MONTH_DOT = "(?:(?<=\\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))\\.)?";

// Regexes, not compromise's dates(): that plugin is not installed, and these cover the formats reps write.
const DATE_RES = [
  new RegExp(`${PREP}(?<![\\w-])\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?Z?)?(?![\\w-])`, "gi"),
  new RegExp(`${PREP}(?:${WEEKDAY},?\\s+)?\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`, "gi"),
  new RegExp(`${PREP}(?<![\\d.])\\b\\d{1,2}\\.\\d{1,2}\\.(?:\\d{4}|\\d{2})\\b(?!\\.\\d)`, "gi"), // not inside an IP address
  new RegExp(`${PREP}\\b(?:${WEEKDAY},?\\s+)?(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4}\\b)?`, "gi"),
  new RegExp(`${PREP}\\b(?:${WEEKDAY},?\\s+)?(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${MONTHS})\\b${MONTH_DOT}(?:,?\\s+\\d{4}\\b)?`, "gi"),
  new RegExp(`${PREP}\\b(?:${WEEKDAY},?\\s+)?(?:the\\s+)?${ORDINAL}\\s+(?:of\\s+)?(?:${MONTHS})\\b${MONTH_DOT}(?:,?\\s+\\d{4}\\b)?`, "gi"),
  new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{4}\\b`, "gi"),
  new RegExp(`(?:\\b(?:el|le)\\s+)?\\b\\d{1,2}(?:er|º)?\\s+(?:de\\s+)?(?:${FOREIGN})(?:\\s+(?:de\\s+)?\\d{4})?(?![\\p{L}])`, "giu"),
  /\d{4}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日/g,
  /(?:\bin\s+)?\b(?:Q[1-4]|H[12])\s?(?:of\s+)?(?:FY\s?)?'?(?:\d{4}|\d{2})\b/g,
  new RegExp(`${PREP}\\b${WEEKDAY},?\\s+(?:the\\s+)?\\d{1,2}(?:st|nd|rd|th)\\b`, "gi"),
];
/** A month and day without a year ("4/30"): taken only after a date word, or when it cannot be a fraction. */
const MONTH_DAY = new RegExp(`(${PREP}(?:\\b${WEEKDAY},?\\s+)?)(?<![\\w/.$€£])(\\d{1,2})/(\\d{1,2})(?![\\w/%])`, "gi");

export interface Found {
  start: number;
  end: number;
}

function* all(re: RegExp, text: string) {
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) re.lastIndex++;
    else yield m;
  }
}

/** Dates in a text, with a preposition before them when there is one ("on March 3"). */
export function findDates(text: string): Found[] {
  const out: Found[] = [];
  for (const re of DATE_RES) for (const m of all(re, text)) out.push({ start: m.index, end: m.index + m[0].length });
  for (const m of all(MONTH_DAY, text)) {
    const month = +m[2]!;
    const day = +m[3]!;
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    const cue = m[1]!.trim() !== "" || /\b(?:signed|closed|due|week of)\s+$/i.test(text.slice(0, m.index));
    if (!cue && day <= 12) continue; // "1/2", "3/4": a fraction as likely as a date
    out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ── Amounts ───────────────────────────────────────────────────────────────────────────────────

const CODES = "USD|EUR|GBP|CAD|AUD|NZD|CHF|SGD|HKD|AED|SAR|MXN|BRL|MAD|SEK|DKK|NOK|PLN|CZK|JPY|CNY|INR|ZAR|NGN|KES|GHS|MSEK|MDKK|MNOK";
const WORDS = "dollars|euros|pounds|quid|kronor|kroner|kr|dirhams|pesos|rupees|yen|francs";
const NUM = "\\d{1,3}(?:[,.\\u00a0 ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d+)?";
const SCALE = "(?:\\s?(?:[kKmM]\\b|million\\b|thousand\\b|bn\\b|grand\\b))?";
// Regexes, not compromise's money(): it misses "S$150,000", "AED 380,000", "540,000 MAD" and
// "sixty-four grand", and reads "twenty-two thousand pounds" as "thousand".
const AMOUNT_RES = [
  new RegExp(`(?:\\b[A-Z]{1,3}\\$|[$€£¥₹]|\\b(?:${CODES})\\s?)\\s?(?:${NUM})${SCALE}(?:\\s?(?:${CODES})\\b)?`, "g"),
  new RegExp(`(?:[$€£¥]\\s?)?\\b(?:${NUM})${SCALE}\\s?(?:${CODES}|${WORDS})\\b`, "gi"),
  /\b\d+(?:\.\d+)?\s?(?:[kK]|million|thousand|grand)\b/g,
  /\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b/g,
  /\b\d{4,8}(?:\.\d+)?\b/g,
];
const AFTER_WORDS = new RegExp(`^(?:\\s+(?:grand|thousand|k\\b|million))?(?:\\s+(?:${CODES}|${WORDS})\\b)?`, "i");

/** Amounts in a text: figures with or without a currency, and amounts in words ("sixty-four grand"). */
export function findAmounts(text: string): Found[] {
  const out: Found[] = [];
  for (const re of AMOUNT_RES)
    for (const m of all(re, text)) {
      if (/^\d{4}$/.test(m[0]) && +m[0] >= 1900 && +m[0] <= 2100) continue; // a year, not an amount
      out.push({ start: m.index, end: m.index + m[0].length });
    }
  // Written-out numbers: compromise reads their value ("one hundred and thirty-five thousand").
  if (/\b(?:thousand|grand|million|hundred)\b/i.test(text)) {
    for (const n of nlp(text).numbers().json({ offset: true }) as { text: string; offset: { start: number; length: number } }[]) {
      // compromise may join a figure before it ("Feb 20, one hundred and …"): keep the words.
      const lead = /^[^a-z]*/i.exec(n.text)![0].length;
      const words = n.text.slice(lead).replace(/[\s,.]+(?:a|an|per|the)[\s,.]*$/i, "").replace(/[\s,.;:]+$/, "");
      if (!/[a-z]/i.test(words) || /\d/.test(words)) continue;
      const start = n.offset.start + lead;
      const tail = AFTER_WORDS.exec(text.slice(start + words.length))?.[0] ?? "";
      const value = parseAmount(words + tail)?.value ?? 0;
      if (value >= 1000) out.push({ start, end: start + words.length + tail.length });
    }
  }
  return out;
}

const BOUNDS = [1e3, 2.5e3, 5e3, 1e4, 2.5e4, 5e4, 1e5, 2.5e5, 5e5, 1e6, 2.5e6, 5e6, 1e7, 2.5e7, 5e7, 1e8];

function compact(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(n);
}

const SYMBOLS: [RegExp, string][] = [
  [/\$|\bUSD\b|\bdollars\b/i, "$"],
  [/€|\bEUR\b|\beuros\b/i, "€"],
  [/£|\bGBP\b|\bpounds\b|\bquid\b/i, "£"],
  [/¥|\bJPY\b|\byen\b/i, "¥"],
];

export function parseAmount(text: string): { value: number; symbol: string } | null {
  const prefixed = /\b([A-Z]{1,3})\$/.exec(text)?.[1];
  const code = new RegExp(`\\b(${CODES})\\b`).exec(text)?.[1]?.replace(/^M(?=[A-Z]{3})/, "");
  const symbol =
    prefixed && prefixed !== "US" ? `${prefixed}$` : code && !/^(USD|EUR|GBP|JPY)$/.test(code) ? `${code} ` : (SYMBOLS.find(([re]) => re.test(text))?.[1] ?? (/\bkr\b/i.test(text) ? "kr " : ""));
  let value: number;
  const num = new RegExp(NUM).exec(text);
  if (num) {
    const n = num[0].replace(/\u00a0/g, " ");
    // "540.000" and "320 000" group thousands like "540,000"; "1.9" and "2,5" are decimals.
    const grouped = /^\d{1,3}(?:[,. ]\d{3})+(?:[.,](\d{1,2}))?$/.exec(n);
    if (grouped) value = Number(n.slice(0, grouped[1] ? -grouped[1].length - 1 : undefined).replace(/[,. ]/g, "")) + (grouped[1] ? Number(`0.${grouped[1]}`) : 0);
    else value = Number(n.replace(",", "."));
  } else {
    const words = (nlp(text).numbers().get() as unknown[])[0];
    if (typeof words !== "number") return null;
    value = words;
  }
  if (/\d\s?[kK]\b|\bgrand\b/i.test(text) || (/thousand/i.test(text) && num)) value *= 1e3;
  else if (/\d\s?[mM]\b|million|\bM(?:SEK|DKK|NOK)\b/i.test(text) && num) value *= 1e6;
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
  const cjk = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/.exec(text);
  if (cjk) return withYear(cjk[1], +cjk[2]! - 1, +cjk[3]!, reference);
  const slashed = /(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?/.exec(text);
  if (slashed) {
    // Month first unless it cannot be ("20/11/2025" is day first).
    const [a, b] = [+slashed[1]!, +slashed[2]!];
    const [m, d] = a > 12 ? [b, a] : [a, b];
    return withYear(slashed[3], m - 1, d, reference);
  }
  const dotted = /(\d{1,2})\.(\d{1,2})\.(\d{2,4})/.exec(text);
  if (dotted) return withYear(dotted[3], +dotted[2]! - 1, +dotted[1]!, reference);
  const quarter = /\b([QH])([1-4])\s?(?:of\s+)?(?:FY\s?)?'?(\d{4}|\d{2})\b/.exec(text);
  if (quarter) return withYear(quarter[3], (+quarter[2]! - 1) * (quarter[1] === "Q" ? 3 : 6), 1, reference);
  const foreign = new RegExp(`(\\d{1,2})(?:er|º)?\\s+(?:de\\s+)?(${FOREIGN})(?:\\s+(?:de\\s+)?(\\d{4}))?`, "iu").exec(text);
  if (foreign) return withYear(foreign[3], FOREIGN_MONTHS[foreign[2]!.toLowerCase()]!, +foreign[1]!, reference);
  const day = `(\\d{1,2}|${ORDINAL})`;
  const monthFirst = new RegExp(`(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "i").exec(text);
  const dayFirst = new RegExp(`${day}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTHS})\\.?(?:,?\\s+(\\d{4}))?`, "i").exec(text);
  const monthYear = new RegExp(`(${MONTHS})\\.?\\s+(\\d{4})`, "i").exec(text);
  const parts = monthFirst
    ? { m: monthFirst[1]!, d: monthFirst[2]!, y: monthFirst[3] }
    : dayFirst
      ? { m: dayFirst[2]!, d: dayFirst[1]!, y: dayFirst[3] }
      : monthYear
        ? { m: monthYear[1]!, d: "1", y: monthYear[2] }
        : null;
  if (!parts) return null;
  const d = /^\d+$/.test(parts.d) ? +parts.d : ordinalValue(parts.d);
  return withYear(parts.y, MONTH_INDEX[parts.m.slice(0, 3).toLowerCase()]!, d, reference);
}

function ordinalValue(word: string): number {
  const w = word.toLowerCase();
  const [tens, unit] = w.split("-");
  if (unit) return (tens === "twenty" ? 20 : 30) + (ORDINAL_WORDS[unit] ?? 0);
  return ORDINAL_WORDS[w] ?? 1;
}

/** A date with its year, or without one: then the occurrence nearest the deal's start. */
function withYear(year: string | undefined, month: number, day: number, reference: Date): Date {
  if (year) return utc(+year < 100 ? 2000 + +year : +year, month, day);
  const candidates = [-1, 0, 1].map((dy) => utc(reference.getUTCFullYear() + dy, month, day));
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
