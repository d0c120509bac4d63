// Issue 11's targets, checked on the bench's measurements (ratios against the no-op measured in the same run).
export type RouteKind = "noop" | "rep-read" | "team-analytics" | "write";

export interface Measured {
  route: string;
  kind: RouteKind;
  size: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** req/s over the no-op's req/s at the same size. */
  ratio: number;
  roundTrips: number;
  rowsRead: number;
  rowsWritten: number;
  errors: number;
}

export interface Miss {
  route: string;
  size: string;
  reason: string;
}

export const TARGETS_TEXT =
  "per-rep reads ≥ 0.6× no-op req/s, p95 ≤ 1.5× the no-op's, rows read flat from 1x (≤ 1.25× the 1x figure + 10); " +
  "team analytics ≥ 0.25× no-op, ≤ 20,000 rows read; writes ≥ 0.3× no-op; no errors.";

/** Every target each measured route misses, with the figure that misses it. */
export function missedTargets(rows: Measured[]): Miss[] {
  const misses: Miss[] = [];
  const noop = (size: string) => rows.find((r) => r.kind === "noop" && r.size === size);
  const smallest = (route: string) => rows.find((r) => r.route === route);
  for (const r of rows) {
    if (r.kind === "noop") continue;
    const miss = (reason: string) => misses.push({ route: r.route, size: r.size, reason });
    const base = noop(r.size);
    if (r.errors > 0) miss(`${r.errors} errors`);
    if (r.kind === "rep-read") {
      if (r.ratio < 0.6) miss(`${r.ratio.toFixed(2)}x < 0.6x no-op`);
      if (base && r.p95 > 1.5 * base.p95) miss(`p95 ${r.p95.toFixed(1)} ms > 1.5 × ${base.p95.toFixed(1)} ms`);
      const first = smallest(r.route);
      if (first && first !== r && r.rowsRead > 1.25 * first.rowsRead + 10) miss(`rows read ${r.rowsRead} vs ${first.rowsRead} at ${first.size}`);
    }
    if (r.kind === "team-analytics") {
      if (r.ratio < 0.25) miss(`${r.ratio.toFixed(2)}x < 0.25x no-op`);
      if (r.rowsRead > 20_000) miss(`${r.rowsRead} rows read > 20,000`);
    }
    if (r.kind === "write" && r.ratio < 0.3) miss(`${r.ratio.toFixed(2)}x < 0.3x no-op`);
  }
  return misses;
}
