// Writes the next scenario-library migration from worker/library/scenarios/*.json.
// Usage: node scripts/library-migration.ts <version>   (run from worker/)
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadLibrary } from "./load-library.ts";
import { libraryMigrationSql } from "../seed/library.ts";

const version = Number(process.argv[2]);
if (!Number.isInteger(version) || version < 1) {
  console.error("usage: node scripts/library-migration.ts <version>");
  process.exit(2);
}
const dir = path.join(import.meta.dirname, "..", "migrations");
const existing = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
const next = String(Number(existing.at(-1)?.slice(0, 4) ?? "0") + 1).padStart(4, "0");
const file = path.join(dir, `${next}_scenario_library_v${version}.sql`);
const today = new Date().toISOString().slice(0, 10);
writeFileSync(file, libraryMigrationSql(loadLibrary(), version, `${today}T00:00:00.000Z`));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
