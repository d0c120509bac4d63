// Practice streaks: consecutive UTC days with at least one attempt.
export function utcDay(iso: string): string {
  return iso.slice(0, 10);
}

function previousDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The streak after practising on `today`, given the stored streak and last practice day. */
export function streakAfterPractice(lastDay: string | null, streak: number, today: string): number {
  if (lastDay === today) return Math.max(streak, 1);
  if (lastDay === previousDay(today)) return streak + 1;
  return 1;
}

/** The streak as shown on `today`: it survives until the end of the day after the last practice. */
export function currentStreak(lastDay: string | null, streak: number, today: string): number {
  if (!lastDay) return 0;
  return lastDay === today || lastDay === previousDay(today) ? streak : 0;
}
