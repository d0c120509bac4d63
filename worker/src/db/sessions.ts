// Practice conversations in D1: the session row, its immutable turns, the view the API returns, and the writes
// that end a conversation (one attempt through the same write set as a one-turn attempt).
import { type CriterionFeedback, type Difficulty, type PracticeSession, type ScoreGate, type SessionTurn, SESSION_IDLE_MINUTES } from "@dq/shared";
import { type ConversationScenario, type PushTarget, type TurnRecord, conversationScore, idealPath } from "../domain/conversation.ts";
import { trainingXp } from "../domain/xp.ts";
import { streakAfterPractice, utcDay } from "../domain/streak.ts";
import type { Db } from "./client.ts";
import { practiceWrites } from "./practice.ts";
import { type ScenarioRow, pitfallsOf, rubricOf } from "./rows.ts";
import type { MemberStatsRow } from "./stats.ts";

export interface SessionRow {
  id: string;
  team_id: string;
  member_id: string;
  scenario_id: string;
  status: "open" | "done" | "expired";
  max_turns: number;
  turns_done: number;
  next_line: string | null;
  next_target: string | null;
  end_line: string | null;
  strong: number | null;
  score: number | null;
  xp: number | null;
  attempt_id: string | null;
  started_at: string;
  last_turn_at: string;
  ended_at: string | null;
}

export interface TurnRow {
  session_id: string;
  n: number;
  buyer_line: string;
  target: string | null;
  response: string;
  score: number;
  summary: string;
  criteria: string;
  gate: string | null;
  duration_sec: number;
  scorer: string;
  created_at: string;
}

export const IDLE_MS = SESSION_IDLE_MINUTES * 60_000;

/** Has an open session gone idle? */
export const isIdle = (s: Pick<SessionRow, "status" | "last_turn_at">, now: Date) => s.status === "open" && Date.parse(s.last_turn_at) + IDLE_MS <= now.getTime();

export function conversationOf(r: Pick<ScenarioRow, "buyer_line" | "ideal_response" | "rubric" | "pitfalls"> & { closing_line?: string | null }): ConversationScenario {
  return { buyerLine: r.buyer_line, idealResponse: r.ideal_response, rubric: rubricOf(r), pitfalls: pitfallsOf(r), closingLine: r.closing_line ?? null };
}

export const toTurn = (t: TurnRow): SessionTurn => ({
  n: t.n,
  buyerLine: t.buyer_line,
  response: t.response,
  score: t.score,
  summary: t.summary,
  criteria: JSON.parse(t.criteria) as CriterionFeedback[],
  ...(t.gate ? { gate: t.gate as ScoreGate } : {}),
  at: t.created_at,
});

export const turnRecord = (t: TurnRow): TurnRecord => ({
  n: t.n,
  buyerLine: t.buyer_line,
  target: t.target ? (JSON.parse(t.target) as PushTarget) : null,
  score: t.score,
  criteria: (JSON.parse(t.criteria) as CriterionFeedback[]).map((c) => ({ id: c.id, kind: c.kind, met: c.met })),
});

/** What the API shows of a session. `totals` are the member's XP totals after it (for a finished one). */
export function sessionView(
  s: SessionRow,
  turns: TurnRow[],
  scenario: Pick<ScenarioRow, "title" | "buyer_line" | "ideal_response" | "rubric" | "pitfalls"> & { closing_line?: string | null },
  totals: { training: number; total: number; streak: number },
): PracticeSession {
  const ordered = [...turns].sort((a, b) => a.n - b.n);
  const ended = s.status !== "open";
  return {
    id: s.id,
    scenarioId: s.scenario_id,
    title: scenario.title,
    status: s.status,
    maxTurns: s.max_turns,
    turns: ordered.map(toTurn),
    next: ended || s.next_line === null ? null : { n: s.turns_done + 1, buyerLine: s.next_line },
    end:
      ended && s.attempt_id !== null
        ? {
            buyerLine: s.end_line,
            strong: s.strong === 1,
            score: s.score ?? 0,
            xp: { awarded: s.xp ?? 0, training: totals.training, total: totals.total },
            streak: totals.streak,
            attemptId: s.attempt_id,
            idealPath: idealPath(conversationOf(scenario), ordered.map(turnRecord)),
          }
        : null,
    startedAt: s.started_at,
    expiresAt: ended ? null : new Date(Date.parse(s.last_turn_at) + IDLE_MS).toISOString(),
  };
}

export interface Ending {
  status: "done" | "expired";
  endLine: string | null;
  strong: boolean;
  at: string;
}

/**
 * Ending a conversation: its score from the turns done, XP as for one attempt (half for a scenario already
 * practised today), practice time = the turns' time (capped like any attempt), and one attempt row. A session
 * that expires before any answer records nothing.
 */
export function endingWrites(
  db: Db,
  s: SessionRow,
  turns: TurnRow[],
  scenario: { difficulty: Difficulty },
  stats: MemberStatsRow,
  repeatToday: boolean,
  e: Ending,
): { writes: D1PreparedStatement[]; score: number; xp: number; streak: number; attemptId: string | null } {
  const ordered = [...turns].sort((a, b) => a.n - b.n);
  if (ordered.length === 0) {
    return {
      writes: [db.stmt("UPDATE practice_sessions SET status = ?, ended_at = ?, next_line = NULL, next_target = NULL WHERE id = ? AND status = 'open'", e.status, e.at, s.id)],
      score: 0,
      xp: 0,
      streak: stats.streak,
      attemptId: null,
    };
  }
  const score = conversationScore(ordered.map((t) => t.score));
  const xp = trainingXp(score, scenario.difficulty, repeatToday);
  // The practice day is the last answer's (an expired session is recorded when the job notices it).
  const lastAt = ordered.at(-1)!.created_at;
  const streak = streakAfterPractice(stats.last_practice_day, stats.streak, utcDay(lastAt));
  const attemptId = crypto.randomUUID();
  const criteria = ordered.flatMap((t) => (JSON.parse(t.criteria) as CriterionFeedback[]).map((c) => ({ ...c, id: t.n === 1 ? c.id : `turn${t.n}:${c.id}` })));
  return {
    writes: [
      ...practiceWrites(db, {
        attemptId,
        teamId: s.team_id,
        memberId: s.member_id,
        scenarioId: s.scenario_id,
        response: ordered.map((t) => t.response).join("\n\n"),
        durationSec: ordered.reduce((sum, t) => sum + t.duration_sec, 0),
        score,
        criteria,
        xp,
        scorer: ordered[0]!.scorer,
        streak,
        at: lastAt,
      }),
      db.stmt(
        "UPDATE practice_sessions SET status = ?, end_line = ?, strong = ?, score = ?, xp = ?, attempt_id = ?, ended_at = ?, next_line = NULL, next_target = NULL WHERE id = ? AND status = 'open'",
        e.status,
        e.endLine,
        e.strong ? 1 : 0,
        score,
        xp,
        attemptId,
        e.at,
        s.id,
      ),
    ],
    score,
    xp,
    streak,
    attemptId,
  };
}

/** The member's attempts at a scenario today (a second practice of it the same day earns half XP). */
export const repeatTodayStatement = (db: Db, memberId: string, scenarioId: string, now: Date) =>
  db.stmt("SELECT count(*) AS n FROM attempts WHERE member_id = ? AND scenario_id = ? AND created_at >= ?", memberId, scenarioId, `${utcDay(now.toISOString())}T00:00:00.000Z`);

/** Idle open sessions, oldest first (the expiry job's batch). */
export const idleSessionsStatement = (db: Db, now: Date, limit = 200) =>
  db.stmt("SELECT * FROM practice_sessions WHERE status = 'open' AND last_turn_at <= ? ORDER BY last_turn_at LIMIT ?", new Date(now.getTime() - IDLE_MS).toISOString(), limit);

