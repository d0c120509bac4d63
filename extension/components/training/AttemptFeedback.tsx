// What a rep sees after an answer is scored: the score, the one-line summary (or why a gate capped it),
// each key point met with the clause of the answer that met it or missed with the tip, each pitfall the
// answer fell into with the words that gave it away, and the craft checks.
import type { AttemptResult, CriterionFeedback } from "@dq/shared";

export function AttemptFeedback({ result }: { result: AttemptResult }) {
  const keyPoints = result.criteria.filter((c) => c.kind === "key_point");
  const pitfalls = result.criteria.filter((c) => c.kind === "pitfall");
  const craft = result.criteria.filter((c) => c.kind === "similarity" || c.kind === "craft");
  return (
    <section className="card" aria-labelledby="result-title" data-testid="attempt-result">
      <h2 id="result-title">Your score</h2>
      <div className="row">
        <span className="score" data-testid="score">
          {result.score}
        </span>
        <span className="muted">/ 100</span>
        <span className="grow" />
        <span className="badge" data-testid="xp-awarded">
          +{result.xp.awarded} XP
        </span>
      </div>
      {result.gate ? (
        <p className="bad" role="alert" data-testid="gate" data-gate={result.gate}>
          {result.summary}
        </p>
      ) : (
        <p data-testid="summary">{result.summary}</p>
      )}

      <h3 id="key-points-title">Key points</h3>
      <ul className="criteria plain" aria-labelledby="key-points-title">
        {keyPoints.map((c) => (
          <KeyPoint key={c.id} c={c} />
        ))}
      </ul>

      {pitfalls.length > 0 && (
        <>
          <h3 id="pitfalls-title">Marked down</h3>
          <ul className="criteria plain" aria-labelledby="pitfalls-title">
            {pitfalls.map((c) => (
              <li key={c.id} data-testid="pitfall">
                <span className="warn" role="img" aria-label="pitfall">
                  ⚠
                </span>{" "}
                <strong>{c.label}</strong> {c.penalty ? <span className="bad">−{c.penalty}</span> : null}
                {c.quote && (
                  <div>
                    You said: <q data-testid="quote">{c.quote}</q>
                  </div>
                )}
                <div className="muted">{c.feedback}</div>
              </li>
            ))}
          </ul>
        </>
      )}

      <h3 id="craft-title">Craft</h3>
      <ul className="criteria plain" aria-labelledby="craft-title">
        {craft.map((c) => (
          <li key={c.id}>
            <Mark met={c.met} /> <strong>{c.label}</strong> <span className="muted">({c.score})</span>
            <div className="muted">{c.feedback}</div>
          </li>
        ))}
      </ul>
      <p className="muted">
        Training XP {result.xp.training} · total {result.xp.total} · streak {result.streak} day{result.streak === 1 ? "" : "s"} · scored by{" "}
        <span data-testid="scorer">{result.scorer}</span>
      </p>
      <details>
        <summary>A model answer</summary>
        <p>{result.idealResponse}</p>
      </details>
    </section>
  );
}

function KeyPoint({ c }: { c: CriterionFeedback }) {
  return (
    <li data-testid="key-point" data-met={c.met}>
      <Mark met={c.met} /> <strong>{c.label}</strong>
      {c.met && c.quote ? (
        <div>
          You covered it: <q data-testid="quote">{c.quote}</q>
        </div>
      ) : (
        <div className="muted" data-testid="tip">
          {c.feedback}
        </div>
      )}
    </li>
  );
}

function Mark({ met }: { met: boolean }) {
  return (
    <span className={met ? "ok" : "bad"} role="img" aria-label={met ? "met" : "not met"}>
      {met ? "✓" : "✗"}
    </span>
  );
}
