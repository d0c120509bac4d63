// Play one scenario: the situation and the buyer's line, then the conversation first (Conversation.tsx: the buyer
// pushes back on what the answer missed) or one answer with the elapsed time, its score with feedback per criterion
// and the XP earned. Offline, the one answer waits in the outbox and is scored when the worker is reachable.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { AttemptStatus } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { routeHash, type SidePanelRoute } from "../../lib/routes.ts";
import { timeAgo } from "../pages/hooks.ts";
import { AttemptFeedback } from "./AttemptFeedback.tsx";
import { categoryLabel, difficultyLabel, personaLabel } from "./labels.ts";

const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

export function ScenarioPlay({ route }: { route: Extract<SidePanelRoute, { name: "scenario" }> }) {
  const qc = useQueryClient();
  const scenario = useQuery({ queryKey: ["scenario", route.id], queryFn: () => send({ type: "scenario.get", id: route.id }) });
  const [response, setResponse] = useState("");
  const [elapsed, setElapsed] = useState(0);
  const [status, setStatus] = useState<AttemptStatus | null>(null);
  const started = useRef(Date.now());
  const running = !status;

  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => setElapsed(Math.round((Date.now() - started.current) / 1000)), 1000);
    return () => clearInterval(t);
  }, [running]);

  const submit = useMutation({
    mutationFn: () =>
      send({ type: "attempt.submit", attempt: { scenarioId: route.id, response: response.trim(), durationSec: Math.min(86_400, Math.round((Date.now() - started.current) / 1000)) } }),
    onSuccess: (s) => {
      setStatus(s);
      void qc.invalidateQueries({ queryKey: ["me"] });
    },
  });

  // A queued answer: ask now and then whether it has been scored.
  const queued = status?.status === "queued" ? status.id : null;
  const poll = useQuery({ queryKey: ["attempt", queued], queryFn: () => send({ type: "attempt.status", id: queued! }), enabled: queued !== null, refetchInterval: 5000 });
  useEffect(() => {
    if (poll.data && poll.data.status !== "queued") setStatus(poll.data);
  }, [poll.data]);

  const again = () => {
    setStatus(null);
    setResponse("");
    started.current = Date.now();
    setElapsed(0);
    void qc.invalidateQueries({ queryKey: ["scenario", route.id] });
  };

  if (scenario.isPending) return <p className="muted">Loading the scenario…</p>;
  if (scenario.error)
    return (
      <p className="bad" role="alert">
        {(scenario.error as Error).message} <a href={routeHash({ name: "train" })}>Back to the list</a>
      </p>
    );
  const s = scenario.data.data;
  return (
    <article aria-labelledby="scenario-title">
      <a href={routeHash({ name: "train", category: s.category })}>← {categoryLabel(s.category)}</a>
      <h1 id="scenario-title">{s.title}</h1>
      <div className="row muted">
        <span className={`badge ${s.difficulty}`}>{difficultyLabel(s.difficulty)}</span>
        <span>{personaLabel(s.persona)}</span>
        {s.bestScore !== null && <span>· best {s.bestScore}</span>}
      </div>
      {scenario.data.offline && <p className="banner">Offline: saved {timeAgo(scenario.data.cachedAt)}. Your answer will be scored when you are back online.</p>}
      <section className="card">
        <h2>Situation</h2>
        <p>{s.situation}</p>
        <h2>The buyer</h2>
        <blockquote style={{ margin: 0, fontStyle: "italic" }}>“{s.buyerLine}”</blockquote>
      </section>
      {!status && (
        <section className="card" aria-labelledby="talk-title">
          <h2 id="talk-title">Practice it as a conversation</h2>
          <p className="muted">Up to three turns: the buyer pushes back on what your answer missed, and each turn is scored.</p>
          <a href={routeHash({ name: "conversation", id: s.id })} className="button primary" data-testid="start-conversation">
            Talk it through — the buyer answers back
          </a>
        </section>
      )}
      {s.keyPoints.length > 0 && (
        <details className="card">
          <summary>What a strong answer covers</summary>
          <ul>
            {s.keyPoints.map((k) => (
              <li key={k.id}>{k.point}</li>
            ))}
          </ul>
        </details>
      )}
      {!status && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (response.trim()) submit.mutate();
          }}
        >
          <h2>Or answer once</h2>
          <p className="muted">One reply, scored on its own{scenario.data.offline ? "" : " (works offline too: it is scored when you are back online)"}.</p>
          <label htmlFor="response">Your response</label>
          <textarea id="response" value={response} maxLength={5000} onChange={(e) => setResponse(e.target.value)} placeholder="Write what you would say or send…" />
          <div className="row" style={{ marginTop: 8 }}>
            <span className="grow muted" aria-live="off">
              Time: <span data-testid="elapsed">{mmss(elapsed)}</span>
            </span>
            <button type="submit" className="primary" disabled={!response.trim() || submit.isPending}>
              {submit.isPending ? "Scoring…" : "Submit for scoring"}
            </button>
          </div>
          {submit.error && (
            <p className="bad" role="alert">
              {(submit.error as Error).message}
            </p>
          )}
        </form>
      )}
      {status?.status === "queued" && (
        <p className="banner" role="status">
          Saved. It waits to sync and will be scored when Deal Quest can reach the server.
        </p>
      )}
      {status?.status === "failed" && (
        <p className="bad" role="alert">
          The server refused this answer: {status.error.message}
        </p>
      )}
      {status?.status === "scored" && <AttemptFeedback result={status.result} />}
      {status && status.status !== "queued" && (
        <button type="button" onClick={again}>
          Try again
        </button>
      )}
    </article>
  );
}
