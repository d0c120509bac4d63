// Which strategies and tactics work: one bar per strategy (or tactic) with its 95% interval as whiskers,
// and the team's overall rate as a dashed line. Bars with few outcomes are pale: read their whiskers.
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type Effectiveness, type OutcomeFunnel, type PlaybookEffectiveness, type Rate, SMALL_N } from "@dq/shared";
import { pct, rateText } from "./format.ts";
import { EmptyState } from "./Section.tsx";

export type Metric = "win" | "response" | "meeting";
export const metricLabels: Record<Metric, string> = { win: "Win rate", response: "Response rate", meeting: "Meeting rate (of responses)" };
const funnelRate = (f: OutcomeFunnel, m: Metric): Rate => (m === "win" ? f.won : m === "response" ? f.responded : f.meetingBooked);

interface Row {
  label: string;
  value: number;
  err: [number, number];
  n: number;
  rate: Rate;
  caveat: string | null;
}

function RowTooltip({ active, payload, metric }: { active?: boolean; payload?: { payload: Row }[]; metric: Metric }) {
  const r = active ? payload?.[0]?.payload : undefined;
  if (!r) return null;
  return (
    <div className="dqa-tooltip">
      <strong>{r.label}</strong>
      <div>
        {metricLabels[metric]}: {rateText(r.rate)}
      </div>
      <div>
        {r.rate.k} of {r.rate.n} · {r.n} outcomes in all
      </div>
      {r.caveat && <div className="dqa-muted">{r.caveat}</div>}
    </div>
  );
}

export function EffectivenessChart({ effectiveness, funnel }: { effectiveness: Effectiveness; funnel: OutcomeFunnel }) {
  const [kind, setKind] = useState<"strategies" | "tactics">("strategies");
  const [metric, setMetric] = useState<Metric>("win");
  const rows: Row[] = (effectiveness[kind] as PlaybookEffectiveness[])
    .map((e) => ({ e, rate: e[metric] }))
    .filter(({ rate }) => rate.rate !== null)
    .map(({ e, rate }) => ({
      label: e.label,
      value: rate.rate! * 100,
      err: [(rate.rate! - rate.low!) * 100, (rate.high! - rate.rate!) * 100] as [number, number],
      n: e.n,
      rate,
      caveat: e.caveat,
    }));
  const overall = funnelRate(funnel, metric);
  return (
    <div data-testid="chart-effectiveness">
      <fieldset className="dqa-toggles" aria-label="What to compare">
        {(["strategies", "tactics"] as const).map((k) => (
          <button key={k} type="button" className={`dqa-chip${kind === k ? " on" : ""}`} aria-pressed={kind === k} onClick={() => setKind(k)}>
            {k === "strategies" ? "Strategies" : "Tactics"}
          </button>
        ))}
        <span className="dqa-sep" />
        {(["win", "response", "meeting"] as const).map((m) => (
          <button key={m} type="button" className={`dqa-chip${metric === m ? " on" : ""}`} aria-pressed={metric === m} onClick={() => setMetric(m)}>
            {metricLabels[m]}
          </button>
        ))}
      </fieldset>
      {rows.length === 0 ? (
        <EmptyState>{effectiveness.caveat ?? `No ${kind} recorded with outcomes in this period.`}</EmptyState>
      ) : (
        <div className="dqa-chart" role="img" aria-label={`${metricLabels[metric]} by ${kind === "strategies" ? "strategy" : "tactic"}, with 95% intervals`}>
          <ResponsiveContainer width="100%" height={rows.length * 30 + 50}>
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 48, bottom: 16, left: 8 }}>
              <CartesianGrid stroke="#e7ebf3" horizontal={false} />
              <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" tick={{ fontSize: 11 }} />
              <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} interval={0} />
              <Tooltip content={<RowTooltip metric={metric} />} cursor={{ fill: "#f1f4fa" }} />
              {overall.rate !== null && (
                <ReferenceLine x={overall.rate * 100} stroke="#14213d" strokeDasharray="4 3" label={{ value: `team ${pct(overall.rate)}`, position: "top", fontSize: 11, fill: "#14213d" }} />
              )}
              <Bar dataKey="value" isAnimationActive={false} barSize={16}>
                {rows.map((r) => (
                  <Cell key={r.label} fill={r.n < SMALL_N ? "#c9d5f5" : "#4564d3"} />
                ))}
                <ErrorBar dataKey="err" width={5} stroke="#14213d" strokeWidth={1.5} isAnimationActive={false} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
          {/* The chart's figures as text: for screen readers (Recharts' SVG is not readable), and what tests read. */}
          <ul className="dqa-visually-hidden" data-testid="effectiveness-rows">
            {rows.map((r) => (
              <li key={r.label}>
                {r.label}: {rateText(r.rate)}, {r.rate.k} of {r.rate.n}
              </li>
            ))}
          </ul>
          <p className="dqa-muted dqa-small">
            Whiskers are 95% (Wilson) intervals: where two whiskers overlap a lot, the data cannot yet tell those two apart. Pale bars have fewer than {SMALL_N} outcomes.
            {kind === "tactics" && " A deal can use several tactics, so tactic rows overlap."}
          </p>
        </div>
      )}
    </div>
  );
}
