// Health and vocabulary.
import { createRoute, z } from "@hono/zod-openapi";
import {
  Health,
  Vocabulary,
  categories,
  categoryLabels,
  crms,
  difficulties,
  industries,
  leadStatuses,
  lostReasonLabels,
  lostReasons,
  personaLabels,
  personas,
  results,
} from "@dq/shared";
import { requireMember } from "../http/auth.ts";
import { bearer, jsonResponse, memberErrors, router } from "../http/openapi.ts";
import { teamPlaybook } from "../domain/playbook.ts";

export const meta = router();

meta.openapi(
  createRoute({ method: "get", path: "/v1/health", tags: ["meta"], responses: { 200: jsonResponse(Health, "Alive, with version and migration level.") } }),
  async (c) => {
    const row = await c.var.db.first<{ applied: number; latest: string | null }>(
      "SELECT count(*) AS applied, max(name) AS latest FROM d1_migrations",
    );
    return c.json(
      {
        status: "ok" as const,
        version: c.env.DQ_VERSION ?? "dev",
        migrations: { applied: row?.applied ?? 0, latest: row?.latest ?? null },
        time: c.var.now.toISOString(),
      },
      200,
    );
  },
);

meta.openapi(
  createRoute({
    method: "get",
    path: "/v1/ping",
    tags: ["meta"],
    summary: "Liveness without touching D1 (the benchmarks' baseline).",
    responses: { 200: jsonResponse(z.object({ pong: z.literal(true) }), "Pong.") },
  }),
  (c) => c.json({ pong: true as const }, 200),
);

meta.use("/v1/vocabulary", requireMember());
meta.openapi(
  createRoute({
    method: "get",
    path: "/v1/vocabulary",
    tags: ["meta"],
    security: bearer,
    responses: { 200: jsonResponse(Vocabulary, "Every list the product speaks, with the team's own strategies and tactics."), ...memberErrors },
  }),
  (c) => {
    const playbook = teamPlaybook(c.var.principal.team.settings);
    return c.json(
      {
        categories: categories.map((id) => ({ id, label: categoryLabels[id] })),
        difficulties: [...difficulties],
        personas: personas.map((id) => ({ id, label: personaLabels[id] })),
        industries: [...industries],
        leadStatuses: [...leadStatuses],
        results: [...results],
        lostReasons: lostReasons.map((id) => ({ id, label: lostReasonLabels[id] })),
        crms: [...crms],
        strategies: playbook.strategies,
        tactics: playbook.tactics,
      },
      200,
    );
  },
);
