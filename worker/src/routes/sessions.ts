// Practice conversations: start one on a scenario (the buyer's first line), answer turn by turn (each turn scored
// and answered by the buyer's next line — a pushback on what was missed — or the end with the total), read one
// back. Answering a turn twice returns its first result. POST /v1/training/attempts stays the one-turn form.
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { Id, MAX_SESSION_TURNS, PracticeSession, SESSION_IDLE_MINUTES, SessionTurnRequest, SessionTurnResult, StartSessionRequest } from "@dq/shared";
import type { Db } from "../db/client.ts";
import type { ScenarioRow } from "../db/rows.ts";
import {
  type SessionRow,
  type TurnRow,
  conversationOf,
  endingWrites,
  isIdle,
  repeatTodayStatement,
  sessionView,
  toTurn,
  turnRecord,
} from "../db/sessions.ts";
import { EMPTY_STATS, type MemberStatsRow, statsStatement } from "../db/stats.ts";
import { type PushTarget, canConverse, nextTurn, turnRubric } from "../domain/conversation.ts";
import { scorerFor } from "../domain/scorers.ts";
import { ApiException, conflict, notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";
import { visibleScenarios } from "../db/scenarios.ts";

// Authentication: the training router's requireMember("/v1/training/*") covers these paths too.
export const sessions = router();

const SessionParams = z.object({ id: Id });
type ConversationRow = ScenarioRow & { closing_line: string | null };

const totalsOf = (stats: MemberStatsRow) => ({ training: stats.training_xp, total: stats.training_xp + stats.support_xp, streak: stats.streak });

const expiredMessage = `This conversation expired after ${SESSION_IDLE_MINUTES} minutes without an answer; the turns you answered were counted. Start a new one to practise again.`;

sessions.openapi(
  createRoute({
    method: "post",
    path: "/v1/training/sessions",
    tags: ["training"],
    summary: "Start a practice conversation on a scenario: the buyer's first line.",
    description: `Up to ${MAX_SESSION_TURNS} buyer turns. After each answer the buyer pushes back on what it missed (or ends the conversation); a scenario without pushbacks is a one-turn session. An open conversation expires after ${SESSION_IDLE_MINUTES} minutes without an answer and counts only the turns done.`,
    security: bearer,
    request: { body: jsonBody(StartSessionRequest) },
    parameters: [IdempotencyHeader],
    responses: { 201: jsonResponse(PracticeSession, "The conversation, awaiting the first answer."), ...mutationErrors },
  }),
  async (c) => {
    const { scenarioId } = c.req.valid("json");
    const p = c.var.principal;
    const db = c.var.db;
    const now = c.var.now.toISOString();
    const visible = visibleScenarios(p);
    const scenario = await db.first<ConversationRow>(`SELECT * FROM scenarios WHERE id = ? AND ${visible.sql}`, scenarioId, ...visible.params);
    if (!scenario) throw notFound("Scenario");
    const row: SessionRow = {
      id: crypto.randomUUID(),
      team_id: p.team.id,
      member_id: p.member.id,
      scenario_id: scenario.id,
      status: "open",
      max_turns: canConverse(conversationOf(scenario)) ? MAX_SESSION_TURNS : 1,
      turns_done: 0,
      next_line: scenario.buyer_line,
      next_target: null,
      end_line: null,
      strong: null,
      score: null,
      xp: null,
      attempt_id: null,
      started_at: now,
      last_turn_at: now,
      ended_at: null,
    };
    const body = sessionView(row, [], scenario, { training: 0, total: 0, streak: 0 });
    await commit(
      c,
      [
        db.stmt(
          "INSERT INTO practice_sessions (id, team_id, member_id, scenario_id, status, max_turns, turns_done, next_line, started_at, last_turn_at) VALUES (?, ?, ?, ?, 'open', ?, 0, ?, ?, ?)",
          row.id,
          row.team_id,
          row.member_id,
          row.scenario_id,
          row.max_turns,
          row.next_line,
          now,
          now,
        ),
      ],
      body,
      201,
    );
    return c.json(body, 201);
  },
);

/** The session (the caller's only), its turns, its scenario, and what ending it needs — one read batch. */
async function loadSession(c: { var: { db: Db } }, id: string, memberId: string) {
  const db = c.var.db;
  const [sessionRes, turnsRes, scenarioRes, statsRes] = await db.batch([
    db.stmt("SELECT * FROM practice_sessions WHERE id = ? AND member_id = ?", id, memberId),
    db.stmt("SELECT t.* FROM session_turns t JOIN practice_sessions s ON s.id = t.session_id WHERE t.session_id = ? AND s.member_id = ? ORDER BY t.n", id, memberId),
    db.stmt("SELECT sc.* FROM scenarios sc JOIN practice_sessions s ON s.scenario_id = sc.id WHERE s.id = ? AND s.member_id = ?", id, memberId),
    statsStatement(db, memberId),
  ]);
  const session = sessionRes!.results[0] as SessionRow | undefined;
  const scenario = scenarioRes!.results[0] as ConversationRow | undefined;
  if (!session || !scenario) throw notFound("Practice session");
  return { session, turns: turnsRes!.results as unknown as TurnRow[], scenario, stats: (statsRes!.results[0] as MemberStatsRow | undefined) ?? EMPTY_STATS(memberId) };
}

sessions.openapi(
  createRoute({
    method: "get",
    path: "/v1/training/sessions/{id}",
    tags: ["training"],
    summary: "A practice conversation as it stands (to resume it after closing the side panel).",
    security: bearer,
    request: { params: SessionParams },
    responses: { 200: jsonResponse(PracticeSession, "The conversation."), ...memberErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { session, turns, scenario, stats } = await loadSession(c, id, c.var.principal.member.id);
    // As it stands: an idle one (expiresAt in the past) is recorded as expired by the expiry job or the next answer.
    return c.json(sessionView(session, turns, scenario, totalsOf(stats)), 200);
  },
);

sessions.openapi(
  createRoute({
    method: "post",
    path: "/v1/training/sessions/{id}/turns",
    tags: ["training"],
    summary: "Answer the buyer's current line: the turn's score and feedback, and the buyer's next line or the end with the total.",
    description:
      "`n` names the turn answered: sending a turn that was already answered returns its first result (nothing is scored twice). A later turn is scored on its own small rubric: the point the buyer pushed on, plus craft and pitfalls. The conversation's score weights turn one most (0.6 / 0.25 / 0.15, renormalized over the turns done) and is recorded as one attempt.",
    security: bearer,
    request: { params: SessionParams, body: jsonBody(SessionTurnRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(SessionTurnResult, "The turn and the conversation after it."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const b = c.req.valid("json");
    const p = c.var.principal;
    const db = c.var.db;
    const now = c.var.now;
    const at = now.toISOString();
    const { session, turns, scenario, stats } = await loadSession(c, id, p.member.id);

    const answered = turns.find((t) => t.n === b.n);
    if (answered) return c.json({ session: sessionView(session, turns, scenario, totalsOf(stats)), turn: toTurn(answered) }, 200);
    if (session.status === "expired") throw new ApiException(409, "session_expired", expiredMessage);
    if (session.status === "done") throw conflict("This conversation has ended; start a new one to practise again.");
    const repeatToday = ((await db.batch([repeatTodayStatement(db, p.member.id, scenario.id, now)]))[0]!.results[0] as { n: number }).n > 0;
    if (isIdle(session, now)) {
      // It went idle before this answer arrived: record it as expired (the turns done count), then say so.
      const ending = endingWrites(db, session, turns, scenario, stats, repeatToday, { status: "expired", endLine: null, strong: false, at });
      await db.batch(ending.writes);
      throw new ApiException(409, "session_expired", expiredMessage);
    }
    if (b.n !== session.turns_done + 1) throw conflict(`This conversation is waiting for the answer to turn ${session.turns_done + 1}.`);

    const conversation = conversationOf(scenario);
    const target = session.next_target ? (JSON.parse(session.next_target) as PushTarget) : null;
    const records = turns.map(turnRecord);
    const small = target ? turnRubric(conversation, target, records) : null;
    const result = await scorerFor(c.env).score({
      response: b.response,
      situation: scenario.situation,
      buyerLine: session.next_line ?? scenario.buyer_line,
      idealResponse: small?.idealResponse ?? scenario.ideal_response,
      rubric: small?.rubric ?? conversation.rubric,
      pitfalls: conversation.pitfalls,
    });
    const turn: TurnRow = {
      session_id: session.id,
      n: b.n,
      buyer_line: session.next_line ?? scenario.buyer_line,
      target: session.next_target,
      response: b.response,
      score: result.score,
      summary: result.summary,
      criteria: JSON.stringify(result.criteria),
      gate: result.gate ?? null,
      duration_sec: b.durationSec,
      scorer: result.scorer,
      created_at: at,
    };
    const allTurns = [...turns, turn];
    const next = nextTurn(conversation, allTurns.map(turnRecord), session.max_turns);
    const writes: D1PreparedStatement[] = [
      // INSERT OR IGNORE on (session, n): of two racing answers to one turn, the first stays.
      db.stmt(
        "INSERT OR IGNORE INTO session_turns (session_id, n, buyer_line, target, response, score, summary, criteria, gate, duration_sec, scorer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        turn.session_id,
        turn.n,
        turn.buyer_line,
        turn.target,
        turn.response,
        turn.score,
        turn.summary,
        turn.criteria,
        turn.gate,
        turn.duration_sec,
        turn.scorer,
        turn.created_at,
      ),
    ];
    let after: SessionRow;
    let totals = totalsOf(stats);
    if (next.end) {
      const ending = endingWrites(db, session, allTurns, scenario, stats, repeatToday, { status: "done", endLine: next.buyerLine, strong: next.strong, at });
      writes.push(
        db.stmt("UPDATE practice_sessions SET turns_done = ?, last_turn_at = ? WHERE id = ? AND turns_done = ?", b.n, at, session.id, session.turns_done),
        ...ending.writes,
      );
      after = { ...session, status: "done", turns_done: b.n, last_turn_at: at, next_line: null, next_target: null, end_line: next.buyerLine, strong: next.strong ? 1 : 0, score: ending.score, xp: ending.xp, attempt_id: ending.attemptId, ended_at: at };
      totals = { training: stats.training_xp + ending.xp, total: stats.training_xp + stats.support_xp + ending.xp, streak: ending.streak };
    } else {
      const nextTarget = JSON.stringify(next.target);
      writes.push(
        db.stmt(
          "UPDATE practice_sessions SET turns_done = ?, next_line = ?, next_target = ?, last_turn_at = ? WHERE id = ? AND turns_done = ?",
          b.n,
          next.buyerLine,
          nextTarget,
          at,
          session.id,
          session.turns_done,
        ),
      );
      after = { ...session, turns_done: b.n, next_line: next.buyerLine, next_target: nextTarget, last_turn_at: at };
    }
    const body = { session: sessionView(after, allTurns, scenario, totals), turn: toTurn(turn) };
    await commit(c, writes, body);
    return c.json(body, 200);
  },
);
