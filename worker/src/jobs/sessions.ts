// Expires practice conversations left idle (SESSION_IDLE_MINUTES without an answer): each is recorded with the
// turns done — one attempt, its XP and practice time — or, with no answer at all, just closed. Idempotent: an
// ending updates only a session still open, so two runs (or a run racing a late answer) record it once.
import { Db } from "../db/client.ts";
import { everyDatabase } from "../db/placement.ts";
import { type SessionRow, type TurnRow, endingWrites, idleSessionsStatement, repeatTodayStatement } from "../db/sessions.ts";
import { EMPTY_STATS, type MemberStatsRow, statsStatement } from "../db/stats.ts";
import type { Difficulty } from "@dq/shared";
import type { Env } from "../env.ts";
import type { ScheduledJob } from "../jobs.ts";

/** Records every idle open session in `db` as expired; returns how many. */
export async function expireIdleSessions(db: Db, now: Date): Promise<number> {
  let expired = 0;
  // Batches of idle sessions until none is left (bounded: a run does at most 50 batches; the next run goes on).
  for (let round = 0; round < 50; round++) {
    const idle = (await db.batch([idleSessionsStatement(db, now)]))[0]!.results as unknown as SessionRow[];
    if (idle.length === 0) return expired;
    for (const s of idle) {
      const [turns, scenario, stats, repeat] = await db.batch([
        db.stmt("SELECT * FROM session_turns WHERE session_id = ? ORDER BY n", s.id),
        db.stmt("SELECT difficulty FROM scenarios WHERE id = ?", s.scenario_id),
        statsStatement(db, s.member_id),
        repeatTodayStatement(db, s.member_id, s.scenario_id, new Date(s.last_turn_at)),
      ]);
      const ending = endingWrites(
        db,
        s,
        turns!.results as unknown as TurnRow[],
        { difficulty: ((scenario!.results[0] as { difficulty: Difficulty } | undefined)?.difficulty ?? "medium") as Difficulty },
        (stats!.results[0] as MemberStatsRow | undefined) ?? EMPTY_STATS(s.member_id),
        (repeat!.results[0] as { n: number }).n > 0,
        { status: "expired", endLine: null, strong: false, at: now.toISOString() },
      );
      await db.batch(ending.writes);
      expired += 1;
    }
  }
  return expired;
}

export const expirePracticeSessions: ScheduledJob = {
  name: "expire-practice-sessions",
  async run(env: Env, now: Date) {
    for (const d1 of everyDatabase(env)) await expireIdleSessions(new Db(d1), now);
  },
};
