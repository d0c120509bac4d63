// How each kind of outbox item reaches the worker. Every request carries the item's id as its
// Idempotency-Key, so a resend after a lost answer does the work once.
import type { RecordOutcomeResponse, UpsertLeadResponse, AttemptResult } from "@dq/shared";
import { ApiError, type DealQuestApi } from "./api.ts";
import type { OutboxItem } from "./db.ts";
import type { LeadBook } from "./leads.ts";
import type { OutboxSender } from "./outbox.ts";
import { loopSenders } from "./background/loop.ts";

export function createSender(deps: { api: () => Promise<DealQuestApi>; leads: LeadBook }): OutboxSender {
  return async (item: OutboxItem) => {
    const api = await deps.api();
    switch (item.kind) {
      case "lead.upsert": {
        const res: UpsertLeadResponse = await api.upsertLead(JSON.parse(item.body), item.id);
        await deps.leads.acknowledge(res.lead);
        return res;
      }
      case "outcome.record": {
        const leadId = await resolveLeadId(api, deps.leads, item);
        const res: RecordOutcomeResponse = await api.recordOutcome(leadId, item.body, item.id);
        await deps.leads.acknowledge(res.lead);
        return res;
      }
      case "attempt.create": {
        const res: AttemptResult = await api.createAttempt(item.body, item.id);
        return res;
      }
      case "scenario.draft": {
        // Queued after the won outcome it comes from (`after`), so the worker knows the deal was won.
        const leadId = await resolveLeadId(api, deps.leads, item);
        return api.createScenarioDraft(leadId, item.body, item.id);
      }
      case "nudge.act": {
        if (!item.target) throw new ApiError(400, "no_nudge", "This nudge action does not say which nudge.");
        return api.actOnNudge(item.target, item.id);
      }
      default: {
        // The side panel's and the popup's kinds (nudges, the review queue): see background/loop.ts.
        const send = loopSenders[item.kind];
        if (!send) throw new Error(`Deal Quest cannot send "${item.kind}" items yet.`);
        return send(api, item);
      }
    }
  };
}

/** The worker's id for the item's lead: known from an earlier upsert, else created now (same key on retries). */
async function resolveLeadId(api: DealQuestApi, leads: LeadBook, item: OutboxItem): Promise<string> {
  const known = item.leadKey ? await leads.serverId(item.leadKey) : null;
  if (known) return known;
  if (!item.lead) throw new ApiError(400, "no_lead", "This outcome has no lead to attach to.");
  const res = await api.upsertLead(item.lead, `${item.id}.lead`);
  await leads.acknowledge(res.lead);
  return res.lead.id;
}
