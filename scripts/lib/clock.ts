// The moment local runs and the tests treat as "now". `DQ_NOW` (an ISO date or timestamp) pins it, so the demo
// data, the worker's clock and every expectation derived from them can be run on any calendar day (month and
// year ends, leap days) — the suite must pass on all of them. Unset, it is the real time.
/** Where DQ_NOW is read: the process environment, or (in workerd, which has none) what the test config passed on. */
type Vars = { DQ_NOW?: string };

export function pinnedNow(env: Vars = process.env): Date | null {
  const raw = env.DQ_NOW?.trim();
  if (!raw) return null;
  const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T12:00:00.000Z` : raw);
  if (Number.isNaN(at.getTime())) throw new Error(`DQ_NOW is not a date: ${raw} (use e.g. 2027-01-31 or 2027-01-31T23:30:00Z)`);
  return at;
}

/** `DQ_NOW` when set, else the real time. */
export const demoNow = (env: Vars = process.env): Date => pinnedNow(env) ?? new Date();
