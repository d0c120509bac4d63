// `#/outcome/:leadId`: log the outcome of a CRM-reported closure whose record has no address to
// open, with the same form the CRM page uses (rendered in its own shadow root, as on the page).
// The answers go through the outbox like on the page (a won deal shared as a scenario too).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { LeadView, PendingOutcomeView, RecordOutcomeRequest, UpsertLeadRequest } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { routeHash, type SidePanelRoute } from "../../lib/routes.ts";
import { OutcomeForm } from "../page/OutcomeForm.tsx";
import { outcomeCss } from "../page/styles.ts";
import { useSyncSummary } from "../pages/hooks.ts";
import { loopKeys, usePendingOutcomes } from "../training/queries.ts";
import { crmLabel, pendingName } from "./labels.ts";
import { ShadowFrame } from "./ShadowFrame.tsx";

/** The page's popup styles, laid out in the panel's flow instead of floating over a CRM page. */
export const embeddedOutcomeCss = `${outcomeCss}
:host { display: block; }
.dialog { position: static; width: auto; max-height: none; box-shadow: none; border-radius: 10px; }
`;

/** The lead as the outbox upserts it before the answers: the CRM identity and what the worker knows of it. */
export function leadFor(p: PendingOutcomeView): UpsertLeadRequest {
  return {
    crm: p.crm,
    externalId: p.externalId,
    ...(p.name ? { name: p.name.slice(0, 200) } : {}),
    ...(p.company ? { company: p.company.slice(0, 200) } : {}),
  };
}

/** Saves the answers (through the outbox); a won deal the rep agreed to share also queues its scenario draft. */
export async function saveOutcome(p: PendingOutcomeView, outcome: RecordOutcomeRequest): Promise<LeadView> {
  const lead = leadFor(p);
  if (outcome.result === "won" && outcome.scenarioConsent === true) return (await send({ type: "outcome.share", lead, outcome })).lead;
  return send({ type: "outcome.record", lead, outcome });
}

const resultWords = { won: "Won", lost: "Lost", ghosted: "Ghosted" } as const;

export function OutcomeView({ route }: { route: Extract<SidePanelRoute, { name: "outcome" }> }) {
  const qc = useQueryClient();
  const pending = usePendingOutcomes();
  const vocabulary = useQuery({ queryKey: ["vocabulary"], queryFn: () => send({ type: "vocabulary.get" }), staleTime: 10 * 60_000 });
  const summary = useSyncSummary();
  const [saved, setSaved] = useState<{ name: string; lead: LeadView } | null>(null);
  const back = () => {
    location.hash = routeHash({ name: "today" });
  };

  if (saved) {
    const synced = saved.lead.outcome?.state === "sent";
    return (
      <section aria-labelledby="outcome-title">
        <h1 id="outcome-title">Outcome saved</h1>
        <p role="status" data-testid="outcome-saved">
          {saved.name}: {saved.lead.outcome ? resultWords[saved.lead.outcome.result] : "saved"}.{" "}
          {synced ? "Synced with Deal Quest." : "Saved here; it is sent as soon as the server answers."}
        </p>
        <a href={routeHash({ name: "today" })}>Back to Today</a>
      </section>
    );
  }
  if (pending.isPending) return <p className="muted">Loading…</p>;
  if (!pending.data)
    return (
      <p className="bad" role="alert">
        {(pending.error as Error).message} <a href={routeHash({ name: "today" })}>Back to Today</a>
      </p>
    );
  const p = pending.data.data.find((x) => x.leadId === route.leadId);
  if (!p || p.answered !== null)
    return (
      <section aria-labelledby="outcome-title">
        <h1 id="outcome-title">Nothing to log here</h1>
        <p className="muted">{p ? "Your answers for this deal are already saved." : "This closure is not waiting for your answers (anymore)."}</p>
        <a href={routeHash({ name: "today" })}>Back to Today</a>
      </section>
    );

  const submit = async (outcome: RecordOutcomeRequest) => {
    const lead = await saveOutcome(p, outcome);
    setSaved({ name: pendingName(p), lead });
    void qc.invalidateQueries({ queryKey: loopKeys.pendingOutcomes });
  };
  return (
    <ShadowFrame css={embeddedOutcomeCss} testId="outcome-form">
      <OutcomeForm
        leadName={pendingName(p)}
        initialResult={p.status}
        reported={{ crmLabel: crmLabel(p.crm), status: p.status, closedAt: p.closedAt }}
        vocabulary={vocabulary.data?.data ?? null}
        waiting={summary?.waiting ?? 0}
        onSubmit={submit}
        onClose={back}
      />
    </ShadowFrame>
  );
}
