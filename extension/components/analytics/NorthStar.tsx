// The north star: deals closed per training hour, overall and as a line per ISO week, with training
// hours as bars behind it (a week without practice has no ratio: the line breaks there).
import { Bar, CartesianGrid, Cell, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { NorthStar as NorthStarFigures, NorthStarWeek } from "@dq/shared";
import { hours, ratio, shortDate } from "./format.ts";
import { EmptyState } from "./Section.tsx";

export function NorthStarTiles({ star, label = "Deals closed per training hour" }: { star: NorthStarFigures; label?: string }) {
  return (
    <div className="dqa-tiles">
      <div className="dqa-tile dqa-tile-main" data-testid="north-star-value">
        <span className="dqa-tile-label">{label}</span>
        <strong>{ratio(star.dealsPerTrainingHour)}</strong>
        <span className="dqa-muted">
          {star.dealsClosed} won ÷ {hours(star.trainingHours)}
        </span>
      </div>
      <div className="dqa-tile">
        <span className="dqa-tile-label">Deals won</span>
        <strong>{star.dealsClosed}</strong>
        <span className="dqa-muted">of {star.outcomes} outcomes</span>
      </div>
      <div className="dqa-tile">
        <span className="dqa-tile-label">Training</span>
        <strong>{hours(star.trainingHours)}</strong>
        <span className="dqa-muted">{star.attempts} practice attempts</span>
      </div>
    </div>
  );
}

interface Point {
  week: string;
  label: string;
  hours: number;
  perHour: number | null;
  won: number;
  outcomes: number;
  days: number;
}

function WeekTooltip({ active, payload }: { active?: boolean; payload?: { payload: Point }[] }) {
  const p = active ? payload?.[0]?.payload : undefined;
  if (!p) return null;
  return (
    <div className="dqa-tooltip">
      <strong>
        {p.week} (from {p.label})
      </strong>
      <div>
        {p.won} won of {p.outcomes} outcomes · {hours(p.hours)} of practice
      </div>
      <div>{p.perHour === null ? "No practice this week, so no ratio." : `${p.perHour.toFixed(2)} deals per training hour`}</div>
      {p.days < 7 && <div className="dqa-muted">Only {p.days} days of this week are in the period.</div>}
    </div>
  );
}

/** A week's point: hollow when the period cuts the week (its ratio covers fewer than 7 days). */
function WeekDot(props: { cx?: number; cy?: number; index?: number; payload?: Point }) {
  if (props.cx === undefined || props.cy === undefined || props.cy === null || !props.payload) return <g key={props.index} />;
  const partial = props.payload.days < 7;
  return <circle key={props.index} cx={props.cx} cy={props.cy} r={partial ? 3.5 : 3} fill={partial ? "#fff" : "#2746c9"} stroke={partial ? "#8fa3d9" : "#2746c9"} strokeWidth={1.5} />;
}

export function NorthStarChart({ weekly, height = 260, compact = false }: { weekly: NorthStarWeek[]; height?: number; compact?: boolean }) {
  if (weekly.every((w) => w.attempts === 0 && w.outcomes === 0)) return <EmptyState>No practice and no outcomes in this period yet: the weekly line appears as soon as there are some.</EmptyState>;
  const data: Point[] = weekly.map((w) => ({
    week: w.week,
    label: shortDate(w.start),
    hours: Number(w.trainingHours.toFixed(2)),
    perHour: w.dealsPerTrainingHour,
    won: w.dealsClosed,
    outcomes: w.outcomes,
    days: w.daysInPeriod,
  }));
  return (
    <div className="dqa-chart" data-testid="chart-north-star" role="img" aria-label="Deals closed per training hour, per week">
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={data} margin={{ top: 8, right: compact ? 4 : 16, bottom: 0, left: compact ? -16 : 0 }}>
          <CartesianGrid stroke="#e7ebf3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis yAxisId="perHour" tick={{ fontSize: 11 }} width={44} allowDecimals label={compact ? undefined : { value: "deals / h", angle: -90, position: "insideLeft", fontSize: 11, fill: "#2746c9" }} />
          <YAxis yAxisId="hours" orientation="right" tick={{ fontSize: 11 }} width={compact ? 28 : 40} label={compact ? undefined : { value: "hours", angle: 90, position: "insideRight", fontSize: 11, fill: "#8fa3d9" }} />
          <Tooltip content={<WeekTooltip />} />
          <Bar yAxisId="hours" dataKey="hours" name="Training hours" fill="#c9d5f5" isAnimationActive={false}>
            {data.map((p) => (
              <Cell key={p.week} fillOpacity={p.days < 7 ? 0.45 : 1} />
            ))}
          </Bar>
          <Line yAxisId="perHour" dataKey="perHour" name="Deals per training hour" stroke="#2746c9" strokeWidth={2.5} dot={WeekDot} connectNulls={false} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
      <p className="dqa-legend">
        <span className="dqa-key dqa-key-line" /> deals closed per training hour <span className="dqa-key dqa-key-bar" /> training hours
        {data.some((p) => p.days < 7) && <span> · pale bars and hollow points: weeks the period only partly covers</span>}
      </p>
    </div>
  );
}
