// Scenarios from the team's own deals: a won deal becomes an anonymized draft (with the rep's
// consent), the author or a manager edits and publishes it to the team pool; managers review the
// queue of drafts (from deals, the casebook and company knowledge). Drafts never leave their team.
//
// Auth for /v1/leads/* and /v1/scenarios/* comes from the leads and scenarios routers' middleware
// (registered for those prefixes); adding it here again would authenticate twice.
import { createRoute, z } from "@hono/zod-openapi";
import {
  CreateScenarioDraftRequest,
  CreateScenarioDraftResponse,
  EditableScenarioResponse,
  Id,
  LibraryScenario,
  PatchScenarioRequest,
  ScenarioDraftList,
  ScenarioDraftQuery,
} from "@dq/shared";
import { insertScenarioStatement, toEditableScenario } from "../db/adaptive.ts";
import type { Db } from "../db/client.ts";
import type { LeadRow, OutcomeRow, ScenarioRow } from "../db/rows.ts";
import { EMPTY_STATS, type MemberStatsRow, statsStatement } from "../db/stats.ts";
import { type DealForScenario, draftLeaks, scenarioFromDeal } from "../domain/scenarioFromDeal.ts";
import type { Principal } from "../http/auth.ts";
import { requireMember } from "../http/auth.ts";
import { ApiException, badRequest, conflict, forbidden, notFound, zodIssues } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, managerBearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const scenarioDrafts = router();
scenarioDrafts.use("/v1/team/scenario-drafts", requireMember("manager"));
scenarioDrafts.use("/v1/me/scenario-drafts", requireMember());

/** Support XP for turning a won deal into practice material for the team. */
export const SCENARIO_CONSENT_XP = 15;

const Params = z.object({ id: Id });

/** A scenario row with its closing line (a column since migration 0012; ScenarioRow predates it). */
type DraftRow = ScenarioRow & { closing_line?: string | null };

/** A scenario as its editor sees it, closing line included. */
const toEditable = (r: DraftRow) => ({ ...toEditableScenario(r), closingLine: r.closing_line ?? null });

function dealInput(lead: LeadRow, outcome: OutcomeRow | null, rep: { name: string; email: string }, colleagues: { name: string; email: string }[], approach: string, now: Date): DealForScenario {
  const closedAt = lead.closed_at ?? outcome?.closed_at ?? now.toISOString();
  return {
    lead: {
      id: lead.id,
      name: lead.name,
      company: lead.company,
      stage: lead.stage,
      amount: lead.amount,
      currency: lead.currency,
      url: lead.url,
      externalId: lead.external_id,
      persona: lead.persona,
      industry: lead.industry,
      createdAt: lead.crm_created_at ?? lead.first_seen_at,
      closedAt,
    },
    outcome: { strategy: outcome?.strategy ?? null, tactics: outcome ? (JSON.parse(outcome.tactics) as string[]) : [], notes: outcome?.notes ?? null, closedAt },
    rep,
    colleagues,
    approach,
  };
}

scenarioDrafts.openapi(
  createRoute({
    method: "post",
    path: "/v1/leads/{id}/scenario-drafts",
    tags: ["scenarios"],
    summary: "Turn a won deal into an anonymized draft scenario (owner, with consent).",
    description:
      "Anonymizes first (the contact, the company, the rep and teammates, emails and domains, phones, URLs, CRM ids, people and organisations found by NLP; amounts become ranges, dates become relative), then derives persona, category, difficulty, situation, the buyer's line, the rep's approach as the ideal response and a rubric from its key phrases. When the deal's notes or approach show what the buyer objected to (price, a competitor, timing, security, terms, doubts), the key points answering those objections get the buyer's pushback and a model follow-up, and the scenario a closing line (a practice conversation); otherwise it stays one turn. The draft stays in the team until the rep or a manager publishes it. Awards support XP.",
    security: bearer,
    request: { params: Params, body: jsonBody(CreateScenarioDraftRequest) },
    parameters: [IdempotencyHeader],
    responses: { 201: jsonResponse(CreateScenarioDraftResponse, "The draft, what was anonymized, and the XP awarded."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    const { member, team } = c.var.principal;
    const db = c.var.db;
    const [leadRes, outcomeRes, existingRes, membersRes, statsRes] = await db.batch([
      db.stmt("SELECT * FROM leads WHERE id = ? AND team_id = ?", id, team.id),
      db.stmt("SELECT * FROM outcomes WHERE lead_id = ? AND team_id = ? AND result = 'won' ORDER BY created_at DESC LIMIT 1", id, team.id),
      db.stmt("SELECT id FROM scenarios WHERE lead_id = ? AND source = 'deal'", id),
      db.stmt("SELECT id, name, email FROM members WHERE team_id = ?", team.id),
      statsStatement(db, member.id),
    ]);
    const lead = leadRes!.results[0] as LeadRow | undefined;
    if (!lead || lead.owner_id !== member.id) throw notFound("Lead");
    if (lead.status !== "won") throw conflict(`Only a won deal can become a team scenario; this lead is ${lead.status}.`);
    const existing = existingRes!.results[0] as { id: string } | undefined;
    if (existing) throw conflict(`A scenario was already drafted from this deal (${existing.id}).`);
    const outcome = (outcomeRes!.results[0] as OutcomeRow | undefined) ?? null;
    const approach = body.winningApproach ?? outcome?.winning_approach ?? null;
    if (!approach || approach.trim().length < 20)
      throw badRequest("Tell us how you won this deal: send winningApproach (a few sentences in your own words).", [
        { path: ["winningApproach"], message: "Required: no approach was recorded with the won outcome." },
      ]);

    const members = membersRes!.results as { id: string; name: string; email: string }[];
    const colleagues = members.filter((m) => m.id !== member.id);
    const { draft, replacements } = scenarioFromDeal(dealInput(lead, outcome, { name: member.name, email: member.email }, colleagues, approach, c.var.now));

    const now = c.var.now.toISOString();
    const row: DraftRow = {
      id: `sc_${crypto.randomUUID()}`,
      team_id: team.id,
      slug: draft.slug,
      source: "deal",
      status: "draft",
      title: draft.title,
      category: draft.category,
      difficulty: draft.difficulty,
      persona: draft.persona,
      industry: draft.industry,
      situation: draft.situation,
      buyer_line: draft.buyerLine,
      ideal_response: draft.idealResponse,
      rubric: JSON.stringify(draft.rubric),
      pitfalls: JSON.stringify(draft.pitfalls),
      closing_line: draft.closingLine ?? null,
      author_id: member.id,
      lead_id: lead.id,
      created_at: now,
      updated_at: now,
    };
    const stats = (statsRes!.results[0] as MemberStatsRow | undefined) ?? EMPTY_STATS(member.id);
    const response = {
      scenario: toEditable(row),
      replacements,
      xp: { awarded: SCENARIO_CONSENT_XP, total: stats.training_xp + stats.support_xp + SCENARIO_CONSENT_XP },
    };
    const writes = [
      insertScenarioStatement(db, row),
      db.stmt(
        "INSERT INTO xp_ledger (id, team_id, member_id, source, amount, reason, ref_id, created_at) VALUES (?, ?, ?, 'support', ?, 'scenario_consent', ?, ?)",
        crypto.randomUUID(),
        team.id,
        member.id,
        SCENARIO_CONSENT_XP,
        row.id,
        now,
      ),
      db.stmt(
        `INSERT INTO member_stats (member_id, support_xp) VALUES (?1, ?2) ON CONFLICT (member_id) DO UPDATE SET support_xp = support_xp + ?2`,
        member.id,
        SCENARIO_CONSENT_XP,
      ),
    ];
    // The consent and the approach belong with the won outcome they describe.
    if (outcome) writes.push(db.stmt("UPDATE outcomes SET scenario_consent = 1, winning_approach = coalesce(winning_approach, ?) WHERE id = ?", approach, outcome.id));
    try {
      await commit(c, writes, response, 201);
    } catch (err) {
      if (/UNIQUE constraint failed: scenarios/i.test(String(err))) throw conflict("A scenario was already drafted from this deal.");
      throw err;
    }
    return c.json(response, 201);
  },
);

/**
 * A team scenario the caller may edit: any of the team's for a manager, their own drafts for a rep.
 * The global library is read-only (403); another team's scenario or another rep's draft is a 404.
 */
type DealMember = { id: string; name: string; email: string };

/** The deal behind a scenario drawn from one (no rows for other scenarios): its lead, its win, the team's members. */
function dealStatements(db: Db, scenarioId: string, teamId: string): D1PreparedStatement[] {
  return [
    db.stmt("SELECT l.* FROM leads l JOIN scenarios s ON s.lead_id = l.id WHERE s.id = ? AND s.source = 'deal' AND l.team_id = ?", scenarioId, teamId),
    db.stmt(
      "SELECT o.* FROM outcomes o JOIN scenarios s ON s.lead_id = o.lead_id WHERE s.id = ? AND s.source = 'deal' AND o.result = 'won' AND o.team_id = ? ORDER BY o.created_at DESC LIMIT 1",
      scenarioId,
      teamId,
    ),
    db.stmt("SELECT id, name, email FROM members WHERE team_id = ?", teamId),
  ];
}

/** Every string of a stored rubric or pitfalls list (points, tips, phrases…), whatever its shape. */
function textsOf(json: string | null): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(JSON.parse(json || "[]"));
  return out;
}

/** 409 while a scenario drawn from a deal still mentions that deal's identifying values (at publish, and on edits once published). */
function assertNoDealLeaks(row: DraftRow, lead: LeadRow, outcome: OutcomeRow | null, members: DealMember[], now: Date) {
  const author = members.find((m) => m.id === (row.author_id ?? lead.owner_id)) ?? { name: "", email: "" };
  const deal = dealInput(lead, outcome, author, members.filter((m) => m !== author), outcome?.winning_approach ?? "", now);
  const leaks = draftLeaks(deal, {
    title: row.title,
    situation: row.situation,
    buyerLine: row.buyer_line,
    idealResponse: row.ideal_response,
    // Every string of the rubric and pitfalls, pushbacks and model follow-ups included.
    rubric: [...textsOf(row.rubric), ...textsOf(row.pitfalls)].join("\n"),
    closingLine: row.closing_line ?? "",
  });
  if (leaks.length > 0) {
    throw new ApiException(
      409,
      "conflict",
      `This scenario still mentions details of the real deal (${[...new Set(leaks.map((l) => `“${l.value}”`))].slice(0, 5).join(", ")}). Replace them, then save or publish.`,
      leaks.map((l) => ({ path: [l.field], message: `Mentions “${l.value}”.` })),
    );
  }
}

function assertEditable(row: DraftRow | undefined, p: Principal): DraftRow {
  if (!row) throw notFound("Scenario");
  if (row.team_id === null) {
    if (row.status === "published") throw forbidden("Library scenarios are shared by every team and cannot be edited.");
    throw notFound("Scenario");
  }
  if (row.team_id !== p.team.id) throw notFound("Scenario");
  if (p.member.role === "manager") return row;
  if (row.status === "draft" && row.author_id === p.member.id) return row;
  if (row.status === "published") throw forbidden("Only a manager can change a published team scenario.");
  throw notFound("Scenario");
}

scenarioDrafts.openapi(
  createRoute({
    method: "patch",
    path: "/v1/scenarios/{id}",
    tags: ["scenarios"],
    summary: "Edit a team scenario (its author while it is a draft, or a manager).",
    description:
      "Pushbacks and model follow-ups are edited as part of `rubric` and `pitfalls`; `closingLine` null removes the closing line. Once a scenario drawn from a deal is published, an edit passes the same check for the deal's identifying values as publishing (every field, pushbacks and closing line included).",
    security: bearer,
    request: { params: Params, body: jsonBody(PatchScenarioRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(EditableScenarioResponse, "The scenario as stored."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    const db = c.var.db;
    const row = assertEditable((await db.first<DraftRow>("SELECT * FROM scenarios WHERE id = ?", id)) ?? undefined, c.var.principal);
    const now = c.var.now.toISOString();
    const next: DraftRow = {
      ...row,
      title: b.title ?? row.title,
      category: b.category ?? row.category,
      difficulty: b.difficulty ?? row.difficulty,
      persona: b.persona ?? row.persona,
      industry: b.industry !== undefined ? b.industry : row.industry,
      situation: b.situation ?? row.situation,
      buyer_line: b.buyerLine ?? row.buyer_line,
      ideal_response: b.idealResponse ?? row.ideal_response,
      rubric: b.rubric ? JSON.stringify(b.rubric) : row.rubric,
      pitfalls: b.pitfalls ? JSON.stringify(b.pitfalls) : row.pitfalls,
      closing_line: b.closingLine !== undefined ? b.closingLine : (row.closing_line ?? null),
      updated_at: now,
    };
    // A published deal scenario is in the team pool: an edit passes the same leak check as publishing.
    if (row.status === "published" && row.source === "deal") {
      const [leadRes, outcomeRes, membersRes] = await db.batch(dealStatements(db, id, c.var.principal.team.id));
      const lead = leadRes!.results[0] as LeadRow | undefined;
      if (lead) assertNoDealLeaks(next, lead, (outcomeRes!.results[0] as OutcomeRow | undefined) ?? null, membersRes!.results as DealMember[], c.var.now);
    }
    const response = { scenario: toEditable(next) };
    await commit(
      c,
      [
        db.stmt(
          `UPDATE scenarios SET title = ?, category = ?, difficulty = ?, persona = ?, industry = ?, situation = ?, buyer_line = ?, ideal_response = ?,
             rubric = ?, pitfalls = ?, closing_line = ?, updated_at = ? WHERE id = ?`,
          next.title,
          next.category,
          next.difficulty,
          next.persona,
          next.industry,
          next.situation,
          next.buyer_line,
          next.ideal_response,
          next.rubric,
          next.pitfalls,
          next.closing_line ?? null,
          now,
          id,
        ),
      ],
      response,
    );
    return c.json(response, 200);
  },
);

scenarioDrafts.openapi(
  createRoute({
    method: "post",
    path: "/v1/scenarios/{id}/publish",
    tags: ["scenarios"],
    summary: "Publish a draft to the team pool (its author or a manager).",
    description:
      "Refused (409) while the scenario is incomplete, or, for a scenario drawn from a deal, while any of that deal's identifying values (names, companies, emails, phones, ids…) appear in it. Publishing twice is harmless.",
    security: bearer,
    request: { params: Params },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(EditableScenarioResponse, "The published scenario."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const p = c.var.principal;
    const db = c.var.db;
    const [scRes, leadRes, outcomeRes, membersRes] = await db.batch([db.stmt("SELECT * FROM scenarios WHERE id = ?", id), ...dealStatements(db, id, p.team.id)]);
    const row = assertEditable(scRes!.results[0] as DraftRow | undefined, p);
    if (row.status === "published") return c.json({ scenario: toEditable(row) }, 200);

    const complete = LibraryScenario.safeParse({
      slug: row.slug,
      title: row.title,
      category: row.category,
      difficulty: row.difficulty,
      persona: row.persona,
      industry: row.industry ?? undefined,
      situation: row.situation,
      buyerLine: row.buyer_line,
      idealResponse: row.ideal_response,
      rubric: JSON.parse(row.rubric) as unknown,
      pitfalls: JSON.parse(row.pitfalls || "[]") as unknown,
      closingLine: row.closing_line ?? undefined,
    });
    if (!complete.success) throw new ApiException(409, "conflict", "This draft is not complete yet: fix the fields listed, then publish.", zodIssues(complete.error));

    const lead = leadRes!.results[0] as LeadRow | undefined;
    if (lead) assertNoDealLeaks(row, lead, (outcomeRes!.results[0] as OutcomeRow | undefined) ?? null, membersRes!.results as DealMember[], c.var.now);

    const now = c.var.now.toISOString();
    const response = { scenario: toEditable({ ...row, status: "published", updated_at: now }) };
    await commit(c, [db.stmt("UPDATE scenarios SET status = 'published', updated_at = ? WHERE id = ? AND status = 'draft'", now, id)], response);
    return c.json(response, 200);
  },
);

const draftList = (path: "/v1/team/scenario-drafts" | "/v1/me/scenario-drafts", summary: string) =>
  createRoute({
    method: "get",
    path,
    tags: ["scenarios"],
    summary,
    security: path.startsWith("/v1/team/") ? managerBearer : bearer,
    request: { query: ScenarioDraftQuery },
    responses: { 200: jsonResponse(ScenarioDraftList, "Drafts, newest first, complete for review."), ...memberErrors },
  });

async function listDrafts(db: Db, teamId: string, source: string | undefined, authorId?: string) {
  const where = ["s.team_id = ?", "s.status = 'draft'"];
  const params: string[] = [teamId];
  if (authorId) {
    where.push("s.author_id = ?");
    params.push(authorId);
  }
  if (source) {
    where.push("s.source = ?");
    params.push(source);
  }
  const rows = await db.all<DraftRow & { author_name: string | null }>(
    `SELECT s.*, m.name AS author_name FROM scenarios s LEFT JOIN members m ON m.id = s.author_id WHERE ${where.join(" AND ")} ORDER BY s.created_at DESC, s.id LIMIT 500`,
    ...params,
  );
  return { drafts: rows.map((r) => ({ ...toEditable(r), authorName: r.author_name })) };
}

scenarioDrafts.openapi(draftList("/v1/team/scenario-drafts", "The manager's review queue: every draft of the team (from deals, the casebook and knowledge)."), async (c) => {
  const { source } = c.req.valid("query");
  return c.json(await listDrafts(c.var.db, c.var.principal.team.id, source), 200);
});

scenarioDrafts.openapi(draftList("/v1/me/scenario-drafts", "The caller's own drafts (to edit and publish)."), async (c) => {
  const { source } = c.req.valid("query");
  const p = c.var.principal;
  return c.json(await listDrafts(c.var.db, p.team.id, source, p.member.id), 200);
});
