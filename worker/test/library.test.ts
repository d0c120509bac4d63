// The authored library: valid, varied, and loaded by a migration that matches the JSON exactly.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { LibraryScenario, categories, difficulties } from "@dq/shared";
import { libraryMigrationSql } from "../seed/library.ts";
import { type TurnRecord, canConverse, nextTurn, turnRubric } from "../src/domain/conversation.ts";
import { scoreResponse } from "../src/domain/scoring.ts";

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

  it("holds a three-turn conversation on every scenario: pushbacks on the two heaviest points, a closing line, model follow-ups that score", () => {
    const weak: string[] = [];
    for (const s of library) {
      const heaviest = [...s.rubric].sort((a, b) => b.weight - a.weight).slice(0, 2);
      expect(heaviest.every((k) => k.pushback && k.idealFollowUp), s.slug).toBe(true);
      expect(s.closingLine, s.slug).toBeTruthy();
      const conversation = { buyerLine: s.buyerLine, idealResponse: s.idealResponse, rubric: s.rubric, pitfalls: s.pitfalls, closingLine: s.closingLine ?? null };
      expect(canConverse(conversation), s.slug).toBe(true);
      // A first answer that misses everything is pushed back on twice, then the conversation ends.
      const turns: TurnRecord[] = [{ n: 1, buyerLine: s.buyerLine, target: null, score: 10, criteria: s.rubric.map((k) => ({ id: k.id, kind: "key_point" as const, met: false })) }];
      for (let n = 2; n <= 3; n++) {
        const next = nextTurn(conversation, turns);
        expect(next.end, `${s.slug} turn ${n}`).toBe(false);
        if (next.end) break;
        // Each model follow-up scores as a strong answer on its own turn rubric.
        const small = turnRubric(conversation, next.target, turns);
        const r = scoreResponse({ response: small.idealResponse, situation: s.situation, buyerLine: next.buyerLine, idealResponse: small.idealResponse, rubric: small.rubric, pitfalls: s.pitfalls });
        if (r.score < 70) weak.push(`${s.slug}/${next.target.id}: ${r.score}`);
        turns.push({ n, buyerLine: next.buyerLine, target: next.target, score: 20, criteria: small.rubric.map((k) => ({ id: k.id, kind: "key_point" as const, met: false })) });
      }
      expect(nextTurn(conversation, turns).end, s.slug).toBe(true);
    }
    expect(weak).toEqual([]);
  }, 60_000);
});
