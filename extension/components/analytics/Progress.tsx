// The rep's "Progress" tab in the side panel: their own deals closed per training hour, practice hours,
// funnel and lift — encouraging where the data is, honest where it is not yet.
// Needs a TanStack QueryClientProvider above it (the side panel has one).
import { useState } from "react";
import { type CategoryLift, categoryLabels, liftStepLabels, type MyAnalytics } from "@dq/shared";
import { routeHash } from "../../lib/routes.ts";
import { hours, pct, pointsText, rateText, ratio } from "./format.ts";
import { verdict } from "./Lift.tsx";
import { NorthStarChart } from "./NorthStar.tsx";
import { presetQuery } from "./PeriodPicker.tsx";
import { EmptyState } from "./Section.tsx";
import { explainError, useMyAnalytics } from "./useAnalytics.ts";
import "./analytics.css";

const periods = [
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 182, label: "6 months" },
];

export function Progress() {
  const [days, setDays] = useState(90);
  const analytics = useMyAnalytics(presetQuery(days));
  return (
    <div className="dqa dqa-progress" data-testid="progress">
      <fieldset className="dqa-toggles" aria-label="Period">
        {periods.map((p) => (
          <button key={p.days} type="button" className={`dqa-chip${days === p.days ? " on" : ""}`} aria-pressed={days === p.days} onClick={() => setDays(p.days)}>
            {p.label}
          </button>
        ))}
      </fieldset>
      {analytics.isPending ? (
        <p className="dqa-loading" role="status">
          Loading your progress…
        </p>
      ) : analytics.isError ? (
        <div className="dqa-problem" role="alert">
          <strong>{explainError(analytics.error).title}</strong>
          <p>{explainError(analytics.error).body}</p>
        </div>
      ) : (
        <MyFigures a={analytics.data.data} offline={analytics.data.offline ? analytics.data.cachedAt : null} />
      )}
    </div>
  );
}

function headline(a: MyAnalytics): string {
  const s = a.northStar;
  if (s.attempts === 0 && s.outcomes === 0) return "Nothing logged in this period yet. Practise a scenario and log your deals' outcomes: this page will show how one feeds the other.";
  if (s.attempts === 0) return `You closed ${s.dealsClosed} of ${s.outcomes} deals without logged practice. A few short sessions would show whether practice adds to that.`;
  if (s.outcomes === 0) return `${hours(s.trainingHours)} of practice so far. Log your deals' outcomes from the CRM page to see what it brings.`;
  return `${s.dealsClosed} deals won for ${hours(s.trainingHours)} of practice.`;
}

function MyFigures({ a, offline }: { a: MyAnalytics; offline: string | null }) {
  const measured = a.lift.filter((l) => l.difference !== null);
  const waiting = a.lift.filter((l) => l.difference === null);
  return (
    <>
      {offline && <p className="dqa-banner">Offline: figures from {new Date(offline).toLocaleString()}.</p>}
      <div className="dqa-tiles dqa-tiles-small">
        <div className="dqa-tile dqa-tile-main" data-testid="my-north-star">
          <span className="dqa-tile-label">Deals per training hour</span>
          <strong>{ratio(a.northStar.dealsPerTrainingHour)}</strong>
        </div>
        <div className="dqa-tile">
          <span className="dqa-tile-label">Practice</span>
          <strong>{hours(a.northStar.trainingHours)}</strong>
          <span className="dqa-muted">{a.northStar.attempts} attempts</span>
        </div>
        <div className="dqa-tile">
          <span className="dqa-tile-label">Won</span>
          <strong>{a.northStar.dealsClosed}</strong>
          <span className="dqa-muted">of {a.northStar.outcomes}</span>
        </div>
      </div>
      <p>{headline(a)}</p>
      {a.northStar.caveat && <p className="dqa-caveat">{a.northStar.caveat}</p>}

      <h3>Week by week</h3>
      <NorthStarChart weekly={a.weekly} height={150} compact />

      <h3>Your funnel</h3>
      {a.funnel.n === 0 ? (
        <EmptyState>No outcomes logged in this period.</EmptyState>
      ) : (
        <ul className="dqa-bars" data-testid="my-funnel">
          {[
            { label: "Replied", r: a.funnel.responded, of: "of your deals" },
            { label: "Meeting booked", r: a.funnel.meetingBooked, of: "of replies" },
            { label: "Won", r: a.funnel.won, of: "of your deals" },
          ].map(({ label, r, of }) => (
            <li key={label} title={`95% interval ${pct(r.low)}–${pct(r.high)}`}>
              <span className="dqa-bar-label">
                {label} <span className="dqa-muted">
                  {r.k}/{r.n} {of}
                </span>
              </span>
              <span className="dqa-bar" aria-hidden="true">
                <span style={{ width: `${(r.rate ?? 0) * 100}%` }} />
              </span>
              <span className="dqa-bar-value">{pct(r.rate)}</span>
            </li>
          ))}
        </ul>
      )}
      {a.funnel.caveat && <p className="dqa-caveat">{a.funnel.caveat}</p>}

      <h3>Since you started practising</h3>
      {measured.length === 0 ? (
        <EmptyState>Not measurable yet: lift needs three practice attempts in a category and deals logged both before and after.</EmptyState>
      ) : (
        <ul className="dqa-lifts" data-testid="my-lift">
          {measured.map((l) => (
            <LiftLine key={l.category} l={l} />
          ))}
        </ul>
      )}
      {waiting.length > 0 && (
        <p className="dqa-muted dqa-small">
          Not measured yet:{" "}
          {waiting.map((l, i) => (
            <span key={l.category}>
              {i > 0 && ", "}
              <a href={routeHash({ name: "train", category: l.category })}>{categoryLabels[l.category]}</a>
            </span>
          ))}
          . Three practice attempts in a category start its before/after comparison.
        </p>
      )}
      <p className="dqa-reading">
        <strong>Practice and your later results:</strong> {a.withinRep.summary}
      </p>
    </>
  );
}

const verdictWords = { better: "Paying off", worse: "Worse so far", unclear: "Too early to tell" } as const;

function LiftLine({ l }: { l: CategoryLift }) {
  const v = verdict(l);
  return (
    <li className={`dqa-verdict-${v}`} title={l.summary}>
      <span className={`dqa-pill ${v}`}>{verdictWords[v]}</span> <strong>{categoryLabels[l.category]}</strong> — {liftStepLabels[l.step]}:{" "}
      {l.status === "too_few" ? (
        `too few deals yet to say (${l.before.n} before, ${l.after.n} after).`
      ) : (
        <>
          {pct(l.before.rate)} → {pct(l.after.rate)} ({pointsText(l.difference)}; likely between {pointsText(l.low)} and {pointsText(l.high)}).
        </>
      )}{" "}
      <span className="dqa-muted">Before {rateText(l.before)}, after {rateText(l.after)}.</span>
    </li>
  );
}
