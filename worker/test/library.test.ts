// The authored library: valid, varied, and loaded by a migration that matches the JSON exactly.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LibraryScenario, categories, difficulties } from "@dq/shared";
import { libraryMigrationSql } from "../seed/library.ts";

const files = import.meta.glob<unknown[]>("../library/scenarios/*.json", { eager: true, import: "default" });
const raw = Object.entries(files)
  .sort(([a], [b]) => a.localeCompare(b))
  .flatMap(([, items]) => items);
const migrations = import.meta.glob<string>("../migrations/*_scenario_library_v*.sql", { eager: true, query: "?raw", import: "default" });

describe("scenario library", () => {
  const library = raw.map((s) => LibraryScenario.parse(s));

  it("has at least 54 scenarios, 6+ per category covering all difficulties and several personas", () => {
    expect(library.length).toBeGreaterThanOrEqual(54);
    expect(new Set(library.map((s) => s.slug)).size).toBe(library.length);
    for (const category of categories) {
      const inCategory = library.filter((s) => s.category === category);
      expect(inCategory.length, category).toBeGreaterThanOrEqual(6);
      for (const d of difficulties) expect(inCategory.some((s) => s.difficulty === d), `${category}/${d}`).toBe(true);
      expect(new Set(inCategory.map((s) => s.persona)).size, category).toBeGreaterThanOrEqual(3);
    }
  });

  it("is loaded by the latest library migration, generated from exactly these files", () => {
    const latest = Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b)).at(-1);
    expect(latest, "no scenario library migration").toBeDefined();
    const [, sql] = latest!;
    const header = /^-- Scenario library v(\d+) \(([^)]+)\)/.exec(sql);
    expect(header).not.toBeNull();
    // If this fails, the JSON changed: run `pnpm --filter @dq/worker library:migration <next version>`.
    expect(sql).toBe(libraryMigrationSql(library, Number(header![1]), header![2]!));
  });

  it("is in D1 after migrations, published and global", async () => {
    const rows = await env.DB.prepare("SELECT count(*) AS n FROM scenarios WHERE team_id IS NULL AND source = 'library' AND status = 'published'").first<{ n: number }>();
    expect(rows!.n).toBe(library.length);
  });
});
