// "Today" (side panel tab and popup): CRM-reported closures awaiting the rep's answers, then open
// nudges, each with one tap to practise, "Not now" (snooze a day) and dismiss. Every action goes
// through the background's outbox, so it holds offline; the item leaves the list at once.
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Nudge, PendingOutcomeView } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { timeAgo } from "../pages/hooks.ts";
import { categoryLabel, difficultyLabel } from "../training/labels.ts";
import { OfflineNote } from "../training/OfflineNote.tsx";
import { loopKeys, useMe, useNudges, usePendingOutcomes } from "../training/queries.ts";
import { crmLabel, nudgeKindLabels, pendingName } from "./labels.ts";

export interface TodayActions {
  /** "Practice now": runs inside the click (the popup opens the side panel from it). */
  practice(nudge: Nudge): void;
  /** "Log the outcome": the record in a tab (its outcome popup waits there), else the side panel's form. */
  logOutcome(pending: PendingOutcomeView): void;
  /** Shown when `limit` leaves items out (the popup: "everything in the side panel"). */
  more?(): void;
}

/** How long "Not now" hides a nudge. */
export const SNOOZE_HOURS = 24;

/** The closures to list for this member: their own, and (for a manager) those no owner is known for yet. */
export function pendingFor(list: PendingOutcomeView[], memberId: string | undefined): PendingOutcomeView[] {
  return list.filter((p) => p.answered !== "sent" && (p.ownerId === null || p.ownerId === memberId));
}

/** How many things wait in Today (the tab's count). */
export function useTodayCount(): number {
  const me = useMe();
  const nudges = useNudges();
  const pending = usePendingOutcomes();
  const open = pendingFor(pending.data?.data ?? [], me.data?.data.member.id).filter((p) => p.answered === null);
  return (nudges.data?.data.nudges.length ?? 0) + open.length;
}

export function TodayList({ actions, limit, level = 2 }: { actions: TodayActions; limit?: number; level?: 1 | 2 }) {
  const Heading = level === 1 ? "h1" : "h2";
  const me = useMe();
  const nudges = useNudges();
  const pending = usePendingOutcomes();
  const qc = useQueryClient();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);

  const hide = (id: string, on: boolean) =>
    setHidden((h) => {
      const next = new Set(h);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  const answer = async (n: Nudge, what: "dismiss" | "snooze") => {
    hide(n.id, true);
    setProblem(null);
    try {
      const res = await send(what === "dismiss" ? { type: "nudge.dismiss", id: n.id } : { type: "nudge.snooze", id: n.id, hours: SNOOZE_HOURS });
      if (res.status === "failed") {
        hide(n.id, false);
        setProblem(res.error.message);
      }
    } catch (err) {
      hide(n.id, false);
      setProblem((err as Error).message);
    }
    void qc.invalidateQueries({ queryKey: loopKeys.nudges });
  };

  const closures = pendingFor(pending.data?.data ?? [], me.data?.data.member.id);
  const open = (nudges.data?.data.nudges ?? []).filter((n) => !hidden.has(n.id));
  const total = closures.length + open.length;
  const budget = limit ?? Number.POSITIVE_INFINITY;
  const shownClosures = closures.slice(0, budget);
  const shownNudges = open.slice(0, Math.max(0, budget - shownClosures.length));
  const error = (nudges.error ?? pending.error) as Error | null;

  return (
    <section aria-labelledby="today-title" data-testid="today">
      <Heading id="today-title" style={{ marginTop: 0 }}>
        Today
      </Heading>
      <OfflineNote cached={nudges.data?.offline ? nudges.data : pending.data} what="Today" />
      {error && (
        <p className="bad" role="alert">
          {error.message}
        </p>
      )}
      {problem && (
        <p className="bad" role="alert">
          {problem}
        </p>
      )}
      {(nudges.isPending || pending.isPending) && !error && <p className="muted">Loading…</p>}
      {nudges.data && pending.data && total === 0 && <p className="muted">Nothing waiting. Nudges appear here when your deals suggest something to practise.</p>}
      <ul className="plain" aria-label="Today">
        {shownClosures.map((p) => (
          <li key={p.leadId} className="card" data-testid="pending-outcome">
            <div className="row">
              <strong className="grow">Log the outcome of {pendingName(p)}</strong>
              <span className={`badge ${p.status}`}>{p.status === "won" ? "Won" : "Lost"}</span>
            </div>
            <div className="muted small">
              {p.company && p.name ? `${p.company} · ` : ""}
              {crmLabel(p.crm)} reported it {timeAgo(p.reportedAt)}
            </div>
            {p.ownerId === null && <div className="muted small">No owner known yet: whoever logs it takes the deal.</div>}
            {p.answered === "waiting" && <div className="warn small">Your answers are saved here and wait to sync.</div>}
            {p.answered === "failed" && <div className="bad small">Your answers could not be saved: see the popup's sync list.</div>}
            {p.answered === null && (
              <div className="actions">
                <button type="button" className="primary" onClick={() => actions.logOutcome(p)} aria-label={`Log outcome: ${pendingName(p)}`}>
                  {p.url ? "Open the record" : "Log outcome"}
                </button>
              </div>
            )}
          </li>
        ))}
        {shownNudges.map((n) => (
          <li key={n.id} className="card" data-testid="nudge" data-kind={n.kind}>
            <div className="row">
              <span className="badge">{nudgeKindLabels[n.kind]}</span>
              <span className="grow muted small">{timeAgo(n.createdAt)}</span>
              <button type="button" className="icon" title="Dismiss" aria-label={`Dismiss: ${n.message}`} onClick={() => void answer(n, "dismiss")}>
                ×
              </button>
            </div>
            <p style={{ margin: "6px 0" }}>{n.message}</p>
            <div className="muted small">Scenario: {n.scenario.title}</div>
            <div className="row small" style={{ marginTop: 4 }}>
              <span className={`badge ${n.scenario.difficulty}`}>{difficultyLabel(n.scenario.difficulty)}</span>
              <span className="muted">{categoryLabel(n.scenario.category)}</span>
            </div>
            <div className="actions">
              <button type="button" onClick={() => void answer(n, "snooze")} aria-label={`Not now: ${n.scenario.title}`}>
                Not now
              </button>
              <button
                type="button"
                className="primary"
                aria-label={`Practice now: ${n.scenario.title}`}
                onClick={() => {
                  hide(n.id, true);
                  actions.practice(n);
                }}
              >
                Practice now
              </button>
            </div>
          </li>
        ))}
      </ul>
      {total > shownClosures.length + shownNudges.length && actions.more && (
        <button type="button" className="link" onClick={actions.more}>
          {total - shownClosures.length - shownNudges.length} more in Today
        </button>
      )}
    </section>
  );
}
