// Does practice track with wins? A scatter of each rep's training hours against their win rate, with
// Spearman's ρ, n and p; and the within-rep (week over week) reading below it.
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import type { AcrossRepsCorrelation, RepEngagementPoint, WithinRepCorrelation } from "@dq/shared";
import { hours, pValueText, pct } from "./format.ts";
import { EmptyState } from "./Section.tsx";

function Stat({ c }: { c: { rho: number | null; n: number; p: number | null; meaningful: boolean } }) {
  return (
    <span className={`dqa-stat${c.meaningful ? "" : " weak"}`}>
      ρ = {c.rho === null ? "—" : c.rho.toFixed(2)} · n = {c.n} · {pValueText(c.p)}
    </span>
  );
}

function PointTooltip({ active, payload }: { active?: boolean; payload?: { payload: RepEngagementPoint & { win: number } }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="dqa-tooltip">
      <strong>{p.name}</strong>
      <div>
        {hours(p.trainingHours)} of practice · {p.dealsClosed} won of {p.outcomes} ({pct(p.winRate)})
      </div>
    </div>
  );
}

export function EngagementChart({ across, within }: { across: AcrossRepsCorrelation; within: WithinRepCorrelation }) {
  const data = across.points.map((p) => ({ ...p, win: Number((p.winRate * 100).toFixed(1)) }));
  return (
    <div data-testid="chart-engagement">
      <p className="dqa-reading">
        <Stat c={across} /> {across.summary}
      </p>
      {data.length === 0 ? (
        <EmptyState>No rep has an outcome in this period, so there is nothing to plot yet.</EmptyState>
      ) : (
        <div className="dqa-chart" role="img" aria-label="Training hours against win rate, one point per rep">
          <ResponsiveContainer width="100%" height={280}>
            <ScatterChart margin={{ top: 8, right: 16, bottom: 18, left: 0 }}>
              <CartesianGrid stroke="#e7ebf3" />
              <XAxis type="number" dataKey="trainingHours" name="Training hours" tick={{ fontSize: 11 }} label={{ value: "training hours", position: "insideBottom", offset: -10, fontSize: 11 }} />
              <YAxis type="number" dataKey="win" name="Win rate" unit="%" domain={[0, 100]} tick={{ fontSize: 11 }} width={48} />
              <ZAxis type="number" dataKey="outcomes" range={[50, 260]} name="Outcomes" />
              <Tooltip content={<PointTooltip />} cursor={{ strokeDasharray: "3 3" }} />
              <Scatter data={data} fill="#2746c9" fillOpacity={0.75} isAnimationActive={false} />
            </ScatterChart>
          </ResponsiveContainer>
          <p className="dqa-muted dqa-small">One dot per rep with outcomes in the period; bigger dots have more outcomes.</p>
        </div>
      )}
      <p className="dqa-reading" data-testid="within-rep">
        <strong>Week over week, within each rep:</strong> <Stat c={within} /> {within.summary}
      </p>
    </div>
  );
}
