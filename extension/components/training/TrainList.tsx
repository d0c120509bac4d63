// Scenarios to practise, filtered by category and difficulty — the filters live in the URL hash,
// so every filtered list is a link (`#/train?category=cold_outreach&difficulty=hard`). On top: what
// to practise next and why (recommendations, weak areas with their evidence).
import { useQuery } from "@tanstack/react-query";
import { categories, difficulties, type Category, type Difficulty } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { ChoiceField } from "../common/ChoiceField.tsx";
import { routeHash, type SidePanelRoute } from "../../lib/routes.ts";
import { timeAgo } from "../pages/hooks.ts";
import { categoryLabel, difficultyLabel, personaLabel } from "./labels.ts";
import { useRecommendations } from "./queries.ts";
import { Recommended } from "./Recommended.tsx";
import { WeakAreas } from "./WeakAreas.tsx";

export function TrainList({ route }: { route: Extract<SidePanelRoute, { name: "train" }> }) {
  const query = { ...(route.category ? { category: route.category } : {}), ...(route.difficulty ? { difficulty: route.difficulty } : {}) };
  const list = useQuery({ queryKey: ["scenarios", query], queryFn: () => send({ type: "scenarios.list", query }) });
  const recs = useRecommendations();
  const recommended = new Set(recs.data?.data.recommendations.map((r) => r.scenario.id));
  const filtered = route.category !== undefined || route.difficulty !== undefined;
  const go = (next: { category?: Category; difficulty?: Difficulty }) => {
    location.hash = routeHash({ name: "train", category: route.category, difficulty: route.difficulty, ...next });
  };
  return (
    <section aria-labelledby="train-title">
      <h1 id="train-title">Practice</h1>
      <Recommended category={route.category} difficulty={route.difficulty} />
      {!filtered && <WeakAreas />}
      <h2>{filtered ? "Scenarios" : "All scenarios"}</h2>
      <div className="row">
        <ChoiceField
          className="grow"
          id="filter-category"
          label="Category"
          anyLabel="All categories"
          value={route.category}
          options={categories}
          labelOf={categoryLabel}
          onChange={(category) => go({ category })}
        />
        <ChoiceField
          className="grow"
          id="filter-difficulty"
          label="Difficulty"
          anyLabel="Any difficulty"
          value={route.difficulty}
          options={difficulties}
          labelOf={difficultyLabel}
          onChange={(difficulty) => go({ difficulty })}
        />
      </div>
      {list.data?.offline && <p className="banner">Offline: showing scenarios saved {timeAgo(list.data.cachedAt)}.</p>}
      {list.isPending && <p className="muted">Loading scenarios…</p>}
      {list.error && (
        <p className="bad" role="alert">
          {(list.error as Error).message}
        </p>
      )}
      {list.data && list.data.data.length === 0 && <p className="muted">No scenarios match these filters yet.</p>}
      <ul className="plain" aria-label="Scenarios">
        {list.data?.data.map((s) => (
          <li key={s.id}>
            <a className="list-item" href={routeHash({ name: "scenario", id: s.id })}>
              <strong>{s.title}</strong>
              <div className="row muted" style={{ marginTop: 4 }}>
                <span className={`badge ${s.difficulty}`}>{difficultyLabel(s.difficulty)}</span>
                <span>{categoryLabel(s.category)}</span>·<span>{personaLabel(s.persona)}</span>
                {s.source !== "library" && <span className="badge">Team</span>}
                {recommended.has(s.id) && <span className="badge">Recommended</span>}
              </div>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
