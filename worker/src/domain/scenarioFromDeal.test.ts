import { faker } from "@faker-js/faker";
import { describe, expect, it } from "vitest";
import { LibraryScenario, Rubric, DAY_MS } from "@dq/shared";
import { Anonymizer, amountRange, parseDate, relativeDate } from "./anonymize/index.ts";
import { type DealForScenario, deriveDifficulty, inferCategory, scenarioFromDeal, splitLeadName } from "./scenarioFromDeal.ts";
import { pushbackFor } from "./pushbacks.ts";
import { followUpScores } from "./pushbacks.test-helpers.ts";
import { scoreResponse } from "./scoring.ts";

const GENERIC = new Set(["inc", "llc", "group", "and", "sons", "ltd", "co", "corp", "the"]);

interface Generated {
  deal: DealForScenario;
  /** Every original value that must not survive, with how to look for it. */
  originals: { value: string; kind: "token" | "text" }[];
  contactFirst: string;
}

const usDate = (d: Date) => d.toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });

/** One realistic won deal with its notes and approach, full of identifying values. */
function generateDeal(i: number): Generated {
  const contactFirst = faker.person.firstName();
  const contactLast = faker.person.lastName();
  const contact = `${contactFirst} ${contactLast}`;
  const company = faker.company.name();
  const competitor = faker.company.name();
  const referenceCustomer = faker.company.name();
  const cfoFirst = faker.person.firstName();
  const cfoLast = faker.person.lastName();
  const cfo = `${cfoFirst} ${cfoLast}`;
  const repFirst = faker.person.firstName();
  const repLast = faker.person.lastName();
  const domain = faker.internet.domainName();
  const email = faker.internet.email({ firstName: contactFirst, lastName: contactLast, provider: domain }).toLowerCase();
  const cfoEmail = faker.internet.email({ firstName: cfoFirst, lastName: cfoLast, provider: domain }).toLowerCase();
  const phone = faker.phone.number({ style: i % 2 ? "national" : "international" });
  const url = `${faker.internet.url({ appendSlash: false })}/${faker.word.noun()}`;
  const amount = faker.number.int({ min: 4_000, max: 900_000 });
  const discount = faker.number.int({ min: 1_000, max: 50_000 });
  const externalId = faker.string.numeric(9);
  const created = faker.date.between({ from: "2026-01-01T00:00:00Z", to: "2026-06-01T00:00:00Z" });
  const closed = new Date(created.getTime() + faker.number.int({ min: 5, max: 160 }) * DAY_MS);
  const meetingDay = new Date(created.getTime() + faker.number.int({ min: 2, max: 30 }) * DAY_MS);
  const amountText = i % 3 === 0 ? `$${amount.toLocaleString("en-US")}` : i % 3 === 1 ? `USD ${amount}` : `${(amount / 1000).toFixed(1)}k dollars`;

  const sentences = [
    `Intro call with ${contact} from ${company} on ${usDate(meetingDay)}.`,
    `${contactFirst} said "Honestly, ${amountText} is more than we budgeted and ${competitor} is cheaper."`,
    `Their CFO ${cfo} joined the second meeting and asked about security and timing.`,
    `Sent the proposal to ${email} and ${cfoEmail}, then called ${contactFirst} at ${phone}.`,
    `They kept comparing us with ${competitor}; we walked through ${url} together on ${meetingDay.toISOString().slice(0, 10)}.`,
    `Opportunity ${externalId} in the CRM, signed ${usDate(closed)}.`,
  ];
  const notes = faker.helpers.shuffle(sentences.slice(1)).slice(0, 4 + (i % 2));
  notes.unshift(sentences[0]!);
  const approach =
    i % 2 === 0
      ? `I tied the proposal to ${contactFirst}'s quarterly goal, brought a customer reference from ${referenceCustomer}, and agreed a dated mutual action plan with ${cfo}. We offered a ${discount.toLocaleString("en-US")} dollar discount in exchange for a two-year term.`
      : `Acknowledged the budget concern, walked ${cfo} through the ROI model with their own numbers, then offered a scoped pilot for one team at ${company} before the full rollout on ${usDate(closed)}.`;

  const repEmail = `${repFirst}.${repLast}@northwind.example`.toLowerCase();
  const deal: DealForScenario = {
    lead: {
      id: `ld_${faker.string.alphanumeric(24).toLowerCase()}`,
      name: `${contact} — ${company}`,
      company,
      stage: "Closed Won",
      amount,
      currency: "USD",
      url,
      externalId,
      persona: i % 4 === 0 ? null : faker.helpers.arrayElement(["procurement", "executive", "enterprise_buyer", "technical_evaluator"] as const),
      industry: faker.helpers.arrayElement(["saas", "logistics", "healthcare", null] as const),
      createdAt: created.toISOString(),
      closedAt: closed.toISOString(),
    },
    outcome: { strategy: "business_case", tactics: faker.helpers.arrayElements(["customer_reference", "roi_calculator", "mutual_action_plan", "discount", "free_trial"], 2), notes: notes.join(" "), closedAt: closed.toISOString() },
    rep: { name: `${repFirst} ${repLast}`, email: repEmail },
    colleagues: [],
    approach,
  };

  const tokens = (name: string) => name.split(/[\s,.-]+/).filter((t) => t.length >= 3 && /^[A-Z]/.test(t) && !GENERIC.has(t.toLowerCase()));
  const originals: Generated["originals"] = [];
  for (const name of [contact, cfo, `${repFirst} ${repLast}`, company, competitor, referenceCustomer]) {
    originals.push({ value: name, kind: "text" });
    for (const t of tokens(name)) originals.push({ value: t, kind: "token" });
  }
  for (const v of [email, cfoEmail, repEmail, domain, url, phone, externalId, amountText, amount.toLocaleString("en-US"), String(amount), discount.toLocaleString("en-US"), usDate(meetingDay), usDate(closed), meetingDay.toISOString().slice(0, 10)]) {
    originals.push({ value: v, kind: "text" });
  }
  return { deal, originals, contactFirst };
}

function draftText(d: ReturnType<typeof scenarioFromDeal>["draft"]): string {
  return [
    d.title,
    d.situation,
    d.buyerLine,
    d.idealResponse,
    d.closingLine ?? "",
    ...d.rubric.flatMap((k) => [k.id, k.point, k.tip, ...k.phrases, ...k.synonyms, k.pushback ?? "", k.idealFollowUp ?? ""]),
    ...d.pitfalls.map((p) => p.pushback ?? ""),
  ].join("\n");
}

function survives(text: string, o: Generated["originals"][number]): boolean {
  if (o.kind === "token") return new RegExp(`(?<![\\p{L}\\p{N}])${o.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}\\p{N}])`, "u").test(text);
  return text.toLowerCase().includes(o.value.toLowerCase());
}

/** A small won deal with these notes, approach and tactics (an owner-run logistics company). */
function won(o: { notes: string; approach: string; tactics: string[] }): DealForScenario {
  return {
    lead: { id: "ld_price1", name: "Maria Gonzalez — Harbor Logistics", company: "Harbor Logistics", stage: "won", amount: 18_000, currency: "USD", url: null, externalId: "94718345", persona: "smb_owner", industry: "logistics", createdAt: "2026-02-20T10:00:00.000Z", closedAt: "2026-03-30T10:00:00.000Z" },
    outcome: { strategy: "business_case", tactics: o.tactics, notes: o.notes, closedAt: "2026-03-30T10:00:00.000Z" },
    rep: { name: "Riley Rep", email: "riley@northwind.example" },
    colleagues: [],
    approach: o.approach,
  };
}

describe("scenario from a won deal", () => {
  faker.seed(20261124);
  const cases = Array.from({ length: 60 }, (_, i) => generateDeal(i));

  it("lets no original value survive in any field, across 60 generated deals", () => {
    const leaks: string[] = [];
    for (const c of cases) {
      const { draft } = scenarioFromDeal(c.deal);
      const text = draftText(draft);
      for (const o of c.originals) if (survives(text, o)) leaks.push(`${o.value}  ⟵  ${text}`);
    }
    expect(leaks).toEqual([]);
  }, 120_000);

  it("still reads as a coherent scenario", () => {
    for (const c of cases) {
      const { draft, replacements } = scenarioFromDeal(c.deal);
      // The shape the library requires of any scenario.
      const parsed = LibraryScenario.safeParse({ ...draft, industry: draft.industry ?? undefined });
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      expect(Rubric.safeParse(draft.rubric).success).toBe(true);
      // The rep's own approach covers its own rubric: the scenario is answerable as written.
      const scored = scoreResponse({ response: draft.idealResponse, buyerLine: draft.buyerLine, idealResponse: draft.idealResponse, rubric: draft.rubric });
      expect(scored.score, draft.idealResponse).toBeGreaterThanOrEqual(70);
      expect(draft.rubric.length).toBeGreaterThanOrEqual(2);
      // Plain sentences: no placeholders, no broken spacing, sentences end properly.
      for (const field of [draft.situation, draft.buyerLine, draft.idealResponse]) {
        expect(field).not.toMatch(/undefined|null|\[object|\s{2,}|\s[,.;]/);
        expect(field.trim()).toMatch(/[.!?…)"”]$/);
      }
      // The contact has one consistent stand-in: named in the situation, and the same first name wherever the notes spoke of them.
      const standIn = /^(\p{Lu}\p{Ll}+) \p{Lu}\p{Ll}+ is /u.exec(draft.situation)?.[1];
      expect(standIn, draft.situation).toBeTruthy();
      if (c.deal.outcome.notes!.includes(`${c.contactFirst} said`)) expect(draft.situation + draft.buyerLine).toContain(standIn!);
      expect(replacements.people).toBeGreaterThanOrEqual(2);
      expect(replacements.organisations).toBeGreaterThanOrEqual(1);
      if (c.deal.outcome.notes!.includes("@")) expect(replacements.emails).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);

  it("takes the buyer's words from the notes when they were quoted, and the approach as the ideal answer", () => {
    const c = cases.find((x) => x.deal.outcome.notes!.includes(" said \""))!;
    const { draft } = scenarioFromDeal(c.deal);
    expect(draft.buyerLine).toMatch(/^Honestly, .* is more than we budgeted and .* is cheaper\.$/);
    expect(draft.buyerLine).toMatch(/\$\d+(\.\d)?k–\$\d+(\.\d)?k|\$\d+(\.\d)?M|under \$1k/);
    expect(draft.idealResponse.split(" ").length).toBeGreaterThan(15);
  });

  it("derives category and difficulty from the deal", () => {
    expect(inferCategory("Walked them through the ROI and held the price; offered a small discount for a longer term.", "", [], null)).toBe("pricing");
    expect(inferCategory("Turned their 'send me info' into a demo booked for Tuesday.", "", [], null)).toBe("meeting_booking");
    expect(inferCategory("Kept it short.", "", ["mutual_action_plan"], null)).toBe("closing");
    expect(deriveDifficulty({ cycleDays: 10, amount: 5_000, objections: 0, stakeholders: 1 })).toBe("easy");
    expect(deriveDifficulty({ cycleDays: 60, amount: 40_000, objections: 1, stakeholders: 2 })).toBe("medium");
    expect(deriveDifficulty({ cycleDays: 120, amount: 250_000, objections: 3, stakeholders: 5 })).toBe("hard");
  });

  it("holds a conversation when the deal shows objections: pushbacks whose model follow-ups score as strong answers", () => {
    let conversations = 0;
    const weak: string[] = [];
    for (const c of cases) {
      const { draft } = scenarioFromDeal(c.deal);
      // Every generated deal's notes carry the buyer's budget worry, a competitor, or security and timing.
      const pushed = draft.rubric.filter((k) => k.pushback);
      if (pushed.length === 0) continue;
      conversations++;
      expect(pushed.every((k) => k.idealFollowUp), draft.slug).toBe(true);
      expect(draft.closingLine, draft.slug).toBeTruthy();
      for (const s of followUpScores(draft)) if (s.score < 70) weak.push(`${draft.slug}/${s.target}: ${s.score}`);
    }
    expect(conversations).toBeGreaterThanOrEqual(cases.length * 0.9);
    expect(weak).toEqual([]);
  }, 120_000);

  it("pushes back on the key point that answers a price objection, in the buyer's persona", () => {
    const priced = won({
      notes: 'Maria said "Honestly, this is more than we budgeted for this year."',
      approach: "I built an ROI model with their own numbers that showed payback in seven months, and offered a scoped pilot for one team.",
      tactics: ["roi_calculator"],
    });
    const { draft } = scenarioFromDeal(priced);
    const roi = draft.rubric.find((k) => /roi model/i.test(k.point))!;
    expect(roi.pushback).toBe(pushbackFor("price", "smb_owner"));
    expect(roi.idealFollowUp).toMatch(/^Fair question.* Let me build an ROI model with your own numbers/);
    expect(draft.closingLine).toMatch(/cost easier to defend/);
    expect(followUpScores(draft).every((s) => s.score >= 70)).toBe(true);
    // Only templates and the draft's own (anonymized) words: the deal's names stay out of the new lines.
    expect([roi.pushback, roi.idealFollowUp, draft.closingLine].join(" ")).not.toMatch(/Maria|Harbor/);
  });

  it("stays one-turn when the deal says nothing about objections", () => {
    const quiet = won({
      notes: "Met at a trade show. The demo went well and the team liked the reporting.",
      approach: "Sent a personalised email about their expansion, then booked a tailored demo of the two workflows they mentioned.",
      tactics: ["personalized_email", "live_demo"],
    });
    const { draft } = scenarioFromDeal(quiet);
    expect(draft.rubric.some((k) => k.pushback || k.idealFollowUp)).toBe(false);
    expect(draft.pitfalls.some((p) => p.pushback)).toBe(false);
    expect(draft.closingLine).toBeUndefined();
  });

  it("reads people and companies out of CRM record names", () => {
    expect(splitLeadName("Maria Gonzalez — Acme Corp", "Acme Corp")).toEqual({ people: ["Maria Gonzalez"], organisations: [] });
    expect(splitLeadName("Harbor Logistics - renewal 2026", "Harbor Logistics")).toEqual({ people: [], organisations: ["renewal 2026"] });
  });
});

describe("anonymizer details", () => {
  const start = new Date("2026-03-02T00:00:00Z");

  it("turns exact amounts into ranges and dates into moments of the deal", () => {
    expect(amountRange(48_500, "$")).toBe("$25k–$50k");
    expect(amountRange(120_000, "€")).toBe("€100k–€250k");
    expect(amountRange(700, "$")).toBe("under $1k");
    expect(relativeDate(parseDate("March 14", start)!, start, "on")).toBe("on day 13 of the deal");
    expect(relativeDate(parseDate("2026-04-20", start)!, start, null)).toBe("in week 8 of the deal");
    expect(relativeDate(parseDate("02/20/2026", start)!, start, "on")).toBe("10 days before the deal started");
  });

  it("keeps one stand-in per person across texts, including first-name-only mentions", () => {
    const a = new Anonymizer({ seed: "x", dealStart: start, known: { people: ["Maria Gonzalez"], organisations: ["Kuhn, Lind and Rowe"], emails: [], urls: [], phones: [], ids: [] } });
    const [one, two] = a.scrubAll(["Maria liked it. Kuhn is slow to decide.", "Maria Gonzalez of Kuhn, Lind and Rowe signed; mail maria.gonzalez@kuhn-lind.com or call +1 (415) 555-2671."]);
    const full = /^(\p{Lu}\p{Ll}+) (\p{Lu}\p{Ll}+) of (.+?) signed/u.exec(two!)!;
    expect(one).toBe(`${full[1]} liked it. ${full[3]} is slow to decide.`);
    expect(two).not.toMatch(/Maria|Gonzalez|Kuhn|Lind|Rowe|415|2671/);
    expect(two).toMatch(new RegExp(`${full[1]!.toLowerCase()}\\.${full[2]!.toLowerCase()}@\\w+\\.example`));
    // Counted per person and organisation, not per mention.
    expect(a.replacements).toMatchObject({ people: 1, organisations: 1, emails: 1, phones: 1 });
  });

  it("finds people and organisations no field named, with NLP", () => {
    const a = new Anonymizer({ seed: "y", dealStart: start, known: { people: [], organisations: [], emails: [], urls: [], phones: [], ids: [] } });
    const out = a.scrub("Their CFO Dr. Ezekiel Hartmann looped in Tressa Kuhlman; Gleichner LLC is the incumbent and Schmidt Inc bid too.");
    expect(out).not.toMatch(/Ezekiel|Hartmann|Tressa|Kuhlman|Gleichner|Schmidt/);
    expect(out).toMatch(/^Their CFO Dr\. \p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ looped in/u);
  });
});
