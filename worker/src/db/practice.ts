// Recording one scored practice (a one-turn attempt, or a finished conversation): the attempt row, its XP in
// the ledger, and the member's running totals and streak — one write set, so every kind of practice counts
// the same way in XP, weak areas and analytics.
import type { CriterionFeedback } from "@dq/shared";
import type { Db } from "./client.ts";
import { MAX_ATTEMPT_SECONDS } from "./stats.ts";

export interface RecordedPractice {
  attemptId: string;
  teamId: string;
  memberId: string;
  scenarioId: string;
  /** What the rep wrote (a conversation's answers, turn by turn). */
  response: string;
  durationSec: number;
  score: number;
  criteria: CriterionFeedback[];
  xp: number;
  scorer: string;
  streak: number;
  /** ISO timestamp; its UTC day is the practice day. */
  at: string;
}

export function practiceWrites(db: Db, p: RecordedPractice): D1PreparedStatement[] {
  const seconds = Math.min(p.durationSec, MAX_ATTEMPT_SECONDS);
  return [
    db.stmt(
      // The scenario's category and difficulty are stored with the attempt (migration 0014: weak areas read no scenarios).
      `INSERT INTO attempts (id, team_id, member_id, scenario_id, response, duration_sec, score, feedback, xp, scorer, created_at, category, difficulty)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, (SELECT category FROM scenarios WHERE id = ?4), (SELECT difficulty FROM scenarios WHERE id = ?4))`,
      p.attemptId,
      p.teamId,
      p.memberId,
      p.scenarioId,
      p.response,
      p.durationSec,
      p.score,
      JSON.stringify(p.criteria),
      p.xp,
      p.scorer,
      p.at,
    ),
    db.stmt(
      "INSERT INTO xp_ledger (id, team_id, member_id, source, amount, reason, ref_id, created_at) VALUES (?, ?, ?, 'training', ?, 'practice_attempt', ?, ?)",
      crypto.randomUUID(),
      p.teamId,
      p.memberId,
      p.xp,
      p.attemptId,
      p.at,
    ),
    db.stmt(
      `INSERT INTO member_stats (member_id, training_xp, attempts, practice_seconds, streak, last_practice_day, last_practiced_at)
       VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6)
       ON CONFLICT (member_id) DO UPDATE SET training_xp = training_xp + ?2, attempts = attempts + 1,
         practice_seconds = practice_seconds + ?3, streak = ?4, last_practice_day = ?5, last_practiced_at = ?6`,
      p.memberId,
      p.xp,
      seconds,
      p.streak,
      p.at.slice(0, 10),
      p.at,
    ),
  ];
}
