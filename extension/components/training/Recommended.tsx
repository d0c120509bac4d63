// "Recommended for you": the worker's ranked scenarios, each with its one-line reason; on a filtered
// list, the recommendations that fit the filter.
import type { Category, Difficulty, Recommendation } from "@dq/shared";
import { routeHash } from "../../lib/routes.ts";
import { categoryLabel, difficultyLabel, personaLabel } from "./labels.ts";
import { OfflineNote } from "./OfflineNote.tsx";
import { useRecommendations } from "./queries.ts";

/** The recommendations for a filtered list: same category, and the same difficulty when one is chosen (else the closest there are). */
export function recommendationsFor(list: Recommendation[], filter: { category?: Category; difficulty?: Difficulty }, limit = 3): Recommendation[] {
  const inCategory = list.filter((r) => !filter.category || r.scenario.category === filter.category);
  const exact = inCategory.filter((r) => !filter.difficulty || r.scenario.difficulty === filter.difficulty);
  return (exact.length > 0 ? exact : inCategory).slice(0, limit);
}

export function Recommended({ category, difficulty }: { category?: Category; difficulty?: Difficulty }) {
  const recs = useRecommendations();
  const filtered = category !== undefined || difficulty !== undefined;
  if (recs.isPending) return <p className="muted">Finding what to practise next…</p>;
  if (!recs.data) return null; // the list below says what is wrong with the connection
  const items = recommendationsFor(recs.data.data.recommendations, { category, difficulty });
  if (items.length === 0) return filtered ? null : <p className="muted">Practise a few scenarios and log your deals: recommendations follow.</p>;
  return (
    <section aria-labelledby="recommended-title" data-testid="recommended">
      <h2 id="recommended-title">{filtered && category ? `Recommended in ${categoryLabel(category)}` : "Recommended for you"}</h2>
      <OfflineNote cached={recs.data} what="recommendations" />
      <ul className="plain">
        {items.map((r) => (
          <li key={r.scenario.id}>
            <a className="list-item" href={routeHash({ name: "scenario", id: r.scenario.id })} data-testid="recommendation">
              <strong>{r.scenario.title}</strong>
              <div className="row muted" style={{ marginTop: 4 }}>
                <span className={`badge ${r.scenario.difficulty}`}>{difficultyLabel(r.scenario.difficulty)}</span>
                <span>{categoryLabel(r.scenario.category)}</span>·<span>{personaLabel(r.scenario.persona)}</span>
              </div>
              <div className="reason">{r.reason}</div>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
