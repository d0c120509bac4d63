// A large team for the benchmarks: 50 reps, 10k leads, 100k attempts (multi-row INSERTs).
import { DAY_MS } from "@dq/shared";
import { rng } from "./random.ts";
import { lit } from "./sql.ts";

export const BENCH_TEAM_ID = "team_bench";
export const benchToken = (i: number) => `dq_bench_rep_${i}`;

function multiInsert(table: string, columns: string[], rows: (string | number | null)[][], chunk = 400): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows.slice(i, i + chunk).map((r) => `(${r.map(lit).join(",")})`);
    out.push(`INSERT INTO ${table} (${columns.join(",")}) VALUES ${values.join(",")}`);
  }
  return out;
}

export function benchSeedSql(opts: { reps: number; leads: number; attempts: number; scenarioIds: string[]; now: Date; hash: (t: string) => string }): string[] {
  const r = rng(42);
  const t0 = opts.now.getTime();
  const iso = (ms: number) => new Date(ms).toISOString();
  const out: string[] = [`INSERT INTO teams (id, name, settings, created_at) VALUES ('${BENCH_TEAM_ID}', 'Bench team', '{}', '${iso(t0 - 400 * DAY_MS)}')`];
  const members = Array.from({ length: opts.reps }, (_, i) => `mem_bench_${i}`);
  out.push(...multiInsert("members", ["id", "team_id", "name", "email", "role", "created_at"], members.map((id, i) => [id, BENCH_TEAM_ID, `Bench Rep ${i}`, `rep${i}@bench.example`, "rep", iso(t0 - 365 * DAY_MS)])));
  out.push(...multiInsert("tokens", ["hash", "member_id", "created_at"], members.map((id, i) => [opts.hash(benchToken(i)), id, iso(t0)])));
  const leads: (string | number | null)[][] = [];
  for (let i = 0; i < opts.leads; i++) {
    const created = t0 - r.int(1, 365) * DAY_MS;
    leads.push([`ld_bench_${i}`, BENCH_TEAM_ID, members[i % members.length]!, "sandbox", `B${i}`, `Lead ${i}`, `Company ${i % 700}`, "Qualified", "open", r.int(1, 200) * 500, iso(created), iso(created)]);
  }
  out.push(...multiInsert("leads", ["id", "team_id", "owner_id", "crm", "external_id", "name", "company", "stage", "status", "amount", "first_seen_at", "updated_at"], leads));
  const attempts: (string | number | null)[][] = [];
  const stats = new Map(members.map((m) => [m, { xp: 0, n: 0, secs: 0 }]));
  for (let i = 0; i < opts.attempts; i++) {
    const member = members[i % members.length]!;
    const score = r.int(10, 95);
    const dur = r.int(60, 1200);
    const xp = Math.round(score / 5);
    const st = stats.get(member)!;
    st.xp += xp;
    st.n += 1;
    st.secs += dur;
    attempts.push([`at_bench_${i}`, BENCH_TEAM_ID, member, r.pick(opts.scenarioIds), "(bench)", dur, score, "[]", xp, iso(t0 - r.int(0, 365 * 24) * 3_600_000)]);
  }
  out.push(...multiInsert("attempts", ["id", "team_id", "member_id", "scenario_id", "response", "duration_sec", "score", "feedback", "xp", "created_at"], attempts));
  out.push(
    ...multiInsert(
      "member_stats",
      ["member_id", "training_xp", "attempts", "practice_seconds", "streak", "last_practice_day", "last_practiced_at"],
      members.map((m) => {
        const st = stats.get(m)!;
        return [m, st.xp, st.n, st.secs, 1, iso(t0).slice(0, 10), iso(t0)];
      }),
    ),
  );
  return out;
}
