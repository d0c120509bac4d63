// "Weak areas": where the rep struggles, with the worker's plain-words evidence from practice and
// real deals, and a link to practise each at the suggested difficulty.
import type { WeakArea } from "@dq/shared";
import { routeHash } from "../../lib/routes.ts";
import { difficultyLabel } from "./labels.ts";
import { OfflineNote } from "./OfflineNote.tsx";
import { useWeakAreas } from "./queries.ts";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function weaknessWord(w: number): "high" | "medium" | "low" {
  return w >= 0.6 ? "high" : w >= 0.3 ? "medium" : "low";
}

/** The filtered list for a weak area: its category at the suggested difficulty. */
export const practiceHref = (w: Pick<WeakArea, "category" | "suggestedDifficulty">) => routeHash({ name: "train", category: w.category, difficulty: w.suggestedDifficulty });

export function WeakAreas({ limit = 3 }: { limit?: number }) {
  const weak = useWeakAreas();
  if (!weak.data) return null; // loading, or the list below says what is wrong with the connection
  const { weakAreas, basis } = weak.data.data;
  return (
    <section className="card" aria-labelledby="weak-title" data-testid="weak-areas">
      <h2 id="weak-title" style={{ marginTop: 0 }}>
        Weak areas
      </h2>
      <OfflineNote cached={weak.data} what="your weak areas" />
      <p className="muted small" style={{ margin: "0 0 6px" }}>
        From {plural(basis.attempts, "practice attempt")} and {plural(basis.deals, "closed deal")}.
      </p>
      {weakAreas.length === 0 ? (
        <p className="muted">Nothing stands out yet. Practise a few scenarios and log your deals' outcomes from the CRM: this card then shows where to focus.</p>
      ) : (
        <ol className="plain">
          {weakAreas.slice(0, limit).map((w) => (
            <li key={w.category} className="weak-area" data-testid="weak-area" data-category={w.category}>
              <div className="row">
                <strong className="grow">{w.label}</strong>
                <span className="muted small">{weaknessWord(w.weakness)}</span>
                <span className="meter" role="img" aria-label={`Weakness: ${weaknessWord(w.weakness)}`}>
                  <span style={{ width: `${Math.round(w.weakness * 100)}%` }} />
                </span>
              </div>
              <ul className="evidence small">
                {w.evidence.map((e) => (
                  <li key={`${e.source}:${e.text}`}>
                    <span className="muted">{e.source === "deals" ? "Real deals" : "Practice"}:</span> {e.text}
                  </li>
                ))}
              </ul>
              <div className="row">
                <span className="grow small">
                  Suggested: <span className={`badge ${w.suggestedDifficulty}`}>{difficultyLabel(w.suggestedDifficulty)}</span>
                </span>
                <a className="button primary" href={practiceHref(w)} aria-label={`Practice this: ${w.label}`}>
                  Practice this
                </a>
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
