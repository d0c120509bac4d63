// Leads seen in the CRM, and the outcomes reps record for them.
import { createRoute, z } from "@hono/zod-openapi";
import {
  Id,
  Lead,
  LeadList,
  LeadListQuery,
  Nudge,
  Outcome,
  RecordOutcomeRequest,
  RecordOutcomeResponse,
  UpsertLeadRequest,
  UpsertLeadResponse,
  type ErrorIssue,
} from "@dq/shared";
import { type LeadRow, type OutcomeRow, toLead, toOutcome } from "../db/rows.ts";
import { EMPTY_STATS, type MemberStatsRow, statsStatement } from "../db/stats.ts";
import { teamPlaybook } from "../domain/playbook.ts";
import { supportXp } from "../domain/xp.ts";
import { requireMember } from "../http/auth.ts";
import { sha256Hex } from "../http/crypto.ts";
import { ApiException, badRequest, notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";
import { leadNudgesStatement, outcomeNudgeCheck, readLeadNudges } from "../db/nudges.ts";

export const leads = router();
leads.use("/v1/leads/*", requireMember());

const LeadParams = z.object({ id: Id });

/** A lead's id follows from its CRM identity, so concurrent first sightings converge on one row. */
export async function leadId(teamId: string, crm: string, externalId: string) {
  return `ld_${(await sha256Hex(`${teamId}\n${crm}\n${externalId}`)).slice(0, 24)}`;
}

leads.openapi(
  createRoute({
    method: "put",
    path: "/v1/leads",
    tags: ["leads"],
    summary: "Upsert a lead seen in the CRM, by (crm, externalId).",
    description:
      "Fields left out keep their stored value. A new lead belongs to the caller; an unassigned lead (reported by a CRM webhook) is claimed by the caller. Another member's lead is not the caller's to change: 404, as if it did not exist.",
    security: bearer,
    request: { body: jsonBody(UpsertLeadRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(UpsertLeadResponse, "The lead as stored, and whether it was new."), ...mutationErrors },
  }),
  async (c) => {
    const b = c.req.valid("json");
    const { member, team } = c.var.principal;
    const now = c.var.now.toISOString();
    const id = await leadId(team.id, b.crm, b.externalId);
    const closing = b.status === "won" || b.status === "lost" || b.status === "ghosted";
    // Whether the lead is new is read in the same transaction, before the upsert: comparing timestamps would call
    // a second sighting in the same millisecond (two tabs, a retry) "created".
    const db = c.var.db;
    const [existing, upserted] = await db.batch([
      db.stmt("SELECT count(*) AS n FROM leads WHERE team_id = ? AND crm = ? AND external_id = ?", team.id, b.crm, b.externalId),
      db.stmt(
        `INSERT INTO leads (id, team_id, owner_id, crm, external_id, name, company, stage, status, amount, currency, url, persona, industry,
           crm_created_at, first_seen_at, updated_at, closed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, 'open'), ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, CASE WHEN ?17 THEN ?16 END)
         ON CONFLICT (team_id, crm, external_id) DO UPDATE SET
           owner_id = coalesce(owner_id, excluded.owner_id),
           name = coalesce(excluded.name, name),
           company = coalesce(excluded.company, company),
           stage = coalesce(excluded.stage, stage),
           status = coalesce(?9, status),
           amount = coalesce(excluded.amount, amount),
           currency = coalesce(excluded.currency, currency),
           url = coalesce(excluded.url, url),
           persona = coalesce(excluded.persona, persona),
           industry = coalesce(excluded.industry, industry),
           crm_created_at = coalesce(excluded.crm_created_at, crm_created_at),
           closed_at = CASE WHEN ?9 IS NULL THEN closed_at WHEN ?17 THEN coalesce(closed_at, ?16) ELSE NULL END,
           updated_at = ?16
         WHERE owner_id IS NULL OR owner_id = ?3
         RETURNING *`,
        id,
        team.id,
        member.id,
        b.crm,
        b.externalId,
        b.name,
        b.company,
        b.stage,
        b.status,
        b.amount,
        b.currency,
        b.url,
        b.persona,
        b.industry,
        b.createdAt,
        now,
        closing ? 1 : 0,
      ),
    ]);
    const row = upserted!.results[0] as LeadRow | undefined;
    // No row: the lead exists and another member owns it (the WHERE above left it untouched). The
    // message says why the rep's CRM page did not sync (lead ids are per team: nothing leaks out).
    if (!row) throw new ApiException(404, "not_found", "This lead belongs to another member of your team: only its owner can update it.");
    return c.json({ lead: toLead(row), created: (existing!.results[0] as { n: number }).n === 0 }, 200);
  },
);

leads.openapi(
  createRoute({
    method: "get",
    path: "/v1/leads",
    tags: ["leads"],
    summary: "The caller's leads, newest first; `?crm=&externalId=` finds one by its CRM identity.",
    security: bearer,
    request: { query: LeadListQuery },
    responses: { 200: jsonResponse(LeadList, "A page of leads."), ...memberErrors },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { member } = c.var.principal;
    const where = ["owner_id = ?"];
    const params: (string | number)[] = [member.id];
    if (q.crm) {
      where.push("crm = ?");
      params.push(q.crm);
    }
    if (q.externalId) {
      where.push("external_id = ?");
      params.push(q.externalId);
    }
    if (q.status) {
      where.push("status = ?");
      params.push(q.status);
    }
    if (q.cursor) {
      const [created, id] = decodeCursor(q.cursor);
      where.push("(coalesce(crm_created_at, first_seen_at) < ? OR (coalesce(crm_created_at, first_seen_at) = ? AND id < ?))");
      params.push(created, created, id);
    }
    const rows = await c.var.db.all<LeadRow>(
      `SELECT * FROM leads WHERE ${where.join(" AND ")} ORDER BY coalesce(crm_created_at, first_seen_at) DESC, id DESC LIMIT ?`,
      ...params,
      q.limit + 1,
    );
    const page = rows.slice(0, q.limit).map(toLead);
    const last = page.at(-1);
    return c.json({ leads: page, nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null }, 200);
  },
);

function encodeCursor(createdAt: string, id: string) {
  return btoa(`${createdAt}|${id}`);
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const [createdAt, id] = atob(cursor).split("|");
    if (createdAt && id) return [createdAt, id];
  } catch {
    // fall through
  }
  throw new ApiException(400, "invalid_query", "The cursor is not valid: start again without it.", [{ path: ["cursor"], message: "Unknown cursor." }]);
}

leads.openapi(
  createRoute({
    method: "get",
    path: "/v1/leads/{id}",
    tags: ["leads"],
    summary: "A lead with its outcomes and the caller's open nudges about it (owner or manager).",
    security: bearer,
    request: { params: LeadParams },
    responses: {
      200: jsonResponse(z.object({ lead: Lead, outcomes: z.array(Outcome), nudges: z.array(Nudge) }), "The lead, its outcomes (oldest first) and open nudges."),
      ...memberErrors,
    },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { member } = c.var.principal;
    const db = c.var.db;
    const now = c.var.now;
    const [lead, outcomes, nudges] = await db.batch([
      db.stmt("SELECT * FROM leads WHERE id = ? AND team_id = ?", id, member.teamId),
      db.stmt("SELECT * FROM outcomes WHERE lead_id = ? AND team_id = ? ORDER BY created_at", id, member.teamId),
      leadNudgesStatement(db, member.id, id, now),
    ]);
    const row = lead!.results[0] as LeadRow | undefined;
    if (!row || (member.role !== "manager" && row.owner_id !== member.id && row.owner_id !== null)) throw notFound("Lead");
    return c.json({ lead: toLead(row), outcomes: (outcomes!.results as unknown as OutcomeRow[]).map(toOutcome), nudges: readLeadNudges(nudges!, now) }, 200);
  },
);

leads.openapi(
  createRoute({
    method: "post",
    path: "/v1/leads/{id}/outcomes",
    tags: ["leads"],
    summary: "Record the funnel answers for a lead (owner): sets its status and awards support XP.",
    security: bearer,
    request: { params: LeadParams, body: jsonBody(RecordOutcomeRequest) },
    parameters: [IdempotencyHeader],
    responses: { 201: jsonResponse(RecordOutcomeResponse, "The outcome, the updated lead and the XP awarded."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    const { member, team } = c.var.principal;
    const db = c.var.db;

    const playbook = teamPlaybook(team.settings);
    const issues: ErrorIssue[] = [];
    if (b.strategy && !playbook.strategies.some((s) => s.id === b.strategy))
      issues.push({ path: ["strategy"], message: `Unknown strategy "${b.strategy}". See GET /v1/vocabulary.` });
    b.tactics.forEach((t, i) => {
      if (!playbook.tactics.some((x) => x.id === t)) issues.push({ path: ["tactics", i], message: `Unknown tactic "${t}". See GET /v1/vocabulary.` });
    });
    if (issues.length) throw badRequest("The outcome names a strategy or tactic this team does not have.", issues);

    // Nudge rules run when outcomes arrive: their reads share this batch, their writes the commit.
    const nudging = outcomeNudgeCheck(db, c.var.principal, b, c.var.now);
    const [leadRes, statsRes, ...nudgeReads] = await db.batch([
      db.stmt("SELECT * FROM leads WHERE id = ? AND team_id = ?", id, member.teamId),
      statsStatement(db, member.id),
      ...nudging.reads,
    ]);
    const lead = leadRes!.results[0] as LeadRow | undefined;
    // Only the owner records outcomes; an unassigned lead (from a CRM webhook) is claimed by the rep who answers.
    if (!lead || (lead.owner_id !== null && lead.owner_id !== member.id)) throw notFound("Lead");
    const stats = (statsRes!.results[0] as MemberStatsRow | undefined) ?? EMPTY_STATS(member.id);

    const now = c.var.now.toISOString();
    const closedAt = b.closedAt ? new Date(b.closedAt).toISOString() : now;
    const outcome = {
      id: crypto.randomUUID(),
      leadId: id,
      memberId: member.id,
      responded: b.responded,
      meetingBooked: b.meetingBooked,
      result: b.result,
      strategy: b.strategy ?? null,
      tactics: b.tactics,
      lostReason: b.lostReason ?? null,
      winningApproach: b.winningApproach ?? null,
      scenarioConsent: b.scenarioConsent ?? false,
      notes: b.notes ?? null,
      closedAt,
      createdAt: now,
    };
    const awarded = supportXp(b.result);
    const updatedLead = toLead({ ...lead, owner_id: member.id, status: b.result, closed_at: closedAt, updated_at: now });
    const response = { outcome, lead: updatedLead, xp: { awarded, total: stats.training_xp + stats.support_xp + awarded } };
    await commit(
      c,
      [
        db.stmt(
          `INSERT INTO outcomes (id, team_id, lead_id, member_id, responded, meeting_booked, result, strategy, tactics, lost_reason,
             winning_approach, scenario_consent, notes, closed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          outcome.id,
          member.teamId,
          id,
          member.id,
          outcome.responded,
          outcome.meetingBooked,
          outcome.result,
          outcome.strategy,
          JSON.stringify(outcome.tactics),
          outcome.lostReason,
          outcome.winningApproach,
          outcome.scenarioConsent,
          outcome.notes,
          closedAt,
          now,
        ),
        db.stmt("UPDATE leads SET owner_id = ?, status = ?, closed_at = ?, updated_at = ? WHERE id = ?", member.id, b.result, closedAt, now, id),
        db.stmt(
          "INSERT INTO xp_ledger (id, team_id, member_id, source, amount, reason, ref_id, created_at) VALUES (?, ?, ?, 'support', ?, ?, ?, ?)",
          crypto.randomUUID(),
          member.teamId,
          member.id,
          awarded,
          b.result === "won" ? "outcome_logged_won" : "outcome_logged",
          outcome.id,
          now,
        ),
        db.stmt(
          `INSERT INTO member_stats (member_id, support_xp, outcomes) VALUES (?1, ?2, 1)
           ON CONFLICT (member_id) DO UPDATE SET support_xp = support_xp + ?2, outcomes = outcomes + 1`,
          member.id,
          awarded,
        ),
        // The outcome answers any prompt a CRM webhook left pending for this lead.
        db.stmt("DELETE FROM pending_outcomes WHERE lead_id = ?", id),
        ...nudging.writes(nudgeReads, lead),
      ],
      response,
      201,
    );
    return c.json(response, 201);
  },
);
