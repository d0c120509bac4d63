// Per-category lift: the change at the funnel step a category trains, from the 30 days before a rep's
// first practice in it to the 30 days after their third, with its bootstrap 95% interval.
import { Bar, BarChart, CartesianGrid, Cell, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type CategoryLift, categoryLabels, liftStepLabels } from "@dq/shared";
import { pointsText, rateText } from "./format.ts";
import { EmptyState } from "./Section.tsx";

interface Row {
  label: string;
  value: number;
  err: [number, number];
  lift: CategoryLift;
}

export const verdict = (l: CategoryLift) => (l.low === null || l.high === null ? "unclear" : l.low > 0 ? "better" : l.high < 0 ? "worse" : "unclear");
const colors = { better: "#1f8f4e", worse: "#c0392b", unclear: "#8a94ad" } as const;

function LiftTooltip({ active, payload }: { active?: boolean; payload?: { payload: Row }[] }) {
  const r = active ? payload?.[0]?.payload : undefined;
  if (!r) return null;
  return (
    <div className="dqa-tooltip" style={{ maxWidth: 320 }}>
      <strong>
        {r.label}: {liftStepLabels[r.lift.step]}
      </strong>
      <div>
        Before {rateText(r.lift.before)} → after {rateText(r.lift.after)}
      </div>
      <div>
        {pointsText(r.lift.difference)} (95% interval {pointsText(r.lift.low)} to {pointsText(r.lift.high)}) · {r.lift.reps} reps
      </div>
    </div>
  );
}

export function LiftChart({ lift, height }: { lift: CategoryLift[]; height?: number }) {
  const rows: Row[] = lift
    .filter((l) => l.difference !== null && l.low !== null && l.high !== null)
    .map((l) => ({
      label: categoryLabels[l.category],
      value: l.difference! * 100,
      err: [(l.difference! - l.low!) * 100, (l.high! - l.difference!) * 100] as [number, number],
      lift: l,
    }));
  const without = lift.filter((l) => l.difference === null);
  return (
    <div data-testid="chart-lift">
      {rows.length === 0 ? (
        <EmptyState>No category has outcomes both before and after a rep's first practice in it yet. Lift appears once reps practise a category (three attempts) and keep logging outcomes.</EmptyState>
      ) : (
        <div className="dqa-chart" role="img" aria-label="Change at the trained funnel step after practice, per category, with 95% intervals">
          <ResponsiveContainer width="100%" height={height ?? rows.length * 34 + 50}>
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 16, left: 8 }}>
              <CartesianGrid stroke="#e7ebf3" horizontal={false} />
              <XAxis type="number" domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} unit=" pts" tick={{ fontSize: 11 }} />
              <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 12 }} interval={0} />
              <Tooltip content={<LiftTooltip />} cursor={{ fill: "#f1f4fa" }} />
              <ReferenceLine x={0} stroke="#14213d" />
              <Bar dataKey="value" isAnimationActive={false} barSize={16}>
                {rows.map((r) => (
                  <Cell key={r.label} fill={colors[verdict(r.lift)]} fillOpacity={verdict(r.lift) === "unclear" ? 0.55 : 0.9} />
                ))}
                <ErrorBar dataKey="err" width={5} stroke="#14213d" strokeWidth={1.5} isAnimationActive={false} />
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <ul className="dqa-readings">
        {[...lift.filter((l) => l.difference !== null), ...without].map((l) => (
          <li key={l.category} className={`dqa-verdict-${verdict(l)}`}>
            {l.summary}
          </li>
        ))}
      </ul>
    </div>
  );
}
