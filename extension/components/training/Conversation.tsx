// A practice conversation in the side panel: the buyer's lines on one side, the rep's answers on the other,
// each turn's score and feedback after it, then the end with the total and the ideal path. Keyboard first
// (Ctrl/Cmd+Enter sends). The buyer answers from the worker (the rubric never leaves it): offline, the view
// says so, keeps the typed answer and sends it when the worker is back. The conversation and the draft live in
// this page's storage, so closing the side panel loses nothing.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PracticeSession, SessionTurn } from "@dq/shared";
import { MessageError, send } from "../../lib/messaging.ts";
import { routeHash, type SidePanelRoute } from "../../lib/routes.ts";
import { categoryLabel } from "./labels.ts";

const sessionKey = (scenarioId: string) => `dq:conversation:${scenarioId}`;
/** The conversation as last seen, so a reopened panel shows it (and the kept answer) while offline. */
const viewKey = (scenarioId: string) => `dq:conversation-view:${scenarioId}`;
const draftKey = (sessionId: string, n: number) => `dq:conversation-draft:${sessionId}:${n}`;
/** An answer sent but not yet answered by the worker: sent again by itself, even after the panel was closed. */
const sendingKey = (sessionId: string) => `dq:conversation-sending:${sessionId}`;
interface Sending {
  id: string;
  n: number;
  response: string;
  durationSec: number;
}
/** How often a kept answer is tried again while the worker cannot be reached. */
const RETRY_MS = 5000;

/** Worth sending again by itself: the worker (or the background) could not be reached, or answered a transient error. */
const unreachable = (err: unknown) =>
  err instanceof MessageError &&
  (err.status === 0 || (err.status !== undefined && (err.status >= 500 || err.status === 429)) || ["network", "timeout", "offline", "no_answer"].includes(err.code));

function readStored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}
function writeStored(key: string, value: string | null) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage full or blocked: the draft lives in memory only.
  }
}

function remember(session: PracticeSession): PracticeSession {
  writeStored(viewKey(session.scenarioId), JSON.stringify(session));
  return session;
}

function lastSeen(scenarioId: string, sessionId: string): PracticeSession | undefined {
  try {
    const view = JSON.parse(readStored(viewKey(scenarioId)) ?? "null") as PracticeSession | null;
    return view?.id === sessionId ? view : undefined;
  } catch {
    return undefined;
  }
}

export function Conversation({ route }: { route: Extract<SidePanelRoute, { name: "conversation" }> }) {
  const qc = useQueryClient();
  const [sessionId, setSessionId] = useState<string | null>(() => readStored(sessionKey(route.id)));
  const scenario = useQuery({ queryKey: ["scenario", route.id], queryFn: () => send({ type: "scenario.get", id: route.id }) });

  // The stored conversation, or a new one (started once the worker can be reached).
  const session = useQuery({
    queryKey: ["conversation", route.id, sessionId],
    queryFn: async (): Promise<PracticeSession> => {
      if (sessionId) {
        try {
          const fetched = await send({ type: "session.get", id: sessionId });
          // A read that left before an answer was stored must not take the answer back off the screen.
          const shown = qc.getQueryData<PracticeSession>(["conversation", route.id, sessionId]);
          return remember(shown && shown.id === fetched.id && shown.turns.length > fetched.turns.length ? shown : fetched);
        } catch (err) {
          if (!(err instanceof MessageError && err.status === 404)) throw err;
        }
      }
      const started = remember(await send({ type: "session.start", scenarioId: route.id }));
      writeStored(sessionKey(route.id), started.id);
      setSessionId(started.id);
      return started;
    },
    // Shown at once from this page's storage, then refreshed from the worker (kept as is while it is unreachable).
    initialData: () => (sessionId ? lastSeen(route.id, sessionId) : undefined),
    initialDataUpdatedAt: 0,
    retry: (count, err) => unreachable(err) || count < 1,
    retryDelay: RETRY_MS,
  });

  const s = session.data;
  const n = s?.next?.n ?? null;
  const sid = s?.id ?? null;
  const [draft, setDraftState] = useState("");
  const started = useRef(Date.now());
  // A new turn (or the conversation reopened): its kept draft, and its clock.
  useEffect(() => {
    if (sid && n !== null) {
      setDraftState(readStored(draftKey(sid, n)) ?? "");
      started.current = Date.now();
    }
  }, [sid, n]);
  const setDraft = (text: string) => {
    setDraftState(text);
    if (s && n !== null) writeStored(draftKey(s.id, n), text || null);
  };

  // The buyer needs the connection: an answer the worker could not receive is sent again every few seconds (the
  // worker scores a turn once, so a repeat is safe). Its own timer, not the query library's retry, which pauses
  // while the page is hidden — the side panel may well be, with the rep back on the CRM tab.
  const [waiting, setWaiting] = useState(false);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => clearTimeout(retryTimer.current ?? undefined), []);
  const turn = useMutation({
    mutationFn: (v: Sending) => send({ type: "session.turn", id: v.id, turn: { n: v.n, response: v.response, durationSec: v.durationSec } }),
    retry: false,
    onSuccess: async (result, v) => {
      setWaiting(false);
      writeStored(draftKey(v.id, v.n), null);
      writeStored(sendingKey(v.id), null);
      // A read of the conversation still in flight (or retrying through an outage) would land after this answer
      // with the turn missing: stop it first.
      await qc.cancelQueries({ queryKey: ["conversation", route.id] });
      qc.setQueryData(["conversation", route.id, sessionId], remember(result.session));
      void qc.invalidateQueries({ queryKey: ["me"] });
    },
    onError: (err, v) => {
      if (!unreachable(err)) {
        setWaiting(false);
        writeStored(sendingKey(v.id), null);
        return;
      }
      setWaiting(true);
      retryTimer.current = setTimeout(() => turnRef.current.mutate(v), RETRY_MS);
    },
  });
  const turnRef = useRef(turn);
  turnRef.current = turn;

  const sendAnswer = useCallback(
    (v: Sending) => {
      writeStored(sendingKey(v.id), JSON.stringify(v));
      turn.mutate(v);
    },
    [turn],
  );

  const submit = useCallback(() => {
    if (!s || n === null || !draft.trim() || turn.isPending || waiting) return;
    sendAnswer({ id: s.id, n, response: draft.trim(), durationSec: Math.min(86_400, Math.round((Date.now() - started.current) / 1000)) });
  }, [s, n, draft, turn.isPending, waiting, sendAnswer]);

  // An answer sent before the panel was closed (or reloaded) and not answered yet: send it again now.
  useEffect(() => {
    if (!sid || n === null || turn.isPending || turn.isSuccess || waiting) return;
    try {
      const pending = JSON.parse(readStored(sendingKey(sid)) ?? "null") as Sending | null;
      if (pending && pending.n === n) sendAnswer(pending);
    } catch {
      writeStored(sendingKey(sid), null);
    }
  }, [sid, n, turn.isPending, turn.isSuccess, waiting, sendAnswer]);

  const startOver = () => {
    clearTimeout(retryTimer.current ?? undefined);
    setWaiting(false);
    writeStored(sessionKey(route.id), null);
    writeStored(viewKey(route.id), null);
    setSessionId(null);
    turn.reset();
    void qc.removeQueries({ queryKey: ["conversation", route.id] });
  };

  const title = scenario.data?.data.title ?? s?.title ?? "Practice conversation";
  const expired = turn.error instanceof MessageError && turn.error.code === "session_expired";
  const busy = turn.isPending || waiting;
  return (
    <article aria-labelledby="conversation-title" className="conversation">
      <a href={routeHash({ name: "scenario", id: route.id })}>← One-answer practice</a>
      <h1 id="conversation-title">{title}</h1>
      {scenario.data && (
        <details className="card">
          <summary>
            Situation · {categoryLabel(scenario.data.data.category)}
          </summary>
          <p>{scenario.data.data.situation}</p>
        </details>
      )}
      {session.isPending && (
        <p className="muted" role="status">
          {session.failureCount > 0 ? "The buyer needs the connection to answer. Waiting for Deal Quest to reach the server…" : "Starting the conversation…"}
        </p>
      )}
      {session.isError && !unreachable(session.error) && (
        <p className="bad" role="alert">
          {(session.error as Error).message}
        </p>
      )}
      {s && (
        <ol className="chat plain" aria-label="Conversation" data-testid="conversation">
          {s.turns.map((t) => (
            <TurnItems key={t.n} t={t} />
          ))}
          {s.next && (
            <li className="bubble buyer" data-testid="buyer-line">
              <span className="who">Buyer</span> {s.next.buyerLine}
            </li>
          )}
          {s.end?.buyerLine && (
            <li className="bubble buyer" data-testid="buyer-line">
              <span className="who">Buyer</span> {s.end.buyerLine}
            </li>
          )}
        </ol>
      )}
      {s?.next && !expired && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <label htmlFor="conversation-answer">Your answer (turn {s.next.n} of up to {s.maxTurns})</label>
          <textarea
            id="conversation-answer"
            value={draft}
            maxLength={5000}
            disabled={busy}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submit();
              }
            }}
            placeholder="Say what you would say… (Ctrl+Enter sends)"
          />
          <div className="row" style={{ marginTop: 8 }}>
            <span className="grow muted">Ctrl/⌘ + Enter sends</span>
            <button type="submit" className="primary" disabled={!draft.trim() || busy}>
              {waiting ? "Waiting for the connection…" : turn.isPending ? "The buyer is thinking…" : "Send"}
            </button>
          </div>
          {waiting && (
            <p className="banner" role="status" data-testid="conversation-offline">
              The buyer needs the connection to answer. Your answer is kept and will be sent when Deal Quest can reach the server.
            </p>
          )}
          {turn.isError && !expired && !waiting && (
            <p className="bad" role="alert">
              {(turn.error as Error).message}
            </p>
          )}
        </form>
      )}
      {expired && (
        <div className="card" role="alert">
          <p>{(turn.error as Error).message}</p>
          <p className="muted">Your last answer is still here to copy: {draft}</p>
          <button type="button" onClick={startOver}>
            Start a new conversation
          </button>
        </div>
      )}
      {s?.end && <ConversationEnd s={s} onAgain={startOver} />}
    </article>
  );
}

function TurnItems({ t }: { t: SessionTurn }) {
  const keyPoints = t.criteria.filter((c) => c.kind === "key_point");
  const pitfalls = t.criteria.filter((c) => c.kind === "pitfall" && c.met);
  return (
    <>
      <li className="bubble buyer">
        <span className="who">Buyer</span> {t.buyerLine}
      </li>
      <li className="bubble rep">
        <span className="who">You</span> {t.response}
      </li>
      <li className="turn-feedback" data-testid="turn-feedback" data-turn={t.n}>
        <strong data-testid="turn-score">{t.score}</strong>
        <span className="muted"> / 100 · turn {t.n}</span>
        <p className={t.gate ? "bad" : undefined}>{t.summary}</p>
        <ul className="criteria plain">
          {keyPoints.map((c) => (
            <li key={c.id} data-testid="key-point" data-met={c.met}>
              <span className={c.met ? "ok" : "bad"} role="img" aria-label={c.met ? "met" : "not met"}>
                {c.met ? "✓" : "✗"}
              </span>{" "}
              <strong>{c.label}</strong>
              {c.met && c.quote ? (
                <div>
                  You covered it: <q>{c.quote}</q>
                </div>
              ) : (
                <div className="muted">{c.feedback}</div>
              )}
            </li>
          ))}
          {pitfalls.map((c) => (
            <li key={c.id} data-testid="pitfall">
              <span className="warn" role="img" aria-label="pitfall">
                ⚠
              </span>{" "}
              <strong>{c.label}</strong> <span className="muted">{c.feedback}</span>
            </li>
          ))}
        </ul>
      </li>
    </>
  );
}

function ConversationEnd({ s, onAgain }: { s: PracticeSession; onAgain(): void }) {
  const end = s.end!;
  return (
    <section className="card" aria-labelledby="conversation-total" data-testid="conversation-end">
      <h2 id="conversation-total">{s.status === "expired" ? "The conversation expired" : end.strong ? "The buyer is convinced" : "The conversation ended"}</h2>
      <div className="row">
        <span className="score" data-testid="conversation-score">
          {end.score}
        </span>
        <span className="muted">/ 100 over {s.turns.length} turn{s.turns.length === 1 ? "" : "s"}</span>
        <span className="grow" />
        <span className="badge" data-testid="xp-awarded">
          +{end.xp.awarded} XP
        </span>
      </div>
      <p className="muted">Turn one counts most (60%), then 25% and 15%. Training XP {end.xp.training} · streak {end.streak}.</p>
      <h3>The ideal path</h3>
      <ol data-testid="ideal-path">
        {end.idealPath.map((p) => (
          <li key={p.buyerLine}>
            <div className="muted">Buyer: “{p.buyerLine}”</div>
            <div>{p.ideal}</div>
          </li>
        ))}
      </ol>
      <button type="button" onClick={onAgain}>
        Talk it through again
      </button>
    </section>
  );
}
