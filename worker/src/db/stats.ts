// Running totals per member (member_stats): read with the principal's data, updated in write batches.
import type { Db } from "./client.ts";

export interface MemberStatsRow {
  member_id: string;
  training_xp: number;
  support_xp: number;
  attempts: number;
  practice_seconds: number;
  outcomes: number;
  streak: number;
  last_practice_day: string | null;
  last_practiced_at: string | null;
}

export const EMPTY_STATS = (memberId: string): MemberStatsRow => ({
  member_id: memberId,
  training_xp: 0,
  support_xp: 0,
  attempts: 0,
  practice_seconds: 0,
  outcomes: 0,
  streak: 0,
  last_practice_day: null,
  last_practiced_at: null,
});

export const statsStatement = (db: Db, memberId: string) => db.stmt("SELECT * FROM member_stats WHERE member_id = ?", memberId);

/** Practice time counts at most 30 minutes per attempt (a tab left open is not training). */
export const MAX_ATTEMPT_SECONDS = 1800;
