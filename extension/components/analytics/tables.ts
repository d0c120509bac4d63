// The tables behind the dashboard (and their CSV exports): one row shape per table, built from the API's
// analytics, so what is shown and what is exported are the same numbers.
import {
  type AnalyticsFigures,
  type CategoryLift,
  categoryLabels,
  type CycleTime,
  type ExperimentResult,
  type NorthStarWeek,
  type OutcomeFunnel,
  type PlaybookEffectiveness,
  type Rate,
  type RepAnalytics,
  liftStepLabels,
} from "@dq/shared";
import { liftFigure, liftMethodText, pointsText, pValueText } from "./format.ts";

export type Cell = string | number | null;

export interface Column<R> {
  key: string;
  label: string;
  value(row: R): Cell;
  /** How to show the value; defaults to the value itself. */
  display?(row: R): string;
  /** Tooltip: why a value is missing or what it means. */
  title?(row: R): string | undefined;
  numeric?: boolean;
}

export interface Table<R> {
  name: string;
  columns: Column<R>[];
  rows: R[];
}

const round = (x: number | null | undefined, digits = 4): number | null => (x === null || x === undefined ? null : Number(x.toFixed(digits)));

/** The columns a rate expands to in an export: k, n, rate and its bounds. */
function rateColumns<R>(key: string, label: string, get: (r: R) => Rate): Column<R>[] {
  const show = (r: Rate) => (r.rate === null ? "—" : `${Math.round(r.rate * 100)}%`);
  return [
    { key: `${key}`, label: `${label}`, value: (r) => round(get(r).rate), display: (r) => show(get(r)), title: (r) => intervalTitle(get(r)), numeric: true },
    { key: `${key}_low`, label: `${label} (95% low)`, value: (r) => round(get(r).low) },
    { key: `${key}_high`, label: `${label} (95% high)`, value: (r) => round(get(r).high) },
    { key: `${key}_k`, label: `${label} (k)`, value: (r) => get(r).k },
    { key: `${key}_n`, label: `${label} (n)`, value: (r) => get(r).n },
  ];
}

function intervalTitle(r: Rate): string {
  if (r.rate === null) return "No outcomes to compute this from.";
  return `${r.k} of ${r.n}; 95% interval ${Math.round((r.low ?? 0) * 100)}–${Math.round((r.high ?? 0) * 100)}%`;
}

/** Columns hidden on screen (shown in the export only). */
export const isExportOnly = (c: Column<unknown>) => /_(low|high|k|n)$/.test(c.key);

export function repTable(reps: RepAnalytics[]): Table<RepAnalytics> {
  return {
    name: "reps",
    rows: reps,
    columns: [
      { key: "rep", label: "Rep", value: (r) => r.member.name },
      { key: "training_hours", label: "Training h", value: (r) => round(r.northStar.trainingHours), display: (r) => r.northStar.trainingHours.toFixed(1), numeric: true },
      { key: "attempts", label: "Attempts", value: (r) => r.northStar.attempts, numeric: true },
      { key: "outcomes", label: "Outcomes", value: (r) => r.northStar.outcomes, numeric: true },
      { key: "deals_closed", label: "Won", value: (r) => r.northStar.dealsClosed, numeric: true },
      {
        key: "deals_per_training_hour",
        label: "Won / training hour",
        value: (r) => round(r.northStar.dealsPerTrainingHour),
        display: (r) => (r.northStar.dealsPerTrainingHour === null ? "—" : r.northStar.dealsPerTrainingHour.toFixed(2)),
        title: (r) => r.northStar.caveat ?? undefined,
        numeric: true,
      },
      ...rateColumns<RepAnalytics>("response_rate", "Response", (r) => r.funnel.responded),
      ...rateColumns<RepAnalytics>("meeting_rate", "Meeting", (r) => r.funnel.meetingBooked),
      ...rateColumns<RepAnalytics>("win_rate", "Win", (r) => r.funnel.won),
      {
        key: "median_cycle_days",
        label: "Cycle (median days)",
        value: (r) => round(r.cycleTime.medianDays, 2),
        display: (r) => (r.cycleTime.medianDays === null ? "—" : r.cycleTime.medianDays.toFixed(0)),
        title: (r) => r.cycleTime.caveat ?? `${r.cycleTime.n} won deals`,
        numeric: true,
      },
      {
        key: "within_rep_rho",
        label: "Practice→wins ρ",
        value: (r) => round(r.withinRep.rho),
        display: (r) => (r.withinRep.rho === null ? "—" : `${r.withinRep.rho.toFixed(2)}${r.withinRep.meaningful ? "" : "*"}`),
        title: (r) => r.withinRep.summary,
        numeric: true,
      },
      { key: "within_rep_n", label: "Weeks (n)", value: (r) => r.withinRep.n },
      { key: "within_rep_p", label: "p", value: (r) => round(r.withinRep.p), display: (r) => (r.withinRep.p === null ? "—" : r.withinRep.p < 0.001 ? "<0.001" : r.withinRep.p.toFixed(2)), numeric: true },
    ],
  };
}

export function effectivenessTable(name: string, rows: PlaybookEffectiveness[]): Table<PlaybookEffectiveness> {
  return {
    name,
    rows,
    columns: [
      { key: "id", label: "Id", value: (r) => r.id },
      { key: "label", label: name === "tactics" ? "Tactic" : "Strategy", value: (r) => r.label, title: (r) => r.caveat ?? undefined },
      { key: "n", label: "Outcomes", value: (r) => r.n, numeric: true },
      ...rateColumns<PlaybookEffectiveness>("response_rate", "Response", (r) => r.response),
      ...rateColumns<PlaybookEffectiveness>("meeting_rate", "Meeting (of responses)", (r) => r.meeting),
      ...rateColumns<PlaybookEffectiveness>("win_rate", "Win", (r) => r.win),
    ],
  };
}

export function liftTable(rows: CategoryLift[]): Table<CategoryLift> {
  return {
    name: "lift",
    rows,
    columns: [
      { key: "category", label: "Category", value: (r) => categoryLabels[r.category] },
      { key: "step", label: "Trains", value: (r) => liftStepLabels[r.step] },
      { key: "reps", label: "Reps", value: (r) => r.reps, numeric: true },
      ...rateColumns<CategoryLift>("before", "Before", (r) => r.before),
      ...rateColumns<CategoryLift>("after", "After", (r) => r.after),
      { key: "status", label: "Status", value: (r) => r.status, display: (r) => liftStatusWords[r.status] },
      // The difference is exported for too-few rows too (the status says not to read it); on screen it is words.
      { key: "difference", label: "Difference", value: (r) => round(r.difference), display: (r) => liftFigure(r), numeric: true },
      { key: "difference_low", label: "Difference (95% low)", value: (r) => round(r.low) },
      { key: "difference_high", label: "Difference (95% high)", value: (r) => round(r.high) },
      { key: "method", label: "Interval method", value: (r) => r.method, display: (r) => liftMethodText(r) },
      { key: "summary", label: "Reading", value: (r) => r.summary },
    ],
  };
}

const liftStatusWords = { measured: "measured", too_few: "too few outcomes", none: "not measured yet" } as const;

/** The experiment's results: one row per category, then the pooled row ("All categories"). */
export function experimentTable(rows: ExperimentResult[]): Table<ExperimentResult> {
  return {
    name: "experiment",
    rows,
    columns: [
      { key: "category", label: "Category", value: (r) => (r.category ? categoryLabels[r.category] : "All categories (pooled)") },
      { key: "step", label: "Trains", value: (r) => (r.step ? liftStepLabels[r.step] : "each category's step") },
      { key: "units_nudge", label: "Rep-months nudged", value: (r) => r.units.nudge, numeric: true },
      { key: "units_holdout", label: "Rep-months held out", value: (r) => r.units.holdout, numeric: true },
      ...rateColumns<ExperimentResult>("nudged", "Nudged", (r) => r.nudged),
      ...rateColumns<ExperimentResult>("held_out", "Held out", (r) => r.heldOut),
      { key: "status", label: "Status", value: (r) => r.status, display: (r) => experimentStatusWords[r.status] },
      { key: "difference", label: "Difference", value: (r) => round(r.difference), display: (r) => (r.status === "conclusive" || r.status === "inconclusive" ? pointsText(r.difference) : experimentStatusWords[r.status]), numeric: true },
      { key: "difference_low", label: "Difference (95% low)", value: (r) => round(r.low) },
      { key: "difference_high", label: "Difference (95% high)", value: (r) => round(r.high) },
      { key: "interval", label: "Interval method", value: (r) => r.interval },
      { key: "p", label: "p", value: (r) => round(r.p), display: (r) => (r.p === null ? "—" : pValueText(r.p)), numeric: true },
      { key: "test", label: "Test", value: (r) => r.test, display: (r) => (r.test === "permutation_exact" ? "exact permutation" : r.test === "permutation_monte_carlo" ? `permutation (${r.permutations.toLocaleString()} draws)` : "—") },
      { key: "more_units", label: "More rep-months for 10 pts", value: (r) => r.power?.moreUnits ?? null },
      { key: "summary", label: "Reading", value: (r) => r.summary },
    ],
  };
}

export const experimentStatusWords = { conclusive: "conclusive", inconclusive: "not yet conclusive", too_few: "too few outcomes", none: "no outcomes yet" } as const;

export function weeklyTable(rows: NorthStarWeek[]): Table<NorthStarWeek> {
  return {
    name: "weekly",
    rows,
    columns: [
      { key: "week", label: "ISO week", value: (r) => r.week },
      { key: "start", label: "Monday", value: (r) => r.start },
      { key: "days_in_period", label: "Days in period", value: (r) => r.daysInPeriod, numeric: true },
      { key: "attempts", label: "Attempts", value: (r) => r.attempts, numeric: true },
      { key: "training_hours", label: "Training hours", value: (r) => round(r.trainingHours), numeric: true },
      { key: "outcomes", label: "Outcomes", value: (r) => r.outcomes, numeric: true },
      { key: "deals_closed", label: "Deals won", value: (r) => r.dealsClosed, numeric: true },
      { key: "deals_per_training_hour", label: "Deals / training hour", value: (r) => round(r.dealsPerTrainingHour), numeric: true },
    ],
  };
}

interface FunnelRow {
  step: string;
  of: string;
  rate: Rate;
}

export function funnelTable(f: OutcomeFunnel): Table<FunnelRow> {
  const rows: FunnelRow[] = [
    { step: "Responded", of: "outcomes", rate: f.responded },
    { step: "Meeting booked", of: "responses", rate: f.meetingBooked },
    { step: "Won", of: "outcomes", rate: f.won },
    { step: "Lost", of: "outcomes", rate: f.lost },
    { step: "Ghosted", of: "outcomes", rate: f.ghosted },
  ];
  return {
    name: "funnel",
    rows,
    columns: [
      { key: "step", label: "Step", value: (r) => r.step },
      { key: "of", label: "Out of", value: (r) => r.of },
      ...rateColumns<FunnelRow>("rate", "Rate", (r) => r.rate),
    ],
  };
}

export function cycleTable(c: CycleTime): Table<{ id: string; label: string; n: number; medianDays: number | null }> {
  return {
    name: "cycle-time",
    rows: [{ id: "all", label: "All won deals", n: c.n, medianDays: c.medianDays }, ...c.byStrategy],
    columns: [
      { key: "strategy", label: "Strategy", value: (r) => r.label },
      { key: "won_deals", label: "Won deals", value: (r) => r.n, numeric: true },
      { key: "median_days", label: "Median days to close", value: (r) => round(r.medianDays, 2), display: (r) => (r.medianDays === null ? "—" : r.medianDays.toFixed(1)), numeric: true },
    ],
  };
}

/** A figures block has anything to show at all. */
export const hasActivity = (f: AnalyticsFigures) => f.northStar.attempts > 0 || f.northStar.outcomes > 0;
