// The anonymizer judged by independent eyes (issue 13): 40 won-deal stories written by someone who
// had not read the anonymizer, each listing the substrings that must not survive into a draft.
// Every string of the draft (title, situation, buyer line, ideal response, rubric and pitfalls with their
// pushbacks and model follow-ups, the closing line) and the whole anonymized notes and approach (the
// situation quotes only their start) are searched.
import { Industry, Persona, type Rubric } from "@dq/shared";
import { describe, expect, it } from "vitest";
import stories from "../../../library/eval/pii-deals.json";
import { objectionKinds, withPushbacks } from "../pushbacks.ts";
import { type DealForScenario, dealAnonymizer, scenarioFromDeal } from "../scenarioFromDeal.ts";

interface Story {
  id: string;
  deal: DealForScenario;
  pii: string[];
}

/** What kind of identifying value a listed string is, for the per-kind leak count. */
function piiKind(v: string): string {
  if (/^\S+@\S+\.\w+$|\S\s+at\s+\S+\s+dot\s+\w/i.test(v)) return "email";
  if (/^\d{1,3}(?:\.\d{1,3}){3}(?:\/\d+)?$/.test(v)) return "ip address";
  if (/^[@#]\p{L}/u.test(v) || /^[a-z0-9]+(?:[-_.][a-z0-9]+)+$/.test(v)) return "handle or channel";
  if (/^(?:https?:\/\/)?(?:[\w-]+\.)+[a-z]{2,}(?:\/\S*)?$/i.test(v)) return "url or domain";
  if (/\b(?:Q[1-4]\s\d{4}|\d{4}-\d\d-\d\d|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*|juin|septiembre|Monday|Tuesday|Wednesday|Thursday|Friday|Thu|the \d+(?:st|nd|rd|th)|\w+th of)\b|年/i.test(v))
    return "date";
  if (/[$€£¥]|\b(?:USD|EUR|MAD|AED|MXN|MSEK|kr|thousand|grand|hundred|\d+(?:\.\d+)?k|\d+(?:\.\d+)?M)\b|a month|\/mo/i.test(v)) return "amount";
  if (/^\+?[\d\s().-]{9,}(?:\s*(?:x|ext\.?|Durchwahl)\s*-?\s*\d+)?$/i.test(v) && /[\s().-]/.test(v) && /^[+(0]|^\d{3}[-.]/.test(v)) return "phone";
  if (/\d.*\b(?:St|Street|Rd|Road|Ave|Av|Dr|Hwy|Lane|Box|Floor|Fl|Unit|Suite|Ste|Tower|Park|rue|Calle|Straße|gade|gatan|District|Lot)\b|\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b[A-Z]\d\d\s[A-Z\d]{4}\b|\bAbbey Lane|Хрещатик|Lê Thánh Tôn/u.test(v))
    return "street address or postcode";
  if (/\d/.test(v)) return "order, ticket, contract or tax number";
  return "name (person, company or place)";
}

/** A listed value found as a whole word (any case), so "Lan" is found in "Lan said" but not in "plan". */
function survives(text: string, value: string): boolean {
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "iu");
  return re.test(text);
}

function strings(x: unknown): string[] {
  if (typeof x === "string") return [x];
  if (Array.isArray(x)) return x.flatMap(strings);
  if (x && typeof x === "object") return Object.values(x).flatMap(strings);
  return [];
}

/** As stored: a persona or industry outside the vocabulary never reaches a lead (the API validates it). */
function asStored(deal: DealForScenario): DealForScenario {
  const persona = Persona.safeParse(deal.lead.persona).success ? deal.lead.persona : null;
  const industry = Industry.safeParse(deal.lead.industry).success ? deal.lead.industry : null;
  return { ...deal, lead: { ...deal.lead, persona, industry } };
}

describe("anonymizer on 40 independently written won deals", () => {
  const set = stories as unknown as Story[];

  it("has the 40 stories, each listing values that are really in its texts", () => {
    expect(set).toHaveLength(40);
    for (const s of set) {
      const text = `${s.deal.approach}\n${s.deal.outcome.notes ?? ""}`.toLowerCase();
      for (const v of s.pii) expect(text, `${s.id}: ${v}`).toContain(v.toLowerCase());
    }
  });

  it("lets none of their identifying values into a draft", () => {
    const leaks: string[] = [];
    const byKind = new Map<string, { total: number; leaked: number }>();
    let ms = 0;
    let conversations = 0;
    for (const s of set) {
      const deal = asStored(s.deal);
      const t0 = performance.now();
      const { draft } = scenarioFromDeal(deal);
      ms += performance.now() - t0;
      if (draft.closingLine) conversations++;
      const { notes, approach } = dealAnonymizer(deal);
      const fields = [...strings(draft), notes, approach];
      for (const v of s.pii) {
        const kind = piiKind(v);
        const tally = byKind.get(kind) ?? { total: 0, leaked: 0 };
        tally.total++;
        const where = fields.find((f) => survives(f, v));
        if (where !== undefined) {
          tally.leaked++;
          leaks.push(`${s.id} [${kind}] ${v}  ⟵  ${where}`);
        }
        byKind.set(kind, tally);
      }
    }
    const total = [...byKind.values()].reduce((n, t) => n + t.total, 0);
    console.log(
      `PII leaks: ${leaks.length} of ${total} values; ${(ms / set.length).toFixed(1)} ms per draft; ${conversations} drafts with pushbacks\n` +
        [...byKind].map(([k, t]) => `  ${k}: ${t.leaked} of ${t.total}`).join("\n"),
    );
    expect(leaks).toEqual([]);
  }, 120_000);

  it("lets none into pushbacks, model follow-ups or closing lines, even if every objection had been raised", () => {
    // Few of these stories show an objection, so most drafts stay one-turn: here every key point that could
    // answer one gets its lines, as the deal's draft would compose them.
    const leaks: string[] = [];
    let lines = 0;
    for (const s of set) {
      const deal = asStored(s.deal);
      const { draft } = scenarioFromDeal(deal);
      const { a } = dealAnonymizer(deal);
      const talking = withPushbacks({ ...draft, rubric: draft.rubric.map(({ pushback: _p, idealFollowUp: _f, ...k }) => k) }, [...objectionKinds], { clean: (t) => a.redactLeaks(t) });
      const added = [talking.closingLine ?? "", ...(talking.rubric as Rubric).flatMap((k) => [k.pushback ?? "", k.idealFollowUp ?? ""]), ...talking.pitfalls.map((p) => p.pushback ?? "")].filter(Boolean);
      lines += added.length;
      for (const v of s.pii) for (const t of added) if (survives(t, v)) leaks.push(`${s.id} ${v}  ⟵  ${t}`);
    }
    expect(lines).toBeGreaterThan(40);
    expect(leaks).toEqual([]);
  }, 120_000);
});
