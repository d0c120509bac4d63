// Scored practice: score an answer, award training XP, keep the streak.
import { createRoute } from "@hono/zod-openapi";
import { AttemptResult, CreateAttemptRequest } from "@dq/shared";
import { type ScenarioRow, pitfallsOf, rubricOf } from "../db/rows.ts";
import { EMPTY_STATS, MAX_ATTEMPT_SECONDS, type MemberStatsRow, statsStatement } from "../db/stats.ts";
import { scorerFor } from "../domain/scorers.ts";
import { streakAfterPractice, utcDay } from "../domain/streak.ts";
import { trainingXp } from "../domain/xp.ts";
import { requireMember } from "../http/auth.ts";
import { notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, jsonBody, jsonResponse, mutationErrors, router } from "../http/openapi.ts";
import { visibleScenarios } from "./scenarios.ts";

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
    const seconds = Math.min(b.durationSec, MAX_ATTEMPT_SECONDS);
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
      [
        db.stmt(
          "INSERT INTO attempts (id, team_id, member_id, scenario_id, response, duration_sec, score, feedback, xp, scorer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          attemptId,
          p.team.id,
          p.member.id,
          scenario.id,
          b.response,
          b.durationSec,
          result.score,
          JSON.stringify(result.criteria),
          xp,
          result.scorer,
          now,
        ),
        db.stmt(
          "INSERT INTO xp_ledger (id, team_id, member_id, source, amount, reason, ref_id, created_at) VALUES (?, ?, ?, 'training', ?, 'practice_attempt', ?, ?)",
          crypto.randomUUID(),
          p.team.id,
          p.member.id,
          xp,
          attemptId,
          now,
        ),
        db.stmt(
          `INSERT INTO member_stats (member_id, training_xp, attempts, practice_seconds, streak, last_practice_day, last_practiced_at)
           VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6)
           ON CONFLICT (member_id) DO UPDATE SET training_xp = training_xp + ?2, attempts = attempts + 1,
             practice_seconds = practice_seconds + ?3, streak = ?4, last_practice_day = ?5, last_practiced_at = ?6`,
          p.member.id,
          xp,
          seconds,
          streak,
          today,
          now,
        ),
      ],
      response,
      201,
    );
    return c.json(response, 201);
  },
);
