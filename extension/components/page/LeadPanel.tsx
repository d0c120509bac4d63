// The compact, collapsible Deal Quest panel on a CRM record page. Every piece of host-page text
// is rendered as text by React (never as HTML).
import { useId, useState, type FormEvent } from "react";
import type { LeadAnswers, Nudge, Persona } from "@dq/shared";
import { personaLabels, personas } from "@dq/shared/terms";
import type { LeadStore } from "../../features/store.ts";
import { draftLine, formatAmount, statusLabel, syncLine } from "./format.ts";
import { useLeadState } from "./useStore.ts";

export interface LeadPanelProps {
  store: LeadStore;
  crmLabel: string;
  collapsed: boolean;
  onCollapsedChange(collapsed: boolean): void;
  onLogOutcome(): void;
  onPractice(): Promise<boolean>;
  /** "Practice now" on one of this lead's nudges: opens its scenario; resolves with whether the side panel opened. */
  onPracticeNudge(nudge: Nudge): Promise<boolean>;
  onAnswer(answers: LeadAnswers): Promise<void>;
  /**
   * The first render, in the host page's DOMContentLoaded task: the header, the name and the facts
   * line only, so the little that is laid out there keeps that task short; the rest follows a task later.
   */
  shell?: boolean;
}

type Missing = "name" | "company" | "amount";

export function LeadPanel(props: LeadPanelProps) {
  const { reading, view, sync, autoPrompt, nudges } = useLeadState(props.store);
  const [sidePanel, setSidePanel] = useState<SidePanel>("closed");
  const bodyId = useId();
  const name = view?.name ?? reading?.name ?? null;
  const company = view?.company ?? reading?.company ?? null;
  const stage = reading?.stage ?? view?.stage ?? null;
  const amount = formatAmount(view?.amount ?? reading?.amount, view?.currency ?? reading?.currency);
  const status = view?.status ?? reading?.closed ?? "open";
  const line = syncLine(sync);

  return (
    <aside className={`dq panel${props.collapsed ? " collapsed" : ""}`} aria-label="Deal Quest" data-state={view ? "ready" : "loading"} data-auto-prompt={autoPrompt} data-side-panel={sidePanel}>
      <header>
        <button type="button" className="toggle" aria-expanded={!props.collapsed} aria-controls={bodyId} onClick={() => props.onCollapsedChange(!props.collapsed)}>
          <span className="logo" aria-hidden="true">DQ</span>
          <span>Deal Quest</span>
        </button>
        <span className={`badge ${status}`} data-testid="lead-status">
          {statusLabel[status]}
        </span>
        {props.collapsed && nudges.length > 0 && (
          <span className="badge nudge" data-testid="nudge-count" title="Open the panel to practise">
            {nudges.length} to practise
          </span>
        )}
        {line && (
          <span className={`sync ${line.tone === "ok" ? "muted" : line.tone}`} role="status" data-testid="sync-state">
            {props.collapsed ? (sync!.waiting + sync!.failed > 0 ? `${sync!.waiting + sync!.failed}` : "✓") : line.text}
          </span>
        )}
      </header>
      {!props.collapsed && (
        <div className="body" id={bodyId}>
          <h2 data-testid="lead-name">{name ?? "This record"}</h2>
          <p className="facts muted">
            {[company, stage, amount].filter(Boolean).join(" · ") || (reading ? `${props.crmLabel} record` : "Reading the record…")}
          </p>
          {!props.shell && <PanelBody {...props} bodyId={bodyId} sidePanel={sidePanel} setSidePanel={setSidePanel} />}
        </div>
      )}
    </aside>
  );
}

type SidePanel = "closed" | "opened" | "failed";

/** The panel's body below the facts line: outcome, draft, nudges, what the page did not show, buyer type, actions. */
function PanelBody(props: LeadPanelProps & { bodyId: string; sidePanel: SidePanel; setSidePanel(s: SidePanel): void }) {
  const { reading, view, problem, nudges, draft } = useLeadState(props.store);
  const { bodyId, sidePanel, setSidePanel } = props;
  const name = view?.name ?? reading?.name ?? null;
  const company = view?.company ?? reading?.company ?? null;
  const amount = formatAmount(view?.amount ?? reading?.amount, view?.currency ?? reading?.currency);
  const practise = async (open: () => Promise<boolean>) => setSidePanel((await open()) ? "opened" : "failed");
  const missing: Missing[] = reading ? (["name", "company", "amount"] as const).filter((f) => (f === "amount" ? amount === null : !(f === "name" ? name : company))) : [];
  return (
    <>
          {view?.outcome && (
            <p className="muted" data-testid="outcome-state">
              Outcome: {statusLabel[view.outcome.result]} —{" "}
              {view.outcome.state === "sent" ? "saved" : view.outcome.state === "failed" ? "failed to sync" : "waiting to sync"}
            </p>
          )}
          {draft && (
            <p className={draftLine(draft).tone === "bad" ? "alert" : "muted"} data-testid="draft-state" data-draft-state={draft.state}>
              {draftLine(draft).text}
            </p>
          )}
          {nudges.length > 0 && (
            <ul className="nudges" aria-label="Practice for this lead">
              {nudges.map((n) => (
                <li key={n.id} data-testid="nudge" data-nudge-id={n.id}>
                  <p>{n.message}</p>
                  <button type="button" className="primary" onClick={() => void practise(() => props.onPracticeNudge(n))}>
                    Practice now
                  </button>
                </li>
              ))}
            </ul>
          )}
          {missing.length > 0 && <AskMissing missing={missing} crmLabel={props.crmLabel} onAnswer={props.onAnswer} />}
          <div className="row">
            <label htmlFor={`${bodyId}-persona`} className="muted">
              Buyer type
            </label>
            <select
              id={`${bodyId}-persona`}
              value={view?.persona ?? ""}
              onChange={(e) => e.target.value && void props.onAnswer({ persona: e.target.value as Persona })}
            >
              <option value="">Not set</option>
              {personas.map((p) => (
                <option key={p} value={p}>
                  {personaLabels[p]}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="button" className="primary" onClick={props.onLogOutcome}>
              Log outcome
            </button>
            <button type="button" onClick={() => void practise(props.onPractice)}>
              Practice
            </button>
          </div>
          {sidePanel === "failed" && <p className="muted">Open Deal Quest from the toolbar and choose “Open training” to practise.</p>}
          {problem && (
            <p className="alert" role="alert">
              {problem}
            </p>
          )}
    </>
  );
}

function AskMissing(props: { missing: Missing[]; crmLabel: string; onAnswer: LeadPanelProps["onAnswer"] }) {
  const [values, setValues] = useState<Record<Missing, string>>({ name: "", company: "", amount: "" });
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const labels: Record<Missing, string> = { name: "Lead name", company: "Company", amount: "Amount" };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const answers: LeadAnswers = {};
    if (values.name.trim()) answers.name = values.name.trim();
    if (values.company.trim()) answers.company = values.company.trim();
    if (values.amount.trim()) {
      const n = Number(values.amount.replace(/[^\d.]/g, ""));
      if (!Number.isFinite(n) || n < 0) return setError("Amount must be a number.");
      answers.amount = n;
    }
    if (Object.keys(answers).length === 0) return setError("Fill in at least one field.");
    setError(null);
    await props.onAnswer(answers);
  };
  return (
    <form className="ask" onSubmit={submit} aria-label="Details the page did not show">
      <span className="muted">
        Deal Quest could not read the {props.missing.join(", ")} from this {props.crmLabel} page. Add {props.missing.length > 1 ? "them" : "it"}?
      </span>
      {props.missing.map((f) => (
        <label key={f}>
          <span className="muted">{labels[f]}</span>
          <input
            type={f === "amount" ? "number" : "text"}
            min={f === "amount" ? 0 : undefined}
            id={`${id}-${f}`}
            value={values[f]}
            onChange={(e) => setValues({ ...values, [f]: e.target.value })}
          />
        </label>
      ))}
      {error && (
        <span className="alert" role="alert">
          {error}
        </span>
      )}
      <button type="submit">Save details</button>
    </form>
  );
}
