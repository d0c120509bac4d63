// "CRM features switched off": what operators turned off on record pages because a CRM changed its
// pages (the kill switch, listed in /v1/me), so a manager knows why reps log some outcomes by hand.
// Hidden when nothing is off.
import { useQuery } from "@tanstack/react-query";
import type { CrmFeature } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { crmLabel } from "../today/labels.ts";
import { longDate } from "./format.ts";
import { Section } from "./Section.tsx";

/** Each record-page feature in a manager's words: what reps go without while it is off. */
const featureWords: Record<CrmFeature, string> = {
  "lead-sync": "Reading the record (reps fill in the lead and log outcomes by hand)",
  "adaptive-loop": "Nudges and CRM-reported closures on the record",
  "outcome-popup": "The outcome form",
  "lead-panel": "The Deal Quest panel",
  "stage-watcher": "Asking for the outcome when the stage closes",
};

export function SwitchedOffFeatures() {
  // The same query as the dashboard's header (one /v1/me read, cached by the background).
  const me = useQuery({ queryKey: ["analytics", "whoami"], queryFn: () => send({ type: "me.get" }), staleTime: 5 * 60_000, retry: false });
  const off = me.data?.data.crmFeaturesOff ?? [];
  if (off.length === 0) return null;
  return (
    <Section id="crm-features-off" title="CRM features switched off" subtitle="A CRM changed its pages: until an update reaches your reps, these parts of Deal Quest stay off there.">
      <ul className="dqa-switched-off">
        {off.map((f) => (
          <li key={`${f.crm}:${f.feature}`} data-testid={`off-${f.crm}-${f.feature}`}>
            <strong>{crmLabel(f.crm)}</strong>: {featureWords[f.feature] ?? f.feature} — off since {longDate(f.since.slice(0, 10))}
            {f.reason && <span className="dqa-muted"> ({f.reason})</span>}
          </li>
        ))}
      </ul>
    </Section>
  );
}
