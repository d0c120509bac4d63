// Nudges: "Today" for a rep, and what a rep does with one (act, dismiss, snooze). What other routes share (the
// showable nudges, the outcome-time nudge rules) is in db/nudges.ts.
import { createRoute, z } from "@hono/zod-openapi";
import { Id, NudgeList, NudgeResponse, SnoozeNudgeRequest } from "@dq/shared";
import { type NudgeViewRow, nudgeByIdStatement, openNudgesStatement, toNudge } from "../db/adaptive.ts";
import type { Db } from "../db/client.ts";
import { showableNudges } from "../db/nudges.ts";
import { requireMember } from "../http/auth.ts";
import { conflict, notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const nudges = router();
nudges.use("/v1/me/nudges", requireMember());
nudges.use("/v1/nudges/*", requireMember());

nudges.openapi(
  createRoute({
    method: "get",
    path: "/v1/me/nudges",
    tags: ["nudges"],
    summary: "Today: the caller's open nudges, newest first, each with its scenario and a practice link.",
    security: bearer,
    responses: { 200: jsonResponse(NudgeList, "Open nudges."), ...memberErrors },
  }),
  async (c) => {
    const now = c.var.now;
    const [res] = await c.var.db.batch([openNudgesStatement(c.var.db, c.var.principal.member.id, now)]);
    const result = res!.results as unknown as NudgeViewRow[];
    return c.json({ nudges: showableNudges(result, now) }, 200);
  },
);

const NudgeParams = z.object({ id: Id });

async function loadNudge(db: Db, id: string, memberId: string): Promise<NudgeViewRow> {
  const [res] = await db.batch([nudgeByIdStatement(db, id, memberId)]);
  const row = res!.results[0] as NudgeViewRow | undefined;
  if (!row) throw notFound("Nudge");
  return row;
}

const nudgeAction = (action: "dismiss" | "act", summary: string) =>
  createRoute({
    method: "post",
    path: `/v1/nudges/{id}/${action}`,
    tags: ["nudges"],
    summary,
    security: bearer,
    request: { params: NudgeParams },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(NudgeResponse, "The nudge, updated."), ...mutationErrors },
  });

nudges.openapi(nudgeAction("dismiss", "Dismiss a nudge: it leaves Today and the same situation does not nudge again."), async (c) => {
  const { id } = c.req.valid("param");
  const db = c.var.db;
  const row = await loadNudge(db, id, c.var.principal.member.id);
  const now = c.var.now.toISOString();
  const updated = { ...row, status: "dismissed" as const, snoozed_until: null };
  const body = { nudge: toNudge(updated) };
  await commit(c, [db.stmt("UPDATE nudges SET status = 'dismissed', dismissed_at = ?, snoozed_until = NULL WHERE id = ?", now, id)], body);
  return c.json(body, 200);
});

nudges.openapi(nudgeAction("act", "Act on a nudge (\"Practice now\"): marks it done and returns its practice link."), async (c) => {
  const { id } = c.req.valid("param");
  const db = c.var.db;
  const row = await loadNudge(db, id, c.var.principal.member.id);
  const now = c.var.now.toISOString();
  const body = { nudge: toNudge({ ...row, status: "acted", snoozed_until: null }) };
  await commit(c, [db.stmt("UPDATE nudges SET status = 'acted', acted_at = coalesce(acted_at, ?), snoozed_until = NULL WHERE id = ?", now, id)], body);
  return c.json(body, 200);
});

nudges.openapi(
  createRoute({
    method: "post",
    path: "/v1/nudges/{id}/snooze",
    tags: ["nudges"],
    summary: "Snooze a nudge for some hours (default 24): it comes back to Today afterwards.",
    security: bearer,
    request: { params: NudgeParams, body: jsonBody(SnoozeNudgeRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(NudgeResponse, "The nudge, snoozed."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { hours } = c.req.valid("json");
    const db = c.var.db;
    const row = await loadNudge(db, id, c.var.principal.member.id);
    if (row.status !== "open") throw conflict(`This nudge is already ${row.status === "acted" ? "done" : "dismissed"}; only an open nudge can be snoozed.`);
    const until = new Date(c.var.now.getTime() + hours * 3_600_000).toISOString();
    const body = { nudge: toNudge({ ...row, snoozed_until: until }) };
    await commit(c, [db.stmt("UPDATE nudges SET snoozed_until = ? WHERE id = ?", until, id)], body);
    return c.json(body, 200);
  },
);
