// Writes bench rows straight into a local D1's SQLite file (wrangler keeps it under
// <persistTo>/v3/d1/miniflare-D1DatabaseObject/<id>.sqlite), in one transaction with prepared statements, where
// `wrangler d1 execute --file` would parse a 150 MB SQL file. A bulk load: the triggers of every rollup migration (each
// with a backfill section: 0011, 0014) are set aside while the rows go in, the rollups are then built set-wise by those
// migrations' own backfill statements, in order, and the triggers are put back (row by row they cost ~1 ms per
// outcome). The worker must not be running.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import type { TableRows } from "../../worker/seed/bench.ts";

/** The local D1 database file under `persistTo` (after `wrangler d1 migrations apply --local`). */
export function localD1File(persistTo: string): string {
  const dir = path.join(persistTo, "v3", "d1", "miniflare-D1DatabaseObject");
  const files = readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
  if (files.length !== 1) throw new Error(`expected one D1 database in ${dir}, found ${files.join(", ") || "none"}`);
  return path.join(dir, files[0]!);
}

const MIGRATIONS = path.join(import.meta.dirname, "..", "..", "worker", "migrations");
const BACKFILL_MARKER = "-- Backfill from what is stored";

/**
 * From every migration that keeps rollups (one with a backfill section: 0011, 0014, …), in order: the names of its
 * triggers and its backfill statements.
 */
function rollupMigrations(): { triggers: string[]; backfill: string[] } {
  const triggers: string[] = [];
  const backfill: string[] = [];
  for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith(".sql")).sort()) {
    const sql = readFileSync(path.join(MIGRATIONS, file), "utf8");
    const marker = sql.indexOf(BACKFILL_MARKER);
    if (marker < 0) continue;
    triggers.push(...[...sql.matchAll(/CREATE TRIGGER (\w+)/g)].map((m) => m[1]!));
    backfill.push(
      ...sql
        .slice(marker)
        .split(/;\s*\n/)
        .map((s) => s.replace(/^\s*--.*$/gm, "").trim())
        .filter(Boolean),
    );
  }
  if (triggers.length === 0) throw new Error(`no migration with a backfill section in ${MIGRATIONS}`);
  return { triggers, backfill };
}

/** Inserts every table's rows in order, then builds the rollups; returns the row count per table. */
export function seedLocalD1(persistTo: string, tables: TableRows[]): Record<string, number> {
  const db = new DatabaseSync(localD1File(persistTo));
  const counts: Record<string, number> = {};
  const { triggers, backfill } = rollupMigrations();
  try {
    db.exec("PRAGMA foreign_keys = ON");
    db.exec("PRAGMA cache_size = -2000000"); // 2 GB: the 100x database is ~0.9 GB
    db.exec("BEGIN");
    const saved = triggers.map((name) => {
      const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string } | undefined;
      if (!row) throw new Error(`trigger ${name} is not in the database: migrate first`);
      db.exec(`DROP TRIGGER ${name}`);
      return row.sql;
    });
    for (const t of tables) {
      const insert = db.prepare(`INSERT INTO ${t.table} (${t.columns.join(", ")}) VALUES (${t.columns.map(() => "?").join(", ")})`);
      let n = 0;
      for (const row of t.rows) {
        insert.run(...row);
        n++;
      }
      counts[t.table] = n;
    }
    for (const statement of backfill) db.exec(statement);
    for (const sql of saved) db.exec(sql);
    db.exec("COMMIT");
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  return counts;
}
