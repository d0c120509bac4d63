// Amounts and dates of a deal text as what a practice scenario may say of them: an exact amount
// becomes a range ("$25k–$50k"), a calendar date a moment of the deal ("in week 3 of the deal").
import { DAY_MS } from "@dq/shared";

export const MONTHS = "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";

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
