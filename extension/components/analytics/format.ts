// Numbers for people: rates as percentages with their interval, hours, signed points, ISO weeks.
import { type CategoryLift, liftMethodLabels, type Rate } from "@dq/shared";

export const pct = (x: number | null | undefined, digits = 0) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(digits)}%`);

/** "48% (40–56%)": a rate with its 95% interval. */
export function rateText(r: Rate): string {
  if (r.rate === null) return "—";
  return `${pct(r.rate)} (${pct(r.low)}–${pct(r.high)})`;
}

/** "12 of 25". */
export const ofText = (r: Rate) => `${r.k} of ${r.n}`;

export function hours(h: number): string {
  if (h === 0) return "0 h";
  if (h < 1) return `${Math.round(h * 60)} min`;
  return `${h.toFixed(h < 10 ? 1 : 0)} h`;
}

export const ratio = (x: number | null | undefined, digits = 2) => (x === null || x === undefined ? "—" : x.toFixed(digits));

/** A difference of two rates in percentage points: "+12 pts". */
export function pointsText(x: number | null | undefined): string {
  if (x === null || x === undefined) return "—";
  const v = Math.round(x * 100);
  return `${v > 0 ? "+" : v < 0 ? "−" : ""}${Math.abs(v)} pts`;
}

/** How a lift's interval was computed, for a tooltip: "Newcombe hybrid score interval", "bootstrap over 9 reps". */
export function liftMethodText(l: Pick<CategoryLift, "method" | "reps">): string {
  if (l.method === null) return "no interval";
  return l.method === "rep_clustered_bootstrap" ? `bootstrap over ${l.reps} reps` : liftMethodLabels[l.method];
}

/** What a lift reading leads with: the change in points, or why there is none. */
export function liftFigure(l: Pick<CategoryLift, "status" | "difference">): string {
  if (l.status === "measured") return pointsText(l.difference);
  return l.status === "too_few" ? "too few outcomes" : "not measured yet";
}

export function pValueText(p: number | null): string {
  if (p === null) return "p —";
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(p < 0.01 ? 3 : 2)}`;
}

/** "Feb 9" for an ISO date. */
export function shortDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
}

export function longDate(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
}
