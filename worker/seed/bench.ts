// A large team for the benchmarks: 50 reps at 1×, 10× and 100× history (rows generated per table, written straight
// into the SQLite file of a fresh local D1 by tests/bench/seed-db.ts).
import { DAY_MS, defaultStrategies, defaultTactics, lostReasons } from "@dq/shared";
import { rng } from "./random.ts";

export const BENCH_TEAM_ID = "team_bench";
export const benchToken = (i: number) => `dq_bench_rep_${i}`;

// ── The three-size bench (issue 11): a team of 50 reps and a manager at 1×, 10× and 100× history ─────────────

export interface BenchSize {
  name: string;
  factor: number;
  reps: number;
  /** Practice attempts over the history (10,000 × factor). */
  attempts: number;
  /** Closed deals, each a lead with its outcome (2,000 × factor); one in ten was answered twice. */
  closedDeals: number;
  /** Open leads (the same at every size). */
  openLeads: number;
  /** How far back the history goes: the sizes differ in how busy the team was, not how long. */
  days: number;
}

export const benchSize = (factor: number): BenchSize => ({ name: `${factor}x`, factor, reps: 50, attempts: 10_000 * factor, closedDeals: 2_000 * factor, openLeads: 20_000, days: 730 });
export const benchManagerToken = "dq_bench_manager";

export type Cell = string | number | null;
export interface TableRows {
  table: string;
  columns: string[];
  rows: Iterable<Cell[]>;
}

const RESULTS = ["won", "lost", "ghosted"] as const;
const STRATEGIES = [...defaultStrategies.map((s) => s.id), null];
const TACTICS = defaultTactics.map((t) => t.id);
const LOST = [...lostReasons, null];

/**
 * The rows of a bench team, table by table in insertion order (leads before their outcomes; member_stats after
 * the attempts they total). Generated lazily: 100× is a million attempts.
 */
export function benchTables(size: BenchSize, opts: { scenarioIds: string[]; now: Date; hash: (t: string) => string }): TableRows[] {
  const r = rng(42 + size.factor);
  const t0 = opts.now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const reps = Array.from({ length: size.reps }, (_, i) => `mem_bench_${i}`);
  const stats = new Map(reps.map((m) => [m, { xp: 0, n: 0, secs: 0, support: 0, outcomes: 0 }]));
  const ago = (maxDays: number) => t0 - Math.floor(r.next() * maxDays * DAY_MS);
  // Times in ascending order: rows go into the time-ordered indexes at their ends (a bulk load, not a realistic order).
  const closedAt = Float64Array.from({ length: size.closedDeals }, () => ago(size.days)).sort();
  const practicedAt = Float64Array.from({ length: size.attempts }, () => ago(size.days)).sort();
  return [
    { table: "teams", columns: ["id", "name", "settings", "created_at"], rows: [[BENCH_TEAM_ID, "Bench team", "{}", iso(t0 - (size.days + 30) * DAY_MS)]] },
    {
      table: "members",
      columns: ["id", "team_id", "name", "email", "role", "created_at"],
      rows: [
        ...reps.map((id, i): Cell[] => [id, BENCH_TEAM_ID, `Bench Rep ${i}`, `rep${i}@bench.example`, "rep", iso(t0 - size.days * DAY_MS)]),
        ["mem_bench_mgr", BENCH_TEAM_ID, "Bench Manager", "mgr@bench.example", "manager", iso(t0 - size.days * DAY_MS)],
      ],
    },
    {
      table: "tokens",
      columns: ["hash", "member_id", "created_at"],
      rows: [...reps.map((id, i): Cell[] => [opts.hash(benchToken(i)), id, iso(t0)]), [opts.hash(benchManagerToken), "mem_bench_mgr", iso(t0)]],
    },
    {
      table: "leads",
      columns: ["id", "team_id", "owner_id", "crm", "external_id", "name", "company", "stage", "status", "amount", "first_seen_at", "updated_at", "activity_at", "closed_at"],
      rows: (function* () {
        for (let i = 0; i < size.openLeads; i++) {
          const seen = ago(size.days);
          const moved = Math.max(seen, ago(60));
          yield [`ld_bench_open_${i}`, BENCH_TEAM_ID, reps[i % reps.length]!, "sandbox", `O${i}`, `Lead ${i}`, `Company ${i % 700}`, "Qualified", "open", r.int(1, 200) * 500, iso(seen), iso(moved), iso(moved), null];
        }
        for (let i = 0; i < size.closedDeals; i++) {
          const closed = closedAt[i]!;
          const seen = closed - r.int(1, 120) * DAY_MS;
          yield [`ld_bench_${i}`, BENCH_TEAM_ID, reps[i % reps.length]!, "sandbox", `C${i}`, `Deal ${i}`, `Company ${i % 700}`, "Closed", RESULTS[i % 3]!, r.int(1, 200) * 500, iso(seen), iso(closed), iso(closed), iso(closed)];
        }
      })(),
    },
    {
      table: "outcomes",
      columns: ["id", "team_id", "lead_id", "member_id", "responded", "meeting_booked", "result", "strategy", "tactics", "lost_reason", "closed_at", "created_at"],
      rows: (function* () {
        const rr = rng(4242 + size.factor);
        for (let i = 0; i < size.closedDeals; i++) {
          const member = reps[i % reps.length]!;
          const result = RESULTS[i % 3]!;
          const closed = closedAt[i]!;
          const answers = rr.next() < 0.1 ? 2 : 1;
          for (let a = 0; a < answers; a++) {
            const last = a === answers - 1;
            const res = last ? result : rr.pick(RESULTS);
            const responded = rr.next() < 0.7 ? 1 : 0;
            const tactics = TACTICS.filter(() => rr.next() < 0.25);
            yield [
              `oc_bench_${i}_${a}`,
              BENCH_TEAM_ID,
              `ld_bench_${i}`,
              member,
              responded,
              responded && rr.next() < 0.5 ? 1 : 0,
              res,
              rr.pick(STRATEGIES),
              JSON.stringify(tactics),
              res === "lost" ? rr.pick(LOST) : null,
              iso(closed),
              iso(closed + (a + 1) * 3_600_000),
            ];
          }
          const st = stats.get(member)!;
          st.outcomes += answers;
          st.support += answers * 5;
        }
      })(),
    },
    {
      table: "attempts",
      columns: ["id", "team_id", "member_id", "scenario_id", "response", "duration_sec", "score", "feedback", "xp", "created_at"],
      rows: (function* () {
        for (let i = 0; i < size.attempts; i++) {
          const member = reps[i % reps.length]!;
          const score = r.int(10, 95);
          const dur = r.int(60, 1200);
          const xp = Math.round(score / 5);
          const st = stats.get(member)!;
          st.xp += xp;
          st.n += 1;
          st.secs += dur;
          yield [`at_bench_${i}`, BENCH_TEAM_ID, member, r.pick(opts.scenarioIds), "(bench)", dur, score, "[]", xp, iso(practicedAt[i]!)];
        }
      })(),
    },
    {
      table: "member_stats",
      columns: ["member_id", "training_xp", "support_xp", "attempts", "practice_seconds", "outcomes", "streak", "last_practice_day", "last_practiced_at"],
      rows: (function* () {
        for (const m of reps) {
          const st = stats.get(m)!;
          yield [m, st.xp, st.support, st.n, st.secs, st.outcomes, 1, iso(t0).slice(0, 10), iso(t0)];
        }
      })(),
    },
  ];
}
