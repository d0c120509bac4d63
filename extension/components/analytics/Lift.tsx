// Per-category lift: the change at the funnel step a category trains, from the 30 days before a rep's
// first practice in it to the 30 days after their third, with its 95% interval and the method behind it.
// Only measured rows are drawn; a zero change is drawn too (a marker at 0), because "no change" is a result.
import { Bar, BarChart, type BarShapeProps, CartesianGrid, Cell, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type CategoryLift, categoryLabels, liftStepLabels, MIN_LIFT_OUTCOMES } from "@dq/shared";
import { liftFigure, liftMethodText, pointsText, rateText } from "./format.ts";
import { EmptyState } from "./Section.tsx";

interface Row {
  label: string;
  value: number;
  err: [number, number];
  lift: CategoryLift;
}

export const verdict = (l: CategoryLift) => (l.low === null || l.high === null ? "unclear" : l.low > 0 ? "better" : l.high < 0 ? "worse" : "unclear");
const colors = { better: "#1f8f4e", worse: "#c0392b", unclear: "#8a94ad" } as const;

/** Bars narrower than this (a change of about a point or less) get a diamond so they stay visible. */
const MIN_VISIBLE_PX = 4;

/**
 * A bar from 0 to the difference, wrapped in a test hook; a change too small to see as a bar (zero included)
 * is a diamond at its value instead of nothing.
 */
function LiftMark(props: BarShapeProps) {
  const { x, y, width, height, fill, fillOpacity } = props;
  const row = props.payload as Row;
  const end = x + width; // width is negative for a negative change
  const middle = y + height / 2;
  const r = Math.min(6, height / 2);
  return (
    <g data-testid="lift-mark" data-category={row.lift.category}>
      {Math.abs(width) >= MIN_VISIBLE_PX ? (
        <rect x={Math.min(x, end)} y={y} width={Math.abs(width)} height={height} fill={fill} fillOpacity={fillOpacity} />
      ) : (
        <path d={`M${end},${middle - r}L${end + r},${middle}L${end},${middle + r}L${end - r},${middle}Z`} fill={fill} stroke="#14213d" strokeWidth={1} />
      )}
    </g>
  );
}

export function LiftTooltip({ active, payload }: { active?: boolean; payload?: { payload: Row }[] }) {
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
      <div className="dqa-muted">Interval: {liftMethodText(r.lift)}</div>
    </div>
  );
}

const order = { measured: 0, too_few: 1, none: 2 } as const;

export function LiftChart({ lift, height }: { lift: CategoryLift[]; height?: number }) {
  const rows: Row[] = lift
    .filter((l) => l.status === "measured" && l.difference !== null && l.low !== null && l.high !== null)
    .map((l) => ({
      label: categoryLabels[l.category],
      value: l.difference! * 100,
      err: [(l.difference! - l.low!) * 100, (l.high! - l.difference!) * 100] as [number, number],
      lift: l,
    }));
  const readings = [...lift].sort((a, b) => order[a.status] - order[b.status]);
  return (
    <div data-testid="chart-lift">
      {rows.length === 0 ? (
        <EmptyState>
          No category has {MIN_LIFT_OUTCOMES} or more outcomes both before and after a rep's first practice in it yet. Lift appears once reps practise a category (three attempts) and keep
          logging outcomes.
        </EmptyState>
      ) : (
        <div className="dqa-chart" role="img" aria-label="Change at the trained funnel step after practice, per category, with 95% intervals">
          <ResponsiveContainer width="100%" height={height ?? rows.length * 34 + 50}>
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 16, left: 8 }}>
              <CartesianGrid stroke="#e7ebf3" horizontal={false} />
              <XAxis type="number" domain={[-100, 100]} ticks={[-100, -50, 0, 50, 100]} unit=" pts" tick={{ fontSize: 11 }} />
              <YAxis type="category" dataKey="label" width={130} tick={{ fontSize: 12 }} interval={0} />
              <Tooltip content={<LiftTooltip />} cursor={{ fill: "#f1f4fa" }} />
              <ReferenceLine x={0} stroke="#14213d" />
              <Bar dataKey="value" isAnimationActive={false} barSize={16} shape={LiftMark}>
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
        {readings.map((l) => (
          <li key={l.category} className={`dqa-verdict-${verdict(l)}`} data-testid="lift-row" data-category={l.category} data-status={l.status} title={l.method ? `Interval: ${liftMethodText(l)}` : undefined}>
            <span className={`dqa-pill ${verdict(l)}`}>{liftFigure(l)}</span> {l.summary}
          </li>
        ))}
      </ul>
    </div>
  );
}
