// The outcome popup: opens on request (the panel's "Log outcome", the stage watcher), asks the
// funnel questions and hands the answers to the background's outbox.
import { useEffect, useState } from "react";
import type { Result, Vocabulary } from "@dq/shared";
import { OutcomeForm } from "../components/page/OutcomeForm.tsx";
import { outcomeCss } from "../components/page/styles.ts";
import { useLeadState } from "../components/page/useStore.ts";
import { leadRequest } from "../lib/lead-request.ts";
import { send } from "../lib/messaging.ts";
import { mountShadowReact } from "./mount.tsx";
import type { Feature, RecordContext } from "./types.ts";

export const outcomePopup: Feature = {
  id: "outcome-popup",
  crms: "all",
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
        void mountShadowReact(
          ctx,
          { name: "deal-quest-outcome", css: outcomeCss, render: () => <Popup ctx={ctx} initialResult={request.result} onClose={close} /> },
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

function Popup({ ctx, initialResult, onClose }: { ctx: RecordContext; initialResult?: Result; onClose(): void }) {
  const { view, reading, sync } = useLeadState(ctx.store);
  const [vocabulary, setVocabulary] = useState<Vocabulary | null>(null);
  useEffect(() => {
    send({ type: "vocabulary.get" })
      .then((v) => setVocabulary(v.data))
      .catch(() => setVocabulary(null)); // the default playbook is built in
  }, []);
  return (
    <OutcomeForm
      leadName={view?.name ?? reading?.name ?? null}
      initialResult={initialResult}
      vocabulary={vocabulary}
      waiting={sync?.waiting ?? 0}
      onClose={onClose}
      onSubmit={async (outcome) => {
        const lead = leadRequest(ctx.record, reading ?? {}, location.href);
        const next = await send({ type: "outcome.record", lead, outcome });
        ctx.store.set({ view: next });
        onClose();
      }}
    />
  );
}
