// How each kind of outbox item reaches the worker: one sender per kind, in an exhaustive table (a
// new kind without a sender fails type-checking). Every request carries the item's id as its
// Idempotency-Key, so a resend after a lost answer does the work once.
import type { OutboxKind } from "@dq/shared";
import { ApiError, type DealQuestApi } from "./api.ts";
import type { OutboxItem } from "./db.ts";
import type { LeadBook } from "./leads.ts";
import type { OutboxSender } from "./outbox.ts";

interface SendDeps {
  api: DealQuestApi;
  leads: LeadBook;
}

const senders: Record<OutboxKind, (item: OutboxItem, deps: SendDeps) => Promise<unknown>> = {
  async "lead.upsert"(item, { api, leads }) {
    try {
      const res = await api.upsertLead(JSON.parse(item.body), item.id);
      await leads.acknowledge(res.lead);
      return res;
    } catch (err) {
      // A teammate's deal (PUT /v1/leads answers 404 for another member's lead): not this rep's to
      // update, and nothing failed — the item is done and later readings of the lead stay here.
      if (!(err instanceof ApiError && err.status === 404 && item.leadKey)) throw err;
      await leads.notMine(item.leadKey);
      return { notMine: true };
    }
  },
  async "outcome.record"(item, { api, leads }) {
    const leadId = await resolveLeadId(api, leads, item);
    const res = await api.recordOutcome(leadId, item.body, item.id);
    await leads.acknowledge(res.lead);
    return res;
  },
  "attempt.create": (item, { api }) => api.createAttempt(item.body, item.id),
  async "scenario.draft"(item, { api, leads }) {
    // Queued after the won outcome it comes from (`after`), so the worker knows the deal was won.
    const leadId = await resolveLeadId(api, leads, item);
    return api.createScenarioDraft(leadId, item.body, item.id);
  },
  "nudge.act": (item, { api }) => api.actOnNudge(targetOf(item), item.id),
  "nudge.dismiss": (item, { api }) => api.dismissNudge(targetOf(item), item.id),
  "nudge.snooze": (item, { api }) => api.snoozeNudge(targetOf(item), item.body, item.id),
  "scenario.update": (item, { api }) => api.patchScenario(targetOf(item), item.body, item.id),
  "scenario.publish": (item, { api }) => api.publishScenario(targetOf(item), item.id),
};

export function createSender(deps: { api: () => Promise<DealQuestApi>; leads: LeadBook }): OutboxSender {
  return async (item: OutboxItem) => {
    const send = senders[item.kind];
    if (!send) throw new Error(`Deal Quest cannot send "${item.kind}" items.`); // an item from a newer version
    return send(item, { api: await deps.api(), leads: deps.leads });
  };
}

function targetOf(item: OutboxItem): string {
  if (!item.target) throw new ApiError(400, "no_target", `This ${item.label.toLowerCase()} does not say what it is about.`);
  return item.target;
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
