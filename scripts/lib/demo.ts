// Seeds the demo team into a local D1 (once; `--reseed` starts over).
import { createHash } from "node:crypto";
import { loadLibrary } from "../../worker/scripts/load-library.ts";
import { DEMO_TEAM_ID, demoResetSql, demoSeedSql } from "../../worker/seed/demo.ts";
import { executeLocalSql, queryLocal } from "./worker.ts";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function seedDemo(persistTo: string, opts: { reseed?: boolean; now?: Date } = {}): "seeded" | "present" {
  const present = queryLocal<{ n: number }>(persistTo, `SELECT count(*) AS n FROM teams WHERE id = '${DEMO_TEAM_ID}'`)[0]?.n ?? 0;
  if (present && !opts.reseed) return "present";
  const statements = present ? demoResetSql() : [];
  statements.push(...demoSeedSql(opts.now ?? new Date(), loadLibrary(), sha256));
  executeLocalSql(persistTo, statements, "demo-seed");
  return "seeded";
}
