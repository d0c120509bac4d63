import type { Crm, NudgeKind, PendingOutcomeView } from "@dq/shared";

/** What kind of nudge it is, in a rep's words. */
export const nudgeKindLabels: Record<NudgeKind, string> = {
  no_meeting: "Reply, no meeting",
  stale_lead: "Quiet deal",
  practice_gap: "Time to practise",
  lost_on_price: "Lost on price",
};

const crmLabels: Record<Crm, string> = { hubspot: "HubSpot", salesforce: "Salesforce", pipedrive: "Pipedrive", sandbox: "Sandbox CRM" };
export const crmLabel = (crm: Crm) => crmLabels[crm] ?? crm;

/** Who the closure is about: the deal's name, else its company, else its CRM record. */
export const pendingName = (p: Pick<PendingOutcomeView, "name" | "company" | "externalId" | "crm">) => p.name ?? p.company ?? `${crmLabel(p.crm)} record ${p.externalId}`;
