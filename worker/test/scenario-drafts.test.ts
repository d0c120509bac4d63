// A won deal becomes a reviewed, published team scenario a teammate can practise; the casebook and
// company knowledge become drafts on the schedule.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestTeam, call, createTeam, uniq } from "./helpers.ts";

const NOTES =
  'Intro call with Maria Gonzalez (maria.gonzalez@harborlogistics.com, +1 (415) 555-2671) on March 3. Her CFO Ezekiel Hartmann joined the second call. Maria said "Honestly, $48,500 is more than we budgeted and Crestline Systems quoted less." See https://harborlogistics.com/rfp-2026.';
const APPROACH =
  "I tied the proposal to Maria's quarterly on-time delivery goal, brought a customer reference from a carrier of their size, and agreed a dated mutual action plan with Ezekiel Hartmann before the board meeting.";
const ORIGINALS = ["Maria", "Gonzalez", "Harbor", "harborlogistics", "Ezekiel", "Hartmann", "Crestline", "555-2671", "48,500", "Riley Rep", "Quinn Rep", "March 3", "94718345"];

async function wonDeal(team: TestTeam, over: Record<string, unknown> = {}) {
  const lead = await call("PUT", "/v1/leads", {
    token: team.rep.token,
    body: { crm: "sandbox", externalId: uniq("9471834"), name: "Maria Gonzalez — Harbor Logistics", company: "Harbor Logistics", amount: 48500, currency: "USD", persona: "procurement", industry: "logistics", url: "https://crm.example/deals/94718345", createdAt: "2026-02-20T10:00:00.000Z", ...over },
  });
  expect(lead.status).toBe(200);
  const id = lead.json.lead.id as string;
  const out = await call("POST", `/v1/leads/${id}/outcomes`, {
    token: team.rep.token,
    body: { responded: true, meetingBooked: true, result: "won", strategy: "business_case", tactics: ["customer_reference", "mutual_action_plan"], winningApproach: APPROACH, notes: NOTES, closedAt: "2026-04-10T10:00:00.000Z" },
  });
  expect(out.status).toBe(201);
  return id;
}

function allText(s: { title: string; situation: string; buyerLine: string; idealResponse: string; rubric: { point: string; tip: string; phrases: string[]; synonyms: string[] }[] }) {
  return [s.title, s.situation, s.buyerLine, s.idealResponse, ...s.rubric.flatMap((k) => [k.point, k.tip, ...k.phrases, ...k.synonyms])].join("\n");
}

describe("a won deal becomes a team scenario", () => {
  let team: TestTeam;
  let other: TestTeam;
  let leadId: string;
  let draft: any;

  beforeAll(async () => {
    team = await createTeam();
    other = await createTeam();
    leadId = await wonDeal(team);
  });

  it("drafts an anonymized scenario with consent, and awards support XP", async () => {
    expect((await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { token: team.rep.token, body: { consent: false } })).status).toBe(400);
    expect((await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { token: team.rep.token, body: {} })).status).toBe(400);
    expect((await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { token: team.rep2.token, body: { consent: true } })).status).toBe(404);
    expect((await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { token: other.rep.token, body: { consent: true } })).status).toBe(404);
    expect((await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { body: { consent: true } })).status).toBe(401);

    const before = (await call("GET", "/v1/me", { token: team.rep.token })).json.xp;
    const res = await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { token: team.rep.token, body: { consent: true } });
    expect(res.status, res.text).toBe(201);
    draft = res.json.scenario;
    expect(draft).toMatchObject({ source: "deal", status: "draft", teamId: team.teamId, authorId: team.rep.id, leadId, persona: "procurement", industry: "logistics" });
    const text = allText(draft);
    for (const o of ORIGINALS) expect(text, o).not.toContain(o);
    expect(draft.situation).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ is the procurement lead at .+, a logistics company\. The deal is worth \$25k–\$50k and took about 7 weeks from first contact to signature\./u);
    expect(draft.buyerLine).toMatch(/^Honestly, \$25k–\$50k is more than we budgeted and .+ quoted less\.$/);
    expect(draft.idealResponse).toMatch(/^I tied the proposal to \p{Lu}\p{Ll}+'s quarterly on-time delivery goal/u);
    expect(draft.rubric.length).toBeGreaterThanOrEqual(2);
    expect(res.json.replacements).toMatchObject({ people: expect.any(Number), emails: 1, phones: 1, urls: 1, amounts: 1, dates: 1 });
    expect(res.json.xp.awarded).toBe(15);
    const after = (await call("GET", "/v1/me", { token: team.rep.token })).json.xp;
    expect(after.support).toBe(before.support + 15);

    const outcome = await env.DB.prepare("SELECT scenario_consent FROM outcomes WHERE lead_id = ?").bind(leadId).first<{ scenario_consent: number }>();
    expect(outcome!.scenario_consent).toBe(1);
    // Once per deal.
    expect((await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { token: team.rep.token, body: { consent: true } })).status).toBe(409);
  });

  it("only a won deal, and only with an approach to learn from", async () => {
    const open = await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "sandbox", externalId: uniq("open") } });
    const notWon = await call("POST", `/v1/leads/${open.json.lead.id}/scenario-drafts`, { token: team.rep.token, body: { consent: true, winningApproach: "A long enough approach to learn from, honestly." } });
    expect(notWon.status).toBe(409);
    await env.DB.prepare("UPDATE leads SET status = 'won' WHERE id = ?").bind(open.json.lead.id).run();
    const noApproach = await call("POST", `/v1/leads/${open.json.lead.id}/scenario-drafts`, { token: team.rep.token, body: { consent: true } });
    expect(noApproach.status).toBe(400);
    expect(noApproach.json.error.issues[0].path).toEqual(["winningApproach"]);
  });

  it("keeps drafts inside the team: the author and managers see it, teammates and other teams do not", async () => {
    const queue = await call("GET", "/v1/team/scenario-drafts", { token: team.manager.token });
    expect(queue.status).toBe(200);
    expect(queue.json.drafts.map((d: { id: string }) => d.id)).toContain(draft.id);
    expect(queue.json.drafts.find((d: { id: string }) => d.id === draft.id).authorName).toBe("Riley Rep");
    expect((await call("GET", "/v1/team/scenario-drafts", { token: team.rep.token })).status).toBe(403);
    expect((await call("GET", "/v1/me/scenario-drafts", { token: team.rep.token })).json.drafts.map((d: { id: string }) => d.id)).toEqual([draft.id]);
    expect((await call("GET", "/v1/me/scenario-drafts", { token: team.rep2.token })).json.drafts).toEqual([]);
    expect((await call("GET", "/v1/team/scenario-drafts", { token: other.manager.token })).json.drafts).toEqual([]);

    expect((await call("GET", `/v1/scenarios/${draft.id}`, { token: team.rep2.token })).status).toBe(404);
    expect((await call("GET", `/v1/scenarios/${draft.id}`, { token: other.manager.token })).status).toBe(404);
    expect((await call("GET", "/v1/scenarios?status=draft", { token: team.manager.token })).json.scenarios.map((s: { id: string }) => s.id)).toContain(draft.id);
    expect((await call("GET", "/v1/scenarios?status=draft", { token: other.manager.token })).json.scenarios).toEqual([]);
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep2.token, body: { title: "Mine now" } })).status).toBe(404);
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: other.manager.token, body: { title: "Mine now" } })).status).toBe(404);
    expect((await call("POST", `/v1/scenarios/${draft.id}/publish`, { token: other.manager.token })).status).toBe(404);
  });

  it("edits: validated, by the author or a manager; the library is read-only", async () => {
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: {} })).status).toBe(400);
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { difficulty: "brutal" } })).status).toBe(400);
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { rubric: [] } })).status).toBe(400);
    const badPitfall = { id: "Bad Id", move: "x", penalty: 9, phrases: [], why: "no" };
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { pitfalls: [badPitfall] } })).status).toBe(400);
    const pitfalls = [{ id: "caves_on_price", move: "Caving on price", penalty: 3, phrases: ["fine, 10% off"], why: "A discount without a trade teaches the buyer to push." }];
    const withPitfalls = await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { pitfalls } });
    expect(withPitfalls.status).toBe(200);
    expect(withPitfalls.json.scenario.pitfalls).toEqual(pitfalls);
    const edited = await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { title: "Procurement pushes back on a logistics renewal", difficulty: "hard" } });
    expect(edited.status).toBe(200);
    expect(edited.json.scenario).toMatchObject({ title: "Procurement pushes back on a logistics renewal", difficulty: "hard", status: "draft", situation: draft.situation });

    const lib = await env.DB.prepare("SELECT id FROM scenarios WHERE team_id IS NULL AND status = 'published' LIMIT 1").first<{ id: string }>();
    expect((await call("PATCH", `/v1/scenarios/${lib!.id}`, { token: team.manager.token, body: { title: "Our version" } })).status).toBe(403);
    expect((await call("POST", `/v1/scenarios/${lib!.id}/publish`, { token: team.manager.token })).status).toBe(403);
  });

  it("refuses to publish while the real deal's details are back in it", async () => {
    await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { buyerLine: "Maria Gonzalez says the price is too high for Harbor Logistics." } });
    const refused = await call("POST", `/v1/scenarios/${draft.id}/publish`, { token: team.rep.token });
    expect(refused.status).toBe(409);
    expect(refused.json.error.message).toMatch(/Maria Gonzalez|Harbor Logistics/);
    expect(refused.json.error.issues.every((i: { path: string[] }) => i.path[0] === "buyerLine")).toBe(true);
    await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { buyerLine: draft.buyerLine } });
  });

  it("is published by a manager, and a teammate practises it", async () => {
    const published = await call("POST", `/v1/scenarios/${draft.id}/publish`, { token: team.manager.token, idempotencyKey: uniq("pub") });
    expect(published.status, published.text).toBe(200);
    expect(published.json.scenario.status).toBe("published");
    expect((await call("POST", `/v1/scenarios/${draft.id}/publish`, { token: team.manager.token })).status).toBe(200);
    // Published: the author can no longer change it alone; managers can.
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.rep.token, body: { title: "Sneaky edit" } })).status).toBe(403);

    const pool = await call("GET", "/v1/scenarios?source=deal", { token: team.rep2.token });
    expect(pool.json.scenarios.map((s: { id: string }) => s.id)).toEqual([draft.id]);
    const attempt = await call("POST", "/v1/training/attempts", { token: team.rep2.token, body: { scenarioId: draft.id, response: draft.idealResponse, durationSec: 120 } });
    expect(attempt.status).toBe(201);
    expect(attempt.json.score).toBeGreaterThanOrEqual(70);
    // Another team's pool never has it.
    expect((await call("GET", "/v1/scenarios?source=deal", { token: other.rep.token })).json.scenarios).toEqual([]);
    expect((await call("POST", "/v1/training/attempts", { token: other.rep.token, body: { scenarioId: draft.id, response: "hi", durationSec: 5 } })).status).toBe(404);
    // And it is recommended to teammates, from a real win on the team.
    const recs = await call("GET", "/v1/me/recommendations?limit=50", { token: team.rep.token });
    expect(recs.json.recommendations.find((r: { scenario: { id: string } }) => r.scenario.id === draft.id)?.reason).toMatch(/from a real win on your team/);
  });

  it("refuses a manager's edit that puts the real deal's details into the published scenario, in any case", async () => {
    const before = (await call("GET", `/v1/scenarios/${draft.id}`, { token: team.manager.token })).json;
    expect(before.status).toBe("published");
    for (const body of [
      { buyerLine: "maria gonzalez says the price is too high." },
      { situation: "You met maria at harbor after the pilot." },
      { title: "The Hartmann renewal" },
    ]) {
      const refused = await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body });
      expect(refused.status, JSON.stringify(body)).toBe(409);
      expect(refused.json.error.code).toBe("conflict");
      expect(refused.json.error.issues.every((i: { path: string[] }) => i.path[0] === Object.keys(body)[0])).toBe(true);
    }
    const after = (await call("GET", `/v1/scenarios/${draft.id}`, { token: team.manager.token })).json;
    expect(after).toMatchObject({ title: before.title, situation: before.situation, buyerLine: before.buyerLine, status: "published" });
    // A clean edit goes through.
    const fine = await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body: { title: "A renewal that stalls on price" } });
    expect(fine.status, fine.text).toBe(200);
    expect(fine.json.scenario.title).toBe("A renewal that stalls on price");
  });

  it("refuses to publish a draft that mentions the deal's names in lower case", async () => {
    const id = await wonDeal(team);
    const made = await call("POST", `/v1/leads/${id}/scenario-drafts`, { token: team.rep.token, body: { consent: true } });
    expect(made.status, made.text).toBe(201);
    const d = made.json.scenario;
    await call("PATCH", `/v1/scenarios/${d.id}`, { token: team.rep.token, body: { buyerLine: "met maria at harbor, she wants a discount." } });
    const refused = await call("POST", `/v1/scenarios/${d.id}/publish`, { token: team.rep.token });
    expect(refused.status).toBe(409);
    expect(refused.json.error.issues.every((i: { path: string[] }) => i.path[0] === "buyerLine")).toBe(true);
  });
});

describe("a drafted conversation: the buyer pushes back on the deal's objections, as the manager edited it", () => {
  it("drafts pushbacks from the deal's objections, a manager edits one, and a teammate's conversation hears the edit", async () => {
    const team = await createTeam();
    const leadId = await wonDeal(team);
    const made = await call("POST", `/v1/leads/${leadId}/scenario-drafts`, { token: team.rep.token, body: { consent: true } });
    expect(made.status, made.text).toBe(201);
    const draft = made.json.scenario;
    // The buyer said it was more than they budgeted and a rival quoted less: procurement pushes back on price.
    const pushed = draft.rubric.filter((k: { pushback?: string }) => k.pushback);
    expect(pushed.map((k: { pushback: string }) => k.pushback)).toContain("That doesn't change the number. Justify the price to me before we go any further.");
    expect(pushed.every((k: { idealFollowUp?: string }) => k.idealFollowUp)).toBe(true);
    expect(draft.closingLine).toMatch(/cost easier to defend/);
    const text = [allText(draft), draft.closingLine, ...draft.rubric.flatMap((k: { pushback?: string; idealFollowUp?: string }) => [k.pushback ?? "", k.idealFollowUp ?? ""]), ...draft.pitfalls.map((p: { pushback?: string }) => p.pushback ?? "")].join("\n");
    for (const o of ORIGINALS) expect(text, o).not.toContain(o);
    // The review queue shows them too.
    const queued = (await call("GET", "/v1/team/scenario-drafts?source=deal", { token: team.manager.token })).json.drafts.find((d: { id: string }) => d.id === draft.id);
    expect(queued).toMatchObject({ closingLine: draft.closingLine, rubric: draft.rubric });

    // The manager rewrites the pushback of the point the buyer pushes on first (the heaviest, in rubric order).
    const first = [...pushed].sort((a: { weight: number }, b: { weight: number }) => b.weight - a.weight)[0];
    expect(first.pushback).toBe("That doesn't change the number. Justify the price to me before we go any further.");
    const edited = "Be straight with me: what does this cost us per shipment, and why is it worth more than the cheaper quote?";
    const rubric = draft.rubric.map((k: { id: string }) => (k.id === first.id ? { ...k, pushback: edited } : k));
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body: { rubric: rubric.map((k: object) => ({ ...k, pushback: "no" })) } })).status).toBe(400);
    expect((await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body: { closingLine: "ok" } })).status).toBe(400);
    const patched = await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body: { rubric, closingLine: "That's clear enough. Send me the numbers and we'll sign." } });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json.scenario.rubric.find((k: { id: string }) => k.id === first.id).pushback).toBe(edited);
    expect(patched.json.scenario.closingLine).toBe("That's clear enough. Send me the numbers and we'll sign.");

    // A pushback or closing line that brings back the deal's names blocks publishing, at that field.
    await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body: { closingLine: "Fine, Maria will sign for Harbor Logistics." } });
    const refused = await call("POST", `/v1/scenarios/${draft.id}/publish`, { token: team.manager.token });
    expect(refused.status).toBe(409);
    expect(refused.json.error.issues.map((i: { path: string[] }) => i.path[0])).toEqual(expect.arrayContaining(["closingLine"]));
    await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body: { closingLine: "That's clear enough. Send me the numbers and we'll sign." } });
    const published = await call("POST", `/v1/scenarios/${draft.id}/publish`, { token: team.manager.token });
    expect(published.status, published.text).toBe(200);
    expect(published.json.scenario.closingLine).toBe("That's clear enough. Send me the numbers and we'll sign.");
    // Once published, a pushback that names the deal is refused like any other edit.
    const leaky = draft.rubric.map((k: { id: string }) => (k.id === first.id ? { ...k, pushback: "Ezekiel Hartmann still thinks it's too expensive." } : k));
    const refusedEdit = await call("PATCH", `/v1/scenarios/${draft.id}`, { token: team.manager.token, body: { rubric: leaky } });
    expect(refusedEdit.status).toBe(409);
    expect(refusedEdit.json.error.issues.every((i: { path: string[] }) => i.path[0] === "rubric")).toBe(true);

    // A teammate practises it as a conversation, misses the point, and hears the manager's words next.
    const started = await call("POST", "/v1/training/sessions", { token: team.rep2.token, body: { scenarioId: draft.id } });
    expect(started.status, started.text).toBe(201);
    expect(started.json.maxTurns).toBe(3);
    expect(started.json.next).toEqual({ n: 1, buyerLine: draft.buyerLine });
    const missed = await call("POST", `/v1/training/sessions/${started.json.id}/turns`, {
      token: team.rep2.token,
      body: { n: 1, response: "Thanks for telling me. I will send a short summary of our call today and check in with you again next week.", durationSec: 60 },
    });
    expect(missed.status, missed.text).toBe(200);
    expect(missed.json.turn.criteria.find((k: { id: string }) => k.id === first.id).met).toBe(false);
    expect(missed.json.session.next).toEqual({ n: 2, buyerLine: edited });
    // Its model answer is the drafted follow-up, which answers the edited pushback as a strong answer would.
    const second = await call("POST", `/v1/training/sessions/${started.json.id}/turns`, { token: team.rep2.token, body: { n: 2, response: first.idealFollowUp, durationSec: 60 } });
    expect(second.status, second.text).toBe(200);
    expect(second.json.turn.score).toBeGreaterThanOrEqual(70);
  });

  it("stays one-turn for a deal whose notes show no objection", async () => {
    const team = await createTeam();
    const lead = await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "sandbox", externalId: uniq("quiet"), name: "Sam Ortiz — Brightpath Freight", company: "Brightpath Freight", persona: "smb_owner", createdAt: "2026-02-20T10:00:00.000Z" } });
    const out = await call("POST", `/v1/leads/${lead.json.lead.id}/outcomes`, {
      token: team.rep.token,
      body: { responded: true, meetingBooked: true, result: "won", tactics: ["personalized_email", "live_demo"], notes: "Met at a trade show. The demo went well and the team liked the reporting.", winningApproach: "Sent a personalised email about their expansion, then booked a tailored demo of the two workflows they mentioned.", closedAt: "2026-03-10T10:00:00.000Z" },
    });
    expect(out.status, out.text).toBe(201);
    const made = await call("POST", `/v1/leads/${lead.json.lead.id}/scenario-drafts`, { token: team.rep.token, body: { consent: true } });
    expect(made.status, made.text).toBe(201);
    expect(made.json.scenario.rubric.some((k: { pushback?: string }) => k.pushback)).toBe(false);
    expect(made.json.scenario.closingLine).toBeNull();
  });
});

describe("company knowledge and the casebook", () => {
  it("is read by members and written by managers only", async () => {
    const team = await createTeam();
    const other = await createTeam();
    const item = { kind: "objection", title: "We already use spreadsheets for this", body: "Most prospects under 50 people forecast in spreadsheets.", answer: "Spreadsheets work until the third person edits them. Our customers cut forecast prep from two days to two hours, and you can import your current sheet in ten minutes." };
    expect((await call("POST", "/v1/knowledge", { token: team.rep.token, body: item })).status).toBe(403);
    expect((await call("POST", "/v1/knowledge", { token: team.manager.token, body: { ...item, kind: "rumour" } })).status).toBe(400);
    const created = await call("POST", "/v1/knowledge", { token: team.manager.token, body: item });
    expect(created.status).toBe(201);
    expect(created.json.item).toMatchObject({ kind: "objection", title: item.title, answer: item.answer, authorId: team.manager.id });

    expect((await call("GET", "/v1/knowledge", { token: team.rep.token })).json.items).toHaveLength(1);
    expect((await call("GET", "/v1/knowledge?kind=competitor", { token: team.rep.token })).json.items).toEqual([]);
    expect((await call("GET", "/v1/knowledge", { token: other.manager.token })).json.items).toEqual([]);
    expect((await call("DELETE", `/v1/knowledge/${created.json.item.id}`, { token: other.manager.token })).status).toBe(404);
    expect((await call("DELETE", `/v1/knowledge/${created.json.item.id}`, { token: team.rep.token })).status).toBe(403);

    // The schedule drafts a scenario from it, once.
    const run = await call("POST", "/v1/team/schedule/run", { token: team.manager.token });
    expect(run.json.jobs["draft-team-scenarios"]).toMatchObject({ drafted: 1 });
    const queue = (await call("GET", "/v1/team/scenario-drafts?source=knowledge", { token: team.manager.token })).json.drafts;
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ category: "objection_handling", buyerLine: "We already use spreadsheets for this.", idealResponse: item.answer, authorId: null });
    expect((await call("POST", "/v1/team/schedule/run", { token: team.manager.token })).json.jobs["draft-team-scenarios"]).toMatchObject({ drafted: 0 });

    const deleted = await call("DELETE", `/v1/knowledge/${created.json.item.id}`, { token: team.manager.token });
    expect(deleted.json).toEqual({ deleted: created.json.item.id });
    expect((await call("DELETE", `/v1/knowledge/${created.json.item.id}`, { token: team.manager.token })).status).toBe(404);
  });

  it("drafts a lesson from the team's won and lost deals", async () => {
    const team = await createTeam();
    const close = async (token: string, body: Record<string, unknown>) => {
      const lead = await call("PUT", "/v1/leads", { token, body: { crm: "sandbox", externalId: uniq("d"), persona: "procurement", industry: "logistics" } });
      expect((await call("POST", `/v1/leads/${lead.json.lead.id}/outcomes`, { token, body })).status).toBe(201);
    };
    await close(team.rep.token, { responded: true, meetingBooked: true, result: "lost", lostReason: "price", tactics: ["discount"] });
    await close(team.rep2.token, { responded: true, meetingBooked: true, result: "lost", lostReason: "price" });
    await close(team.rep2.token, { responded: true, meetingBooked: true, result: "won", tactics: ["roi_calculator", "customer_reference"] });
    const run = await call("POST", "/v1/team/schedule/run", { token: team.manager.token });
    expect(run.json.jobs["draft-team-scenarios"]).toEqual({ lessons: 1, drafted: 1 });
    const [lesson] = (await call("GET", "/v1/team/scenario-drafts?source=casebook", { token: team.manager.token })).json.drafts;
    expect(lesson).toMatchObject({ slug: "casebook-pricing-procurement", category: "pricing", persona: "procurement", status: "draft" });
    expect(lesson.situation).toMatch(/^From your team's casebook: 2 recent deals with procurement leads were lost on price/);
    // Lost on price: the buyer pushes back on price where the win's ROI model answers it.
    expect(lesson.rubric.find((k: { id: string }) => k.id === "roi_calculator").pushback).toBe("That doesn't change the number. Justify the price to me before we go any further.");
    // …and the stored draft keeps the buyer's closing line (the scheduled job writes it with the scenario).
    expect(lesson.closingLine).toMatch(/\w/);
    // Publishable as it stands (a casebook draft carries no customer's details).
    expect((await call("POST", `/v1/scenarios/${lesson.id}/publish`, { token: team.manager.token })).status).toBe(200);
  });
});
