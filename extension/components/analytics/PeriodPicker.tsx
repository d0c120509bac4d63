// The period: a few presets (ending today) or any from/to (inclusive UTC days, at most two years).
import { useState } from "react";
import { type AnalyticsQuery, MAX_ANALYTICS_DAYS, DAY_MS } from "@dq/shared";

export const today = () => new Date().toISOString().slice(0, 10);
export const daysAgo = (n: number, from = today()) => new Date(Date.parse(`${from}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);

export const presets = [
  { id: "30", label: "30 days", days: 30 },
  { id: "90", label: "90 days", days: 90 },
  { id: "182", label: "6 months", days: 182 },
  { id: "365", label: "12 months", days: 365 },
] as const;

/** The query for a preset: the last `days` days, today included. */
export const presetQuery = (days: number): AnalyticsQuery => ({ from: daysAgo(days - 1), to: today() });

export function PeriodPicker({ value, onChange }: { value: AnalyticsQuery; onChange(q: AnalyticsQuery): void }) {
  const [from, setFrom] = useState(value.from ?? daysAgo(89));
  const [to, setTo] = useState(value.to ?? today());
  const active = presets.find((p) => value.to === today() && value.from === daysAgo(p.days - 1))?.id;
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  const problem = !from || !to ? "Pick both dates." : from > to ? "The start is after the end." : span > MAX_ANALYTICS_DAYS ? "At most two years at a time." : null;
  return (
    <form
      className="dqa-period"
      aria-label="Period"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem) onChange({ from, to });
      }}
    >
      <fieldset className="dqa-toggles" aria-label="Preset periods">
        {presets.map((p) => (
          <button
            key={p.id}
            type="button"
            className={`dqa-chip${active === p.id ? " on" : ""}`}
            aria-pressed={active === p.id}
            onClick={() => {
              const q = presetQuery(p.days);
              setFrom(q.from!);
              setTo(q.to!);
              onChange(q);
            }}
          >
            {p.label}
          </button>
        ))}
      </fieldset>
      <label>
        From <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} data-testid="period-from" />
      </label>
      <label>
        to <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} data-testid="period-to" />
      </label>
      <button type="submit" className="dqa-button" disabled={Boolean(problem)} title={problem ?? undefined}>
        Apply
      </button>
      {problem && <span className="dqa-alert">{problem}</span>}
    </form>
  );
}
