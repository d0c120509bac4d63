// "Did nudges cause it?": experiment mode's switch and its result — the dashboard's one causal figure. Each
// category's reading is a sentence from the API (the difference, its Newcombe interval, the permutation p,
// and how far from detectable it is), the table holds the numbers, the CSV all of them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { ExperimentReport, ExperimentResult } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { DataTable } from "./DataTable.tsx";
import { longDate } from "./format.ts";
import { EmptyState, Section } from "./Section.tsx";
import { experimentTable } from "./tables.ts";
import { explainError } from "./useAnalytics.ts";

const SHARES = [0.1, 0.2, 0.3, 0.5];

export function useExperiment() {
  return useQuery({ queryKey: ["analytics", "experiment"], queryFn: () => send({ type: "experiment.get" }), staleTime: 60_000, retry: false });
}

export function ExperimentSection() {
  const report = useExperiment();
  const client = useQueryClient();
  const change = useMutation({
    mutationFn: (c: { enabled?: boolean; holdoutShare?: number }) => send({ type: "experiment.set", change: c }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["analytics", "experiment"] }),
  });
  const r = report.data?.data;
  return (
    <Section
      id="experiment"
      title="Did nudges cause it?"
      subtitle="The causal figure: in experiment mode, nudges are held back at random from some reps, per category and 4-week block, and the arms are compared. The figures above are correlations; this one is an experiment."
      caveats={r?.settings.startedOn ? r.caveats : []}
      exports={r?.settings.startedOn ? [{ table: experimentTable([...r.categories, r.pooled]), filename: `deal-quest-experiment-${r.computedAt.slice(0, 10)}.csv` }] : []}
      actions={r && <ExperimentSwitch report={r} busy={change.isPending} onChange={(c) => change.mutate(c)} />}
    >
      {report.isPending ? (
        <p className="dqa-loading" role="status">
          Loading the experiment…
        </p>
      ) : report.isError ? (
        <EmptyState>{explainError(report.error).body}</EmptyState>
      ) : (
        <ExperimentBody report={report.data.data} />
      )}
      {change.isError && (
        <p className="dqa-caveat" role="alert">
          Could not change experiment mode: {explainError(change.error).body}
        </p>
      )}
    </Section>
  );
}

function ExperimentSwitch({ report, busy, onChange }: { report: ExperimentReport; busy: boolean; onChange(c: { enabled?: boolean; holdoutShare?: number }): void }) {
  const s = report.settings;
  const [share, setShare] = useState(s.holdoutShare);
  return (
    <span className="dqa-experiment-switch">
      <label>
        Held out{" "}
        <select
          value={share}
          disabled={busy}
          aria-label="Share of rep-months held out"
          onChange={(e) => {
            const v = Number(e.target.value);
            setShare(v);
            onChange({ holdoutShare: v });
          }}
        >
          {[...new Set([...SHARES, s.holdoutShare])]
            .sort((a, b) => a - b)
            .map((v) => (
              <option key={v} value={v}>
                {Math.round(v * 100)}%
              </option>
            ))}
        </select>
      </label>
      <button type="button" className={`dqa-button${s.enabled ? "" : " primary"}`} disabled={busy} onClick={() => onChange({ enabled: !s.enabled })} data-testid="experiment-toggle">
        {s.enabled ? "Switch experiment mode off" : "Switch experiment mode on"}
      </button>
    </span>
  );
}

function ExperimentBody({ report }: { report: ExperimentReport }) {
  const s = report.settings;
  if (!s.startedOn)
    return (
      <EmptyState>
        Experiment mode is off. Switched on, each rep is held out of nudges and recommendations for a random {Math.round(s.holdoutShare * 100)}% of categories each four weeks (the library
        stays open to them), and this card shows whether the nudged reps did better at the step each category trains — with an interval and a test, because the arms were chosen by chance.
      </EmptyState>
    );
  const rows: ExperimentResult[] = [...report.categories, report.pooled];
  return (
    <>
      <p className="dqa-muted" data-testid="experiment-state">
        {s.enabled
          ? `On since ${longDate(s.startedOn)}; this block runs ${s.currentBlock ? `${longDate(s.currentBlock.start)} – ${longDate(s.currentBlock.end)}` : "from the next Monday"}. ${Math.round(s.holdoutShare * 100)}% of rep-months are held out.`
          : `Off (it ran from ${longDate(s.startedOn)}); results below count the blocks it ran.`}
      </p>
      <ul className="dqa-readings" data-testid="experiment-readings">
        {rows.map((r) => (
          <li key={r.category ?? "pooled"} data-category={r.category ?? "pooled"} data-status={r.status}>
            {r.summary}
          </li>
        ))}
      </ul>
      <DataTable table={experimentTable(rows)} rowKey={(r) => r.category ?? "pooled"} testId="table-experiment" />
    </>
  );
}
