// Experiment mode (manager): switch the randomized nudge holdout on or off, and read whether nudges caused
// the change — the one causal figure beside the dashboard's correlations.
import { createRoute } from "@hono/zod-openapi";
import { DAY_MS, EXPERIMENT_BLOCK_DAYS, EXPERIMENT_MAX_BLOCKS, ExperimentReport, ExperimentSettings, PatchExperimentRequest } from "@dq/shared";
import { experimentDealsStatement, readArms, teamArmsStatement, teamAssignmentsStatement, type AssignmentRow, type ExperimentDealRow, insertAssignmentStatement } from "../db/experiment.ts";
import { experimentReport } from "../domain/analytics/experimentReport.ts";
import { addDays } from "../domain/analytics/period.ts";
import { armsInBlock, changedExperiment, currentBlock, experimentSettingsView, storedExperiment } from "../domain/holdout.ts";
import { requireMember } from "../http/auth.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, managerBearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const experiment = router();
experiment.use("/v1/team/experiment", requireMember("manager"));

const EXPERIMENT_DESCRIPTION =
  "When experiment mode is on, each (rep × category × 4-week block) is assigned at random, once, to `nudge` or `holdout` (share `holdoutShare`, default 20%). Held-out reps get no nudge and no recommendation for that category in that block; the library stays open. The outcome is the funnel step the category trains, on the rep's deals closed in the 30 days from the block's start. The difference between arms gets Newcombe's hybrid score interval and a two-sided randomization (permutation) test over the assignment units (rep × block): exact when there are few enough re-assignments, a seeded Monte Carlo sample otherwise.";

experiment.openapi(
  createRoute({
    method: "get",
    path: "/v1/team/experiment",
    tags: ["analytics"],
    summary: "Did nudges cause it? The randomized holdout's result per category and pooled (manager).",
    description: EXPERIMENT_DESCRIPTION,
    security: managerBearer,
    responses: { 200: jsonResponse(ExperimentReport, "Settings, results per category and pooled, caveats."), ...memberErrors },
  }),
  async (c) => {
    const { team } = c.var.principal;
    const now = c.var.now;
    const db = c.var.db;
    const e = storedExperiment(team.settings);
    let assignments: AssignmentRow[] = [];
    let deals: ExperimentDealRow[] = [];
    if (e.startedOn) {
      // At most the last EXPERIMENT_MAX_BLOCKS blocks: the first reported block, and deals from its start.
      const today = now.toISOString().slice(0, 10);
      const blocks = Math.max(0, Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${e.startedOn}T00:00:00Z`)) / (EXPERIMENT_BLOCK_DAYS * DAY_MS)));
      const from = addDays(e.startedOn, Math.max(0, blocks - EXPERIMENT_MAX_BLOCKS + 1) * EXPERIMENT_BLOCK_DAYS);
      const [a, d] = await db.batch([teamAssignmentsStatement(db, team.id, from), experimentDealsStatement(db, team.id, `${from}T00:00:00.000Z`)]);
      assignments = a!.results as unknown as AssignmentRow[];
      deals = d!.results as unknown as ExperimentDealRow[];
    }
    return c.json(experimentReport({ settings: experimentSettingsView(e, now), seed: e.seed ?? team.id, assignments, deals, now }), 200);
  },
);

experiment.openapi(
  createRoute({
    method: "patch",
    path: "/v1/team/experiment",
    tags: ["analytics"],
    summary: "Switch experiment mode on or off, or change the holdout share (manager).",
    description: `${EXPERIMENT_DESCRIPTION} Switching it on the first time fixes the first block (this week's Monday) and the seed; switching it off stops holding anyone out and keeps every assignment made. A new share applies to units not yet assigned.`,
    security: managerBearer,
    request: { body: jsonBody(PatchExperimentRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(ExperimentSettings, "The experiment's settings as stored."), ...mutationErrors },
  }),
  async (c) => {
    const change = c.req.valid("json");
    const { team } = c.var.principal;
    const now = c.var.now;
    const db = c.var.db;
    const next = changedExperiment(storedExperiment(team.settings), change, now, () => crypto.randomUUID());
    const writes = [
      db.stmt(
        "UPDATE teams SET settings = json_set(CASE WHEN json_valid(settings) THEN settings ELSE '{}' END, '$.experiment', json(?)) WHERE id = ?",
        JSON.stringify(next),
        team.id,
      ),
    ];
    // Switched on: this block's units are drawn now for every rep, so the block starts with its arms fixed.
    const block = currentBlock(next, now);
    if (block) {
      const [reps, stored] = await db.batch([db.stmt("SELECT id FROM members WHERE team_id = ? AND role = 'rep'", team.id), teamArmsStatement(db, team.id, block.start)]);
      const ids = (reps!.results as { id: string }[]).map((r) => r.id);
      const { toStore } = armsInBlock(next, team.id, ids, block.start, readArms(stored));
      writes.push(...toStore.map((a) => insertAssignmentStatement(db, a, now.toISOString())));
    }
    const response = experimentSettingsView(next, now);
    await commit(c, writes, response);
    return c.json(response, 200);
  },
);

