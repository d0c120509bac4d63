// The manager dashboard (dashboard.html): is training paying off? Deals closed per training hour by week,
// the funnel, which strategies work (with honest intervals), whether practice tracks with wins, per-category
// lift, cycle times and a table per rep — each with its n, its caveats and a CSV export — and, beside those
// correlations, the one causal figure: the randomized nudge holdout ("Did nudges cause it?").
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { browser } from "wxt/browser";
import type { AnalyticsQuery, TeamAnalytics } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { DataTable } from "./DataTable.tsx";
import { EffectivenessChart } from "./Effectiveness.tsx";
import { EngagementChart } from "./Engagement.tsx";
import { ExperimentSection } from "./Experiment.tsx";
import { longDate } from "./format.ts";
import { FunnelChart } from "./Funnel.tsx";
import { LiftChart } from "./Lift.tsx";
import { NorthStarChart, NorthStarTiles } from "./NorthStar.tsx";
import { PeriodPicker, presetQuery } from "./PeriodPicker.tsx";
import { EmptyState, Section } from "./Section.tsx";
import { SwitchedOffFeatures } from "./SwitchedOffFeatures.tsx";
import { cycleTable, effectivenessTable, funnelTable, liftTable, repTable, weeklyTable } from "./tables.ts";
import { explainError, useTeamAnalytics } from "./useAnalytics.ts";
import "./analytics.css";

function readHashPeriod(): AnalyticsQuery {
  const p = new URLSearchParams(location.hash.slice(1));
  const from = p.get("from");
  const to = p.get("to");
  return from && to && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) ? { from, to } : presetQuery(90);
}

/** The period lives in the URL hash (`#from=…&to=…`), so a reload or a shared link keeps it. */
function useHashPeriod(): [AnalyticsQuery, (q: AnalyticsQuery) => void] {
  const [query, setQuery] = useState(readHashPeriod);
  useEffect(() => {
    const onHash = () => setQuery(readHashPeriod());
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  return [
    query,
    (q) => {
      location.hash = `from=${q.from}&to=${q.to}`;
    },
  ];
}

export function Dashboard() {
  const [query, setQuery] = useHashPeriod();
  const analytics = useTeamAnalytics(query);
  const me = useQuery({ queryKey: ["analytics", "whoami"], queryFn: () => send({ type: "me.get" }), staleTime: 5 * 60_000, retry: false });
  const teamName = me.data?.data.team.name;
  useEffect(() => {
    document.title = teamName ? `${teamName} — Deal Quest analytics` : "Deal Quest — team analytics";
  }, [teamName]);

  return (
    <div className="dqa dqa-page">
      <header className="dqa-top">
        <div>
          <h1>
            <span className="dqa-logo" aria-hidden="true">
              DQ
            </span>{" "}
            Is training paying off?
          </h1>
          <p className="dqa-muted">
            {teamName ?? "Your team"} · {longDate(query.from!)} – {longDate(query.to!)}
          </p>
        </div>
        <PeriodPicker key={`${query.from}:${query.to}`} value={query} onChange={setQuery} />
      </header>
      <SwitchedOffFeatures />
      {analytics.isPending ? (
        <p className="dqa-loading" role="status">
          Loading the team's analytics…
        </p>
      ) : analytics.isError ? (
        <Problem err={analytics.error} />
      ) : (
        <Figures a={analytics.data.data} offline={analytics.data.offline ? analytics.data.cachedAt : null} refreshing={analytics.isFetching} />
      )}
    </div>
  );
}

function Problem({ err }: { err: unknown }) {
  const e = explainError(err);
  return (
    <div className="dqa-card dqa-problem" role="alert" data-testid="analytics-error">
      <h2>{e.title}</h2>
      <p>{e.body}</p>
      {e.action === "options" && (
        <button type="button" className="dqa-button primary" onClick={() => void browser.runtime.openOptionsPage()}>
          Open options
        </button>
      )}
    </div>
  );
}

function Figures({ a, offline, refreshing }: { a: TeamAnalytics; offline: string | null; refreshing: boolean }) {
  const t = a.team;
  const period = `${a.period.from}_${a.period.to}`;
  const file = (name: string) => `deal-quest-${name}-${period}.csv`;
  const reps = repTable(a.reps);
  return (
    <main className="dqa-grid" aria-busy={refreshing}>
      {offline && (
        <p className="dqa-banner" role="status">
          Offline: these figures were cached at {new Date(offline).toLocaleString()}.
        </p>
      )}
      <Section
        id="north-star"
        title="Deals closed per training hour"
        subtitle={`The team's ${t.reps} reps: deals won ÷ hours of practice (each attempt counts at most 30 minutes), per ISO week.`}
        caveats={[t.northStar.caveat]}
        exports={[{ table: weeklyTable(t.weekly), filename: file("weekly") }]}
      >
        <NorthStarTiles star={t.northStar} />
        <NorthStarChart weekly={t.weekly} />
      </Section>

      <div className="dqa-two">
        <Section id="funnel" title="Outcome funnel" subtitle="Every deal closed in the period, counted once by its latest answer." caveats={[t.funnel.caveat]} exports={[{ table: funnelTable(t.funnel), filename: file("funnel") }]}>
          <FunnelChart funnel={t.funnel} />
        </Section>
        <Section id="cycle" title="Cycle time of won deals" subtitle="Median days from the lead's creation in the CRM (else first seen) to close." caveats={[t.cycleTime.caveat]} exports={[{ table: cycleTable(t.cycleTime), filename: file("cycle-time") }]}>
          {t.cycleTime.n === 0 ? <EmptyState>No won deals in this period.</EmptyState> : <DataTable table={cycleTable(t.cycleTime)} rowKey={(r) => r.id} testId="table-cycle" />}
        </Section>
      </div>

      <Section
        id="effectiveness"
        title="Which strategies work"
        subtitle="Response, meeting and win rates per strategy or tactic, each with its 95% interval."
        caveats={[t.effectiveness.caveat]}
        exports={[
          { label: "Strategies CSV", table: effectivenessTable("strategies", t.effectiveness.strategies), filename: file("strategies") },
          { label: "Tactics CSV", table: effectivenessTable("tactics", t.effectiveness.tactics), filename: file("tactics") },
        ]}
      >
        <EffectivenessChart effectiveness={t.effectiveness} funnel={t.funnel} />
      </Section>

      <Section id="engagement" title="Does practice track with wins?" subtitle="Across reps: training hours against win rate (Spearman's rank correlation, two-sided p).">
        <EngagementChart across={t.acrossReps} within={t.withinRep} />
      </Section>

      <Section
        id="lift"
        title="Lift after practice, per category"
        subtitle="The rate at the step each category trains, 30 days before a rep's first practice in it vs 30 days after their third, pooled over reps, with a 95% interval whose method the tooltip names; under 5 outcomes on a side is too few to say."
        exports={[{ table: liftTable(t.lift), filename: file("lift") }]}
      >
        <LiftChart lift={t.lift} />
      </Section>

      <ExperimentSection />

      <Section id="reps" title="Per rep" subtitle="Hover a cell for its interval or caveat; * marks a correlation with too few weeks to mean much." exports={[{ table: reps, filename: file("reps") }]}>
        {a.reps.length === 0 ? <EmptyState>This team has no reps yet.</EmptyState> : <DataTable table={reps} rowKey={(r) => r.member.id} testId="table-reps" />}
      </Section>

      <footer className="dqa-muted dqa-small">
        Generated {new Date(a.generatedAt).toLocaleString()}. Period {a.period.from} to {a.period.to} ({a.period.days} days, UTC). A deal belongs to the period by its close date. Rates carry
        Wilson 95% intervals; correlations are Spearman with a t-approximation p-value and are called meaningful from 8 independent observations; lift intervals are Newcombe's
        hybrid score interval, or a seeded bootstrap over reps and their deals once 8 or more reps contribute, and a lift with fewer than 5 outcomes before or after gets none.
      </footer>
    </main>
  );
}
