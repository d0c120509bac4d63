// GET /v1/me/pending-outcomes — closures a CRM webhook reported that still await the rep's
// outcome answers (answering POST /v1/leads/:id/outcomes clears one). The extension opens the
// outcome popup when the rep views such a record, and lists the others in "Today".
import { createRoute } from "@hono/zod-openapi";
import { type PendingOutcome, PendingOutcomeList, PendingOutcomesQuery } from "@dq/shared";
import { requireMember } from "../http/auth.ts";
import { bearer, jsonResponse, memberErrors, router } from "../http/openapi.ts";

export const pending = router();
pending.use("/v1/me/pending-outcomes", requireMember());

interface PendingRow {
  lead_id: string;
  status: PendingOutcome["status"];
  closed_at: string;
  reported_at: string;
  crm: PendingOutcome["crm"];
  external_id: string;
  name: string | null;
  company: string | null;
  url: string | null;
  amount: number | null;
  currency: string | null;
  owner_id: string | null;
}

const LIMIT = 200;

pending.openapi(
  createRoute({
    method: "get",
    path: "/v1/me/pending-outcomes",
    tags: ["me"],
    summary: "Closures reported by the CRM that await the caller's outcome answers, newest first.",
    description:
      "The caller's own leads; for a manager also unassigned ones (no CRM owner known). With `crm` and `externalId`, the prompt of that one " +
      "record, also while unassigned (the rep viewing it claims the lead with PUT /v1/leads).",
    security: bearer,
    request: { query: PendingOutcomesQuery },
    responses: { 200: jsonResponse(PendingOutcomeList, `Up to ${LIMIT} pending prompts.`), ...memberErrors },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { member } = c.var.principal;
    const oneRecord = q.crm !== undefined && q.externalId !== undefined;
    const where = ["p.team_id = ?", "(l.owner_id = ? OR (l.owner_id IS NULL AND ?))"];
    const params: (string | number)[] = [member.teamId, member.id, member.role === "manager" || oneRecord ? 1 : 0];
    if (q.crm) {
      where.push("l.crm = ?");
      params.push(q.crm);
    }
    if (q.externalId) {
      where.push("l.external_id = ?");
      params.push(q.externalId);
    }
    const rows = await c.var.db.all<PendingRow>(
      `SELECT p.lead_id, p.status, p.closed_at, p.reported_at, l.crm, l.external_id, l.name, l.company, l.url, l.amount, l.currency, l.owner_id
       FROM pending_outcomes p JOIN leads l ON l.id = p.lead_id
       WHERE ${where.join(" AND ")} ORDER BY p.reported_at DESC, p.lead_id LIMIT ${LIMIT}`,
      ...params,
    );
    return c.json(
      {
        pendingOutcomes: rows.map((r) => ({
          leadId: r.lead_id,
          crm: r.crm,
          externalId: r.external_id,
          name: r.name,
          company: r.company,
          url: r.url,
          amount: r.amount,
          currency: r.currency,
          status: r.status,
          closedAt: r.closed_at,
          reportedAt: r.reported_at,
          ownerId: r.owner_id,
        })),
      },
      200,
    );
  },
);
