// Scored practice: score an answer, award training XP, keep the streak.
import { createRoute } from "@hono/zod-openapi";
import { AttemptResult, CreateAttemptRequest } from "@dq/shared";
import { type ScenarioRow, pitfallsOf, rubricOf } from "../db/rows.ts";
import { practiceWrites } from "../db/practice.ts";
import { EMPTY_STATS, type MemberStatsRow, statsStatement } from "../db/stats.ts";
import { scorerFor } from "../domain/scorers.ts";
import { streakAfterPractice, utcDay } from "../domain/streak.ts";
import { trainingXp } from "../domain/xp.ts";
import { requireMember } from "../http/auth.ts";
import { notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, jsonBody, jsonResponse, mutationErrors, router } from "../http/openapi.ts";
import { visibleScenarios } from "../db/scenarios.ts";

export const training = router();
training.use("/v1/training/*", requireMember());

training.openapi(
  createRoute({
    method: "post",
    path: "/v1/training/attempts",
    tags: ["training"],
    summary: "Score a practice answer: score 0–100, feedback per criterion, XP and the ideal response.",
    security: bearer,
    request: { body: jsonBody(CreateAttemptRequest) },
    parameters: [IdempotencyHeader],
    responses: { 201: jsonResponse(AttemptResult, "The scored attempt."), ...mutationErrors },
  }),
  async (c) => {
    const b = c.req.valid("json");
    const p = c.var.principal;
    const db = c.var.db;
    const now = c.var.now.toISOString();
    const today = utcDay(now);
    const visible = visibleScenarios(p);
    const [scenarioRes, statsRes, repeatRes] = await db.batch([
      db.stmt(`SELECT * FROM scenarios WHERE id = ? AND ${visible.sql}`, b.scenarioId, ...visible.params),
      statsStatement(db, p.member.id),
      db.stmt("SELECT count(*) AS n FROM attempts WHERE member_id = ? AND scenario_id = ? AND created_at >= ?", p.member.id, b.scenarioId, `${today}T00:00:00.000Z`),
    ]);
    const scenario = scenarioRes!.results[0] as ScenarioRow | undefined;
    if (!scenario) throw notFound("Scenario");
    const stats = (statsRes!.results[0] as MemberStatsRow | undefined) ?? EMPTY_STATS(p.member.id);
    const repeatToday = (repeatRes!.results[0] as { n: number }).n > 0;

    const result = await scorerFor(c.env).score({
      response: b.response,
      situation: scenario.situation,
      buyerLine: scenario.buyer_line,
      idealResponse: scenario.ideal_response,
      rubric: rubricOf(scenario),
      pitfalls: pitfallsOf(scenario),
    });
    const xp = trainingXp(result.score, scenario.difficulty, repeatToday);
    const streak = streakAfterPractice(stats.last_practice_day, stats.streak, today);
    const attemptId = crypto.randomUUID();
    const response = {
      attempt: { id: attemptId, scenarioId: scenario.id, score: result.score, durationSec: b.durationSec, createdAt: now },
      score: result.score,
      summary: result.summary,
      criteria: result.criteria,
      xp: { awarded: xp, training: stats.training_xp + xp, total: stats.training_xp + stats.support_xp + xp },
      streak,
      idealResponse: scenario.ideal_response,
      scorer: result.scorer,
      ...(result.gate ? { gate: result.gate } : {}),
    };
    await commit(
      c,
      practiceWrites(db, {
        attemptId,
        teamId: p.team.id,
        memberId: p.member.id,
        scenarioId: scenario.id,
        response: b.response,
        durationSec: b.durationSec,
        score: result.score,
        criteria: result.criteria,
        xp,
        scorer: result.scorer,
        streak,
        at: now,
      }),
      response,
      201,
    );
    return c.json(response, 201);
  },
);
