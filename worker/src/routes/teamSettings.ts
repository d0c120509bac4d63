// The team's nudge rules (stale-lead days, nudges per day, practice gap) and the adaptive
// schedule run by hand: a manager can run their team's jobs now instead of waiting for the cron.
import { createRoute } from "@hono/zod-openapi";
import { AdaptiveSettingsResponse, PatchAdaptiveSettingsRequest, ScheduleRunResponse } from "@dq/shared";
import { adaptiveSettings } from "../domain/nudges.ts";
import { adaptiveJobs, runTeamJob } from "../jobs/adaptive.ts";
import { requireMember } from "../http/auth.ts";
import { forbidden } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, managerBearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const teamSettings = router();
teamSettings.use("/v1/team/settings", requireMember());
teamSettings.use("/v1/team/schedule/run", requireMember("manager"));

interface RunRow {
  job: string;
  trigger: "cron" | "manual";
  started_at: string;
  finished_at: string | null;
  summary: string;
}

// Each job's latest run; runs that started in the same millisecond are told apart by insertion order (rowid).
const lastRunsSql = `SELECT job, trigger, started_at, finished_at, summary FROM schedule_runs r
  WHERE team_id = ? AND rowid = (SELECT rowid FROM schedule_runs r2 WHERE r2.team_id = r.team_id AND r2.job = r.job ORDER BY started_at DESC, rowid DESC LIMIT 1) ORDER BY job`;

const toRun = (r: RunRow) => ({ job: r.job, trigger: r.trigger, startedAt: r.started_at, finishedAt: r.finished_at, summary: JSON.parse(r.summary) as Record<string, unknown> });

teamSettings.openapi(
  createRoute({
    method: "get",
    path: "/v1/team/settings",
    tags: ["teams"],
    summary: "The team's nudge rules, and the last run of each scheduled job.",
    security: bearer,
    responses: { 200: jsonResponse(AdaptiveSettingsResponse, "Rules (defaults where unset) and last runs."), ...memberErrors },
  }),
  async (c) => {
    const { team } = c.var.principal;
    const runs = await c.var.db.all<RunRow>(lastRunsSql, team.id);
    return c.json({ settings: adaptiveSettings(team.settings), lastRuns: runs.map(toRun) }, 200);
  },
);

teamSettings.openapi(
  createRoute({
    method: "patch",
    path: "/v1/team/settings",
    tags: ["teams"],
    summary: "Change the team's nudge rules (manager): staleLeadDays, maxNudgesPerDay, practiceGapDays.",
    security: managerBearer,
    request: { body: jsonBody(PatchAdaptiveSettingsRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(AdaptiveSettingsResponse, "The rules as stored."), ...mutationErrors },
  }),
  async (c) => {
    const b = c.req.valid("json");
    const { member, team } = c.var.principal;
    if (member.role !== "manager") throw forbidden("Only a manager can change the team's rules.");
    const db = c.var.db;
    const settings = { ...adaptiveSettings(team.settings), ...b };
    const keys = Object.keys(b) as (keyof typeof b)[];
    const runs = await db.all<RunRow>(lastRunsSql, team.id);
    const response = { settings, lastRuns: runs.map(toRun) };
    // json_set touches only these keys: the playbook and other settings in the same JSON stay.
    await commit(
      c,
      [
        db.stmt(
          `UPDATE teams SET settings = json_set(CASE WHEN json_valid(settings) THEN settings ELSE '{}' END, ${keys.map(() => "?, ?").join(", ")}) WHERE id = ?`,
          ...keys.flatMap((k) => [`$.${k}`, b[k]]),
          team.id,
        ),
      ],
      response,
    );
    return c.json(response, 200);
  },
);

teamSettings.openapi(
  createRoute({
    method: "post",
    path: "/v1/team/schedule/run",
    tags: ["teams"],
    summary: "Run the adaptive schedule for the caller's team now (manager): stale leads, drafts, nudges.",
    description: "The same jobs the cron runs every 6 hours; idempotent, so running it again changes nothing new.",
    security: managerBearer,
    responses: { 200: jsonResponse(ScheduleRunResponse, "What each job did."), ...mutationErrors },
  }),
  async (c) => {
    const { team } = c.var.principal;
    const now = c.var.now;
    const jobs: Record<string, Record<string, number> | string> = {};
    // Read the settings fresh: a PATCH a moment ago must apply.
    const fresh = (await c.var.db.first<{ settings: string }>("SELECT settings FROM teams WHERE id = ?", team.id))?.settings ?? team.settings;
    for (const job of adaptiveJobs) jobs[job.name] = await runTeamJob(c.var.db, job, { id: team.id, settings: fresh }, now, "manual");
    return c.json({ jobs, ranAt: now.toISOString() }, 200);
  },
);
