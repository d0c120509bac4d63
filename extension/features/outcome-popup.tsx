// The outcome popup: opens on request (the panel's "Log outcome", the stage watcher — also for a
// closure the CRM reported), asks the funnel questions and hands the answers to the background's
// outbox. A won deal the rep agrees to share also queues its team scenario draft, after the outcome.
import { useEffect, useState } from "react";
import type { Result, Vocabulary } from "@dq/shared";
import { DraftNotice } from "../components/page/DraftNotice.tsx";
import { OutcomeForm, type ReportedClosure } from "../components/page/OutcomeForm.tsx";
import { outcomeCss } from "../components/page/styles.ts";
import { useLeadState } from "../components/page/useStore.ts";
import { leadRequest } from "../lib/lead-request.ts";
import { send } from "../lib/messaging.ts";
import { mountShadowReact } from "./mount.tsx";
import type { Feature, RecordContext } from "./types.ts";

export const outcomePopup: Feature = {
  id: "outcome-popup",
  crms: "all",
  deferred: true,
  init(ctx, signal) {
    let open: AbortController | null = null;
    const key = { crm: ctx.record.crm, externalId: ctx.record.externalId };

    ctx.events.on(
      "outcome:open",
      (request) => {
        if (open) return; // already asking
        const controller = new AbortController();
        open = controller;
        const close = () => {
          controller.abort();
          if (open === controller) open = null;
        };
        signal.addEventListener("abort", close, { once: true });
        if (request.reason !== "button") {
          // Counted: after the closure and one more visit, it stops opening by itself.
          send({ type: "outcome.prompted", lead: key })
            .then((view) => !signal.aborted && ctx.store.set({ view }))
            .catch(() => {});
        }
        const pending = ctx.store.get().pending;
        const reported: ReportedClosure | null =
          request.reason === "crm" && pending ? { crmLabel: ctx.adapter.label, status: pending.status, closedAt: pending.closedAt } : null;
        void mountShadowReact(
          ctx,
          { name: "deal-quest-outcome", css: outcomeCss, render: () => <Popup ctx={ctx} initialResult={request.result} reported={reported} onClose={close} /> },
          AbortSignal.any([signal, controller.signal]),
        ).catch((err) => {
          console.warn("[Deal Quest] outcome popup failed", err);
          close();
        });
      },
      signal,
    );
  },
};

function Popup({ ctx, initialResult, reported, onClose }: { ctx: RecordContext; initialResult?: Result; reported: ReportedClosure | null; onClose(): void }) {
  const { view, reading, sync, draft } = useLeadState(ctx.store);
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(null);
  const [shared, setShared] = useState(false);
  useEffect(() => {
    send({ type: "vocabulary.get" })
      .then((v) => setVocabulary(v.data))
      .catch(() => setVocabulary(null)); // the default playbook is built in
  }, []);
  if (shared && draft) return <DraftNotice draft={draft} onClose={onClose} />;
  return (
    <OutcomeForm
      leadName={view?.name ?? reading?.name ?? null}
      initialResult={initialResult}
      reported={reported}
      vocabulary={vocabulary}
      waiting={sync?.waiting ?? 0}
      onClose={onClose}
      onSubmit={async (outcome) => {
        const lead = leadRequest(ctx.record, reading ?? {}, location.href);
        if (outcome.result === "won" && outcome.scenarioConsent) {
          // One request to the background: the outcome and the draft behind it are queued together.
          const answer = await send({ type: "outcome.share", lead, outcome });
          ctx.store.set({ view: answer.lead, draft: answer.draft, pending: null });
          setShared(true);
          return;
        }
        const next = await send({ type: "outcome.record", lead, outcome });
        // Answered here: the worker clears the CRM's prompt when the outcome arrives.
        ctx.store.set({ view: next, pending: null });
        onClose();
      }}
    />
  );
}
