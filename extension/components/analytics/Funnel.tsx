// The outcome funnel: outcomes → responded → meeting booked → won, each step with its rate and 95% interval.
import { Bar, BarChart, Cell, LabelList, ResponsiveContainer, XAxis, YAxis } from "recharts";
import type { OutcomeFunnel } from "@dq/shared";
import { pct, rateText } from "./format.ts";
import { EmptyState } from "./Section.tsx";

export function FunnelChart({ funnel, height = 190 }: { funnel: OutcomeFunnel; height?: number }) {
  if (funnel.n === 0) return <EmptyState>No outcomes recorded in this period. Outcomes logged from the CRM page fill this funnel.</EmptyState>;
  const steps = [
    { step: "Outcomes", count: funnel.n, note: "" },
    { step: "Responded", count: funnel.responded.k, note: `${rateText(funnel.responded)} of outcomes` },
    { step: "Meeting booked", count: funnel.meetingBooked.k, note: `${rateText(funnel.meetingBooked)} of responses` },
    { step: "Won", count: funnel.won.k, note: `${rateText(funnel.won)} of outcomes` },
  ];
  const colors = ["#9fb3ea", "#6d88e0", "#4564d3", "#1f8f4e"];
  return (
    <div className="dqa-chart" data-testid="chart-funnel" role="img" aria-label="Outcome funnel">
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={steps} layout="vertical" margin={{ top: 4, right: 210, bottom: 4, left: 8 }}>
          <XAxis type="number" hide domain={[0, funnel.n]} />
          <YAxis type="category" dataKey="step" width={110} tick={{ fontSize: 12 }} />
          <Bar dataKey="count" isAnimationActive={false} barSize={26}>
            {steps.map((s, i) => (
              <Cell key={s.step} fill={colors[i]} />
            ))}
            <LabelList dataKey="count" position="right" style={{ fontSize: 12, fill: "#14213d", fontWeight: 600 }} />
            <LabelList dataKey="note" position="right" offset={40} style={{ fontSize: 12, fill: "#5b6785" }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <p className="dqa-muted dqa-small">
        Lost {pct(funnel.lost.rate)} ({funnel.lost.k}) · Ghosted {pct(funnel.ghosted.rate)} ({funnel.ghosted.k}). Percentages in brackets are 95% intervals.
      </p>
    </div>
  );
}
