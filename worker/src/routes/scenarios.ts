// The scenario pool: the global library plus the team's own (published; drafts for their author and managers).
import { createRoute, z } from "@hono/zod-openapi";
import { Id, Scenario, ScenarioList, ScenarioListQuery } from "@dq/shared";
import { visibleScenarios } from "../db/scenarios.ts";
import { SCENARIO_SUMMARY_COLUMNS, type ScenarioRow, toScenario, toScenarioSummary } from "../db/rows.ts";
import { requireMember } from "../http/auth.ts";
import { notFound } from "../http/errors.ts";
import { bearer, jsonResponse, memberErrors, router } from "../http/openapi.ts";

export const scenarios = router();
scenarios.use("/v1/scenarios/*", requireMember());

const DIFFICULTY_ORDER = "CASE difficulty WHEN 'easy' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END";

scenarios.openapi(
  createRoute({
    method: "get",
    path: "/v1/scenarios",
    tags: ["scenarios"],
    summary: "The scenario pool: global library + team scenarios, filtered.",
    security: bearer,
    request: { query: ScenarioListQuery },
    responses: { 200: jsonResponse(ScenarioList, "Scenarios by category, then difficulty."), ...memberErrors },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const visible = visibleScenarios(c.var.principal);
    const where = [visible.sql];
    const params: string[] = [...visible.params];
    for (const [column, value] of [
      ["category", q.category],
      ["difficulty", q.difficulty],
      ["persona", q.persona],
      ["source", q.source],
      ["status", q.status],
    ] as const) {
      if (value) {
        where.push(`${column} = ?`);
        params.push(value);
      }
    }
    const rows = await c.var.db.all<ScenarioRow>(
      `SELECT ${SCENARIO_SUMMARY_COLUMNS} FROM scenarios WHERE ${where.join(" AND ")} ORDER BY category, ${DIFFICULTY_ORDER}, title LIMIT 1000`,
      ...params,
    );
    return c.json({ scenarios: rows.map(toScenarioSummary) }, 200);
  },
);

scenarios.openapi(
  createRoute({
    method: "get",
    path: "/v1/scenarios/{id}",
    tags: ["scenarios"],
    summary: "One scenario; its ideal response is shown once the caller has attempted it.",
    security: bearer,
    request: { params: z.object({ id: Id }) },
    responses: { 200: jsonResponse(Scenario, "The scenario."), ...memberErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const p = c.var.principal;
    const db = c.var.db;
    const visible = visibleScenarios(p);
    const [scenario, mine] = await db.batch([
      db.stmt(`SELECT * FROM scenarios WHERE id = ? AND ${visible.sql}`, id, ...visible.params),
      db.stmt("SELECT count(*) AS attempts, max(score) AS best FROM attempts WHERE member_id = ? AND scenario_id = ?", p.member.id, id),
    ]);
    const row = scenario!.results[0] as ScenarioRow | undefined;
    if (!row) throw notFound("Scenario");
    const stats = mine!.results[0] as { attempts: number; best: number | null };
    return c.json(toScenario(row, stats.attempts, stats.best), 200);
  },
);
