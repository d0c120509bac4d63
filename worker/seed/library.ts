// The global scenario library as SQL: each library version is one migration generated from
// worker/library/scenarios/*.json (`pnpm --filter @dq/worker library:migration`). Library scenarios
// have stable ids (`lib_<slug>`), so a later version updates them in place and attempts stay linked.
import type { LibraryScenario } from "@dq/shared";
import { insert } from "./sql.ts";

export const libraryId = (slug: string) => `lib_${slug}`;

export function libraryMigrationSql(scenarios: LibraryScenario[], version: number, releasedAt: string): string {
  const header = `-- Scenario library v${version} (${releasedAt}): ${scenarios.length} scenarios. Generated from worker/library/scenarios/*.json; do not edit.\n`;
  const rows = scenarios.map((s) =>
    insert(
      "scenarios",
      {
        id: libraryId(s.slug),
        team_id: null,
        slug: s.slug,
        source: "library",
        status: "published",
        title: s.title,
        category: s.category,
        difficulty: s.difficulty,
        persona: s.persona,
        industry: s.industry ?? null,
        situation: s.situation,
        buyer_line: s.buyerLine,
        ideal_response: s.idealResponse,
        rubric: JSON.stringify(s.rubric),
        pitfalls: JSON.stringify(s.pitfalls ?? []),
        // From v3 (migration 0012 added the column): the buyer's line after a strong answer in a conversation.
        ...(version >= 3 ? { closing_line: s.closingLine ?? null } : {}),
        library_version: version,
        created_at: releasedAt,
        updated_at: releasedAt,
      },
      `ON CONFLICT (id) DO UPDATE SET title = excluded.title, category = excluded.category, difficulty = excluded.difficulty,
  persona = excluded.persona, industry = excluded.industry, situation = excluded.situation, buyer_line = excluded.buyer_line,
  ideal_response = excluded.ideal_response, rubric = excluded.rubric, pitfalls = excluded.pitfalls,${version >= 3 ? " closing_line = excluded.closing_line," : ""} library_version = excluded.library_version, updated_at = excluded.updated_at`,
    ),
  );
  return `${header}${rows.join("\n")}\n`;
}
