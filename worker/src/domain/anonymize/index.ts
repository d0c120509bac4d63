// Anonymization of deal texts before they become team practice material. Every identifying value
// is replaced with a consistent fictional stand-in: people and organisations (the lead's contact
// and company, the rep, and any others found by NLP), places, email addresses and domains, URLs,
// phone numbers, CRM ids; exact amounts become ranges and dates become "day N of the deal".
// Detection runs over all texts of one draft first, then replacement, so a stand-in never equals
// an original value and the same original gets the same stand-in in every field.
// The parts: detectors.ts finds the values, standIns.ts names the fictional people and companies,
// amountsDates.ts turns amounts into ranges and dates into moments of the deal.
import type { Replacements } from "@dq/shared";
import { amountRange, parseAmount, parseDate, relativeDate } from "./amountsDates.ts";
import {
  addressParts,
  type KnownValues,
  type Span,
  candidates,
  detect,
  digits,
  distinctiveOrgTokens,
  escapeRe,
  HONORIFIC,
  nameInAnyCase,
  nameTokens,
  norm,
  PROFILE_SITES,
} from "./detectors.ts";
import { FIRST, hashSeed, LAST, ORG, ORG_SUFFIX, PLACES, STREETS, shuffled } from "./standIns.ts";

export { amountRange, parseAmount, parseDate, relativeDate } from "./amountsDates.ts";
export type { KnownValues } from "./detectors.ts";
export { fictionalBuyer } from "./standIns.ts";

export interface AnonymizerOptions {
  /** Seeds the choice of stand-ins (e.g. the lead id), so a re-run picks the same ones. */
  seed: string;
  /** Dates become relative to this moment (when the deal started). */
  dealStart: Date;
  known: KnownValues;
  /** Suffix for organisation stand-ins ("Logistics", "Clinics"), to keep the story plausible. */
  orgSuffix?: string;
}

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
  private readonly addresses = new Map<string, string>();
  /** The leak check's pattern per original name (built once: drafts are checked field by field). */
  private readonly nameMatchers = new Map<string, RegExp>();
  private readonly domains = new Map<string, string>();
  private readonly phones = new Map<string, string>();
  private readonly emails = new Map<string, string>();
  private readonly originals = new Set<string>();
  private readonly originalTokens = new Set<string>();
  private readonly standIns = new Set<string>();
  private readonly counts: Replacements = { people: 0, organisations: 0, emails: 0, phones: 0, urls: 0, amounts: 0, dates: 0, ids: 0 };
  private readonly counted = new Set<string>();
  private pools: { first: string[]; last: string[]; org: string[]; place: string[]; street: string[] };
  private readonly orgSuffix: string;
  private readonly leadOrg: string | null;

  private readonly opts: AnonymizerOptions;

  constructor(opts: AnonymizerOptions) {
    this.opts = opts;
    const seed = hashSeed(opts.seed);
    this.pools = { first: shuffled(FIRST, seed), last: shuffled(LAST, seed + 1), org: shuffled(ORG, seed + 2), place: shuffled(PLACES, seed + 3), street: shuffled(STREETS, seed + 5) };
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
    let spans = texts.map((t) => detect(t, this.opts.known));
    // A name found in one text is known in all of them: "Priya Raman" in the approach makes
    // "Priya" in the notes a name too, and "Sanz" a part of a handle ("jsanz-dev").
    const k = this.opts.known;
    const people = new Set(k.people);
    const organisations = new Set(k.organisations);
    const NAMES = new Set(["person", "organisation", "place"]);
    const orgWords = new Set(k.organisations.flatMap((o) => distinctiveOrgTokens(o).map((t) => t.toLowerCase())));
    texts.forEach((text, i) => {
      // From all candidates, so "Earl Johnson" counts even where the company's "Johnson" won the
      // overlap; but not from a name that lost to an address, a date or an email.
      const otherKept = spans[i]!.filter((s) => !NAMES.has(s.kind));
      for (const s of candidates(text)) {
        if (otherKept.some((o) => s.start < o.end && o.start < s.end)) continue;
        // NLP may read a company as a person ("Grupo Levante Logística"): made of a known company's words, it stays a company.
        const tokens = nameTokens(s.text);
        if (s.kind === "person" && (s.priority >= 2.5 || tokens.length > 1) && !tokens.every((t) => orgWords.has(t.toLowerCase()))) people.add(s.text.replace(HONORIFIC, ""));
        if (s.kind === "organisation" && s.priority >= 2.5 && nameTokens(s.text).length > 1) organisations.add(s.text);
      }
    });
    if (people.size > k.people.length || organisations.size > k.organisations.length) {
      const wider = { ...k, people: [...people], organisations: [...organisations] };
      spans = texts.map((t) => detect(t, wider));
    }
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
        let re = this.nameMatchers.get(o);
        if (!re) {
          re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(o)}(?![\\p{L}\\p{N}])`, o.includes(" ") || nameInAnyCase(o) ? "iu" : "u");
          this.nameMatchers.set(o, re);
        }
        if (re.test(text)) found.push(o);
      } else if (lower.includes(o.toLowerCase())) found.push(o);
    }
    return found;
  }

  /** Replaces any leaked original with a neutral word (a safety net after composing a draft). */
  redactLeaks(text: string): string {
    let out = text;
    // Whole words only: the original "Retail" must not turn "a retailer" into "a Ironleaf Retailer".
    for (const o of this.leaks(text)) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(o)}(?![\\p{L}\\p{N}])`, "giu"), (m) => this.standInForLeak(m));
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
    if (s.kind === "address") for (const part of addressParts(s.text)) this.originals.add(part);
    if (s.kind === "person" || s.kind === "organisation" || s.kind === "place") {
      for (const t of nameTokens(s.text)) {
        this.originalTokens.add(t.toLowerCase());
        if (s.kind === "person" || (s.kind === "organisation" && distinctiveOrgTokens(s.text).includes(t)) || s.kind === "place") {
          if (t.length >= 3 && /^\p{Lu}/u.test(t)) this.originals.add(t);
        }
      }
    }
  }

  private replace(text: string, spans: Span[]): string {
    let out = "";
    let at = 0;
    let previous = "";
    for (const s of spans) {
      const gap = text.slice(at, s.start);
      let standIn = this.standIn(s);
      // "Volta Pay" as two spans would read "Kingsbridge Partners Kingsbridge Partners".
      if (standIn === previous && /^\s*$/.test(gap)) {
        at = s.end;
        continue;
      }
      // "Armstrong Health" → not "Quarrystone Health Health".
      const nextWord = /^\s+(\p{L}+)/u.exec(text.slice(s.end))?.[1];
      const lastWord = standIn.split(" ").at(-1)!;
      if (nextWord && standIn.includes(" ") && nextWord.toLowerCase() === lastWord.toLowerCase()) standIn = standIn.slice(0, -lastWord.length - 1);
      out += gap + standIn;
      previous = standIn;
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
        // "dami at lagosledger dot com" is dami@lagosledger.com.
        const key = s.text.toLowerCase().replace(/\s+(?:at|\[at\]|\(at\))\s+/, "@").replace(/\s+(?:dot|\[dot\]|\(dot\))\s+/g, ".");
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
        // A profile on a public site names a person by its path: the whole link goes.
        if (PROFILE_SITES.test(s.text.replace(/^https?:\/\//i, ""))) return "(profile link removed)";
        const host = s.text.replace(/^https?:\/\//i, "").split(/[/?#:]/)[0] ?? "";
        return `https://www.${this.domainFor(host)}`;
      }
      case "handle":
        this.count("urls", s.text);
        return s.text.startsWith("#") ? "#shared-channel" : "(handle removed)";
      case "ip":
        this.count("ids", s.text);
        return "(IP address removed)";
      case "address": {
        this.count("organisations", s.text);
        const key = norm(s.text);
        const v = this.addresses.get(key) ?? `${12 + 7 * this.addresses.size} ${this.pools.street[this.addresses.size % this.pools.street.length]!}`;
        this.addresses.set(key, v);
        return v;
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

