// Company knowledge the team stores (product facts, common objections with the team's answer,
// competitors): every member reads it, managers write it; the schedule drafts scenarios from it.
import { createRoute, z } from "@hono/zod-openapi";
import { CreateKnowledgeRequest, DeletedResponse, Id, KnowledgeItem, KnowledgeList, KnowledgeQuery } from "@dq/shared";
import { type KnowledgeRow, toKnowledgeItem } from "../db/adaptive.ts";
import { requireMember } from "../http/auth.ts";
import { forbidden, notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, managerBearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const knowledge = router();
// "/v1/knowledge/*" also matches "/v1/knowledge" itself.
knowledge.use("/v1/knowledge/*", requireMember());

function managerOnly(role: string) {
  if (role !== "manager") throw forbidden("Only a manager can change the team's knowledge.");
}

knowledge.openapi(
  createRoute({
    method: "get",
    path: "/v1/knowledge",
    tags: ["knowledge"],
    summary: "The team's knowledge: product facts, objections, competitors (`?kind=` filters).",
    security: bearer,
    request: { query: KnowledgeQuery },
    responses: { 200: jsonResponse(KnowledgeList, "Items, newest first."), ...memberErrors },
  }),
  async (c) => {
    const { kind } = c.req.valid("query");
    const teamId = c.var.principal.team.id;
    const rows = kind
      ? await c.var.db.all<KnowledgeRow>("SELECT * FROM knowledge WHERE team_id = ? AND kind = ? ORDER BY created_at DESC, id LIMIT 1000", teamId, kind)
      : await c.var.db.all<KnowledgeRow>("SELECT * FROM knowledge WHERE team_id = ? ORDER BY created_at DESC, id LIMIT 1000", teamId);
    return c.json({ items: rows.map(toKnowledgeItem) }, 200);
  },
);

knowledge.openapi(
  createRoute({
    method: "post",
    path: "/v1/knowledge",
    tags: ["knowledge"],
    summary: "Add a knowledge item (manager). The next scheduled run drafts a scenario from it.",
    security: managerBearer,
    request: { body: jsonBody(CreateKnowledgeRequest) },
    parameters: [IdempotencyHeader],
    responses: { 201: jsonResponse(z.object({ item: KnowledgeItem }), "The item as stored."), ...mutationErrors },
  }),
  async (c) => {
    const b = c.req.valid("json");
    const { member, team } = c.var.principal;
    managerOnly(member.role);
    const db = c.var.db;
    const row: KnowledgeRow = {
      id: `kn_${crypto.randomUUID()}`,
      team_id: team.id,
      kind: b.kind,
      title: b.title,
      body: b.body,
      answer: b.answer ?? null,
      author_id: member.id,
      created_at: c.var.now.toISOString(),
    };
    const response = { item: toKnowledgeItem(row) };
    await commit(
      c,
      [
        db.stmt(
          "INSERT INTO knowledge (id, team_id, kind, title, body, answer, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          row.id,
          row.team_id,
          row.kind,
          row.title,
          row.body,
          row.answer,
          row.author_id,
          row.created_at,
        ),
      ],
      response,
      201,
    );
    return c.json(response, 201);
  },
);

knowledge.openapi(
  createRoute({
    method: "delete",
    path: "/v1/knowledge/{id}",
    tags: ["knowledge"],
    summary: "Remove a knowledge item (manager). Scenarios already drafted from it stay.",
    security: managerBearer,
    request: { params: z.object({ id: Id }) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(DeletedResponse, "The id of the removed item."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { member, team } = c.var.principal;
    managerOnly(member.role);
    const db = c.var.db;
    const found = await db.first<{ id: string }>("SELECT id FROM knowledge WHERE id = ? AND team_id = ?", id, team.id);
    if (!found) throw notFound("Knowledge item");
    const response = { deleted: id };
    await commit(c, [db.stmt("DELETE FROM knowledge WHERE id = ? AND team_id = ?", id, team.id)], response);
    return c.json(response, 200);
  },
);
