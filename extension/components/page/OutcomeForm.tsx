// The outcome questions at closure time, one labelled step after another. Keyboard-usable: native
// controls, focus starts on the first answer, Escape closes (closing without answering asks again
// on the next visit, once).
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from "react";
import type { LostReason, RecordOutcomeRequest, Result, Vocabulary } from "@dq/shared";
import { defaultStrategies, defaultTactics, lostReasonLabels, lostReasons } from "@dq/shared/terms";

/** A closure the CRM reported through its webhook, which the popup asks about. */
export interface ReportedClosure {
  crmLabel: string;
  status: "won" | "lost";
  closedAt: string;
}

/** A team scenario teaches the approach: a few sentences, as the worker requires. */
export const MIN_APPROACH_CHARS = 20;

export interface OutcomeFormProps {
  leadName: string | null;
  /** Pre-selected when the popup opened because the stage turned closed (or the CRM reported it). */
  initialResult?: Result;
  /** Set when the popup opened for a closure the CRM reported: it says so, and keeps the CRM's close date. */
  reported?: ReportedClosure | null;
  vocabulary: Pick<Vocabulary, "strategies" | "tactics"> | null;
  waiting: number;
  onSubmit(outcome: RecordOutcomeRequest): Promise<void>;
  onClose(): void;
}

type YesNo = "yes" | "no" | "";

const RESULTS: Array<{ value: Result; label: string }> = [
  { value: "won", label: "Won" },
  { value: "lost", label: "Lost" },
  { value: "ghosted", label: "Ghosted" },
];

export function OutcomeForm(props: OutcomeFormProps) {
  const id = useId();
  const first = useRef<HTMLInputElement>(null);
  const [responded, setResponded] = useState<YesNo>("");
  const [meeting, setMeeting] = useState<YesNo>("");
  const [result, setResult] = useState<Result | "">(props.initialResult ?? "");
  const [strategy, setStrategy] = useState("");
  const [tactics, setTactics] = useState<string[]>([]);
  const [lostReason, setLostReason] = useState<LostReason | "">("");
  const [consent, setConsent] = useState<YesNo>("");
  const [approach, setApproach] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => first.current?.focus(), []);

  const strategies = props.vocabulary?.strategies ?? defaultStrategies;
  const tacticList = props.vocabulary?.tactics ?? defaultTactics;

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      props.onClose();
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!responded) return setError("Say whether the prospect responded.");
    if (responded === "yes" && !meeting) return setError("Say whether you got a meeting.");
    if (!result) return setError("Say how it ended.");
    if (result === "won" && consent === "yes" && approach.trim().length < MIN_APPROACH_CHARS)
      return setError(`Describe your winning approach in a few sentences (at least ${MIN_APPROACH_CHARS} characters), so the scenario can teach it.`);
    const outcome: RecordOutcomeRequest = {
      responded: responded === "yes",
      meetingBooked: responded === "yes" && meeting === "yes",
      result,
      tactics,
      ...(strategy ? { strategy } : {}),
      ...(result === "lost" && lostReason ? { lostReason } : {}),
      ...(result === "won" && approach.trim() ? { winningApproach: approach.trim() } : {}),
      ...(result === "won" && consent ? { scenarioConsent: consent === "yes" } : {}),
      // The CRM knows when the deal closed; the rep's answer about that closure keeps its date.
      ...(props.reported && props.reported.status === result ? { closedAt: props.reported.closedAt } : {}),
    };
    setError(null);
    setSaving(true);
    try {
      await props.onSubmit(outcome);
    } catch (err) {
      setError((err as Error).message);
      setSaving(false);
    }
  };

  const yesNo = (name: string, value: YesNo, set: (v: YesNo) => void, ref?: Ref<HTMLInputElement>) => (
    <div className="choices">
      {(["yes", "no"] as const).map((v, i) => (
        <label key={v}>
          <input ref={i === 0 ? ref : undefined} type="radio" name={`${id}-${name}`} value={v} checked={value === v} onChange={() => set(v)} />
          {v === "yes" ? "Yes" : "No"}
        </label>
      ))}
    </div>
  );

  return (
    <div className="dq dialog" role="dialog" aria-modal="false" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown}>
      <form onSubmit={submit} noValidate>
        {props.reported ? (
          <>
            <h2 id={`${id}-title`} data-testid="reported-closure">
              {props.reported.crmLabel} reported this deal as {props.reported.status === "won" ? "Closed Won" : "Closed Lost"} — how did it go?
            </h2>
            <p className="muted">{props.leadName ? `${props.leadName}. ` : ""}A minute now makes your training fit your real deals.</p>
          </>
        ) : (
          <>
            <h2 id={`${id}-title`}>Log the outcome{props.leadName ? `: ${props.leadName}` : ""}</h2>
            <p className="muted">A minute now makes your training fit your real deals.</p>
          </>
        )}

        <fieldset>
          <legend>Did the prospect respond?</legend>
          {yesNo("responded", responded, setResponded, first)}
        </fieldset>

        {responded === "yes" && (
          <fieldset>
            <legend>Did you get a meeting?</legend>
            {yesNo("meeting", meeting, setMeeting)}
          </fieldset>
        )}

        <fieldset>
          <legend>How did it end?</legend>
          <div className="choices">
            {RESULTS.map((r) => (
              <label key={r.value}>
                <input type="radio" name={`${id}-result`} value={r.value} checked={result === r.value} onChange={() => setResult(r.value)} />
                {r.label}
              </label>
            ))}
          </div>
        </fieldset>

        <div className="field">
          <label className="label" htmlFor={`${id}-strategy`}>
            Strategy you used
          </label>
          <select id={`${id}-strategy`} value={strategy} onChange={(e) => setStrategy(e.target.value)}>
            <option value="">Choose…</option>
            {strategies.map((s) => (
              <option key={s.id} value={s.id} title={s.description}>
                {s.label}
              </option>
            ))}
          </select>
        </div>

        <fieldset>
          <legend>Tactics you used</legend>
          <div className="tactics">
            {tacticList.map((t) => (
              <label key={t.id} title={t.description}>
                <input
                  type="checkbox"
                  value={t.id}
                  checked={tactics.includes(t.id)}
                  onChange={(e) => setTactics(e.target.checked ? [...tactics, t.id] : tactics.filter((x) => x !== t.id))}
                />
                {t.label}
              </label>
            ))}
          </div>
        </fieldset>

        {result === "lost" && (
          <div className="field">
            <label className="label" htmlFor={`${id}-lost`}>
              Why was it lost?
            </label>
            <select id={`${id}-lost`} value={lostReason} onChange={(e) => setLostReason(e.target.value as LostReason)}>
              <option value="">Choose…</option>
              {lostReasons.map((r) => (
                <option key={r} value={r}>
                  {lostReasonLabels[r]}
                </option>
              ))}
            </select>
          </div>
        )}

        {result === "won" && (
          <>
            <fieldset>
              <legend>Can we use this as a training scenario for the team?</legend>
              {yesNo("consent", consent, setConsent)}
              <p className="muted">Names, companies and amounts are removed first; nothing is shared until you or your manager publish it.</p>
            </fieldset>
            <div className="field">
              <label className="label" htmlFor={`${id}-approach`}>
                Your winning approach, in your words
              </label>
              <textarea id={`${id}-approach`} value={approach} maxLength={4000} onChange={(e) => setApproach(e.target.value)} />
              {consent === "yes" && <p className="muted">It becomes the ideal answer of the scenario: a few sentences on what you did and why it worked.</p>}
            </div>
          </>
        )}

        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={props.onClose}>
            Not now
          </button>
          <button type="submit" className="primary" disabled={saving}>
            {saving ? "Saving…" : "Save outcome"}
          </button>
        </div>
        {props.waiting > 0 && <p className="muted waiting">{props.waiting} waiting to sync</p>}
      </form>
    </div>
  );
}
