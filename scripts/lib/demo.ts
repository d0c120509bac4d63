// Seeds the demo team into a local D1 (once; `--reseed` starts over).
import { createHash } from "node:crypto";
import { loadLibrary } from "../../worker/scripts/load-library.ts";
import { DEMO_TEAM_ID, demoSeedSql } from "../../worker/seed/demo.ts";
import { executeLocalSql, queryLocal } from "./worker.ts";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

const TEAM_TABLES = ["idempotency", "xp_ledger", "attempts", "outcomes", "scenarios", "leads", "member_stats", "tokens", "members", "teams"];

export function seedDemo(persistTo: string, opts: { reseed?: boolean; now?: Date } = {}): "seeded" | "present" {
  const present = queryLocal<{ n: number }>(persistTo, `SELECT count(*) AS n FROM teams WHERE id = '${DEMO_TEAM_ID}'`)[0]?.n ?? 0;
  if (present && !opts.reseed) return "present";
  const statements: string[] = [];
  if (present) {
    const members = `(SELECT id FROM members WHERE team_id = '${DEMO_TEAM_ID}')`;
    for (const table of TEAM_TABLES) {
      if (table === "idempotency") statements.push(`DELETE FROM idempotency WHERE scope IN (SELECT 'member:' || id FROM members WHERE team_id = '${DEMO_TEAM_ID}')`);
      else if (table === "tokens" || table === "member_stats") statements.push(`DELETE FROM ${table} WHERE member_id IN ${members}`);
      else if (table === "teams") statements.push(`DELETE FROM teams WHERE id = '${DEMO_TEAM_ID}'`);
      else statements.push(`DELETE FROM ${table} WHERE team_id = '${DEMO_TEAM_ID}'`);
    }
  }
  statements.push(...demoSeedSql(opts.now ?? new Date(), loadLibrary(), sha256));
  executeLocalSql(persistTo, statements, "demo-seed");
  return "seeded";
}
