// XP: one pool with two sources. Training XP grows with score and difficulty; support XP rewards
// logging real outcomes (the data that makes training adaptive) and winning.
import type { Difficulty, Result } from "@dq/shared";

export const DIFFICULTY_MULTIPLIER: Record<Difficulty, number> = { easy: 1, medium: 1.5, hard: 2 };

/** Training XP for a scored attempt; repeats of the same scenario within a day earn half. */
export function trainingXp(score: number, difficulty: Difficulty, repeatToday: boolean): number {
  const base = Math.round((score * DIFFICULTY_MULTIPLIER[difficulty]) / 5);
  return repeatToday ? Math.floor(base / 2) : base;
}

export const SUPPORT_XP = { outcomeLogged: 10, win: 25 } as const;

export function supportXp(result: Result): number {
  return SUPPORT_XP.outcomeLogged + (result === "won" ? SUPPORT_XP.win : 0);
}
