// Leads as this browser knows them (background side): the page's latest reading, what the rep
// added, the worker's id and status once acknowledged, and the outcome the rep gave.
import type { Lead, LeadAnswers, LeadKey, LeadView, RecordOutcomeRequest, UpsertLeadRequest } from "@dq/shared";
import type { DealQuestDb, LocalLead } from "./db.ts";
import type { Outbox } from "./outbox.ts";

export const leadKeyOf = (k: LeadKey) => `${k.crm}:${k.externalId}`;

/** The body to upsert: what the page shows, completed by what the rep typed for missing fields. */
export function upsertBody(l: Pick<LocalLead, "seen" | "answers">): UpsertLeadRequest {
  const { persona, ...fields } = l.answers;
  const body: UpsertLeadRequest = { ...fields, ...stripUndefined(l.seen) };
  if (persona) body.persona = persona;
  return body;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function labelOf(l: Pick<LocalLead, "seen" | "answers" | "externalId">) {
  return l.seen.name ?? l.answers.name ?? l.seen.company ?? l.answers.company ?? `record ${l.externalId}`;
}

export class LeadBook {
  constructor(
    private readonly db: DealQuestDb,
    private readonly outbox: Outbox,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: LeadKey) {
    return this.db.leads.get(leadKeyOf(key));
  }

  private blank(req: LeadKey): LocalLead {
    return {
      key: leadKeyOf(req),
      crm: req.crm,
      externalId: req.externalId,
      seen: { crm: req.crm, externalId: req.externalId },
      answers: {},
      serverId: null,
      serverStatus: null,
      lastQueued: null,
      syncedAt: null,
      outcome: null,
      autoPrompts: 0,
      updatedAt: new Date(this.now()).toISOString(),
    };
  }

  /** A record page was read: remember it and queue an upsert when it says something new. */
  async seen(req: UpsertLeadRequest): Promise<LocalLead> {
    const lead = (await this.get(req)) ?? this.blank(req);
    lead.seen = req;
    lead.updatedAt = new Date(this.now()).toISOString();
    await this.queueUpsert(lead);
    return lead;
  }

  /** The rep filled in what the page did not show. */
  async answer(key: LeadKey, answers: LeadAnswers): Promise<LocalLead> {
    const lead = (await this.get(key)) ?? this.blank(key);
    lead.answers = { ...lead.answers, ...stripUndefined(answers) };
    lead.updatedAt = new Date(this.now()).toISOString();
    await this.queueUpsert(lead);
    return lead;
  }

  private async queueUpsert(lead: LocalLead) {
    const body = upsertBody(lead);
    const serialized = JSON.stringify(body);
    if (serialized !== lead.lastQueued && !lead.notMine) {
      await this.outbox.enqueue({ kind: "lead.upsert", body: serialized, label: `Lead ${labelOf(lead)}`, leadKey: lead.key });
      lead.lastQueued = serialized;
    }
    await this.save(lead, ["seen", "answers", "lastQueued", "updatedAt"]);
  }

  /**
   * Stores the fields a change set, over what is stored now, in one transaction: a page's reading,
   * the popup's prompt count and the worker's acknowledgement of one lead often arrive together, and
   * a whole-record put from a stale read would undo the others.
   */
  private async save(lead: LocalLead, changed: (keyof LocalLead)[]) {
    await this.db.transaction("rw", this.db.leads, async () => {
      const stored = await this.db.leads.get(lead.key);
      await this.db.leads.put(stored ? { ...stored, ...Object.fromEntries(changed.map((k) => [k, lead[k]])) } : lead);
    });
  }

  /** The rep answered the outcome questions: queue them (the lead is created first if needed). */
  async recordOutcome(req: UpsertLeadRequest, outcome: RecordOutcomeRequest): Promise<LocalLead> {
    const lead = (await this.get(req)) ?? this.blank(req);
    lead.seen = { ...lead.seen, ...stripUndefined(req) };
    const closedAt = outcome.closedAt ?? new Date(this.now()).toISOString();
    const body = { ...outcome, closedAt };
    const item = await this.outbox.enqueue({
      kind: "outcome.record",
      body,
      label: `Outcome for ${labelOf(lead)}: ${outcome.result}`,
      leadKey: lead.key,
      lead: upsertBody(lead),
    });
    lead.outcome = { result: outcome.result, recordedAt: closedAt, outboxId: item.id };
    lead.updatedAt = new Date(this.now()).toISOString();
    await this.save(lead, ["seen", "outcome", "updatedAt"]);
    return lead;
  }

  async prompted(key: LeadKey): Promise<LocalLead> {
    return this.db.transaction("rw", this.db.leads, async () => {
      const lead = (await this.get(key)) ?? this.blank(key);
      lead.autoPrompts += 1;
      await this.db.leads.put(lead);
      return lead;
    });
  }

  /** The worker acknowledged the lead (upsert or outcome answer). */
  async acknowledge(lead: Lead) {
    await this.db.transaction("rw", this.db.leads, async () => {
      const local = (await this.get(lead)) ?? this.blank(lead);
      local.serverId = lead.id;
      local.serverStatus = lead.status;
      local.syncedAt = new Date(this.now()).toISOString();
      await this.db.leads.put(local);
    });
  }

  /** The worker refused an upsert because a teammate owns the lead: stop sending this browser's readings of it. */
  async notMine(key: string) {
    await this.db.transaction("rw", this.db.leads, async () => {
      const local = await this.db.leads.get(key);
      if (local) await this.db.leads.put({ ...local, notMine: true });
    });
  }

  async serverId(key: string): Promise<string | null> {
    return (await this.db.leads.get(key))?.serverId ?? null;
  }

  /** What the UI shows about a lead. */
  async view(key: LeadKey): Promise<LeadView | null> {
    const lead = await this.get(key);
    if (!lead) return null;
    const items = (await this.outbox.own()).filter((i) => i.leadKey === lead.key);
    const outcomeItem = lead.outcome ? items.find((i) => i.id === lead.outcome!.outboxId) : undefined;
    const body = upsertBody(lead);
    const outcomeState = lead.outcome ? (outcomeItem?.state ?? "sent") : null;
    return {
      crm: lead.crm,
      externalId: lead.externalId,
      serverId: lead.serverId,
      name: body.name ?? null,
      company: body.company ?? null,
      stage: body.stage ?? null,
      amount: body.amount ?? null,
      currency: body.currency ?? null,
      persona: body.persona ?? null,
      status: lead.outcome?.result ?? body.status ?? lead.serverStatus ?? "open",
      outcome: lead.outcome && outcomeState ? { result: lead.outcome.result, recordedAt: lead.outcome.recordedAt, state: outcomeState } : null,
      autoPrompts: lead.autoPrompts,
      waiting: items.filter((i) => i.state === "waiting").length,
      syncedAt: lead.syncedAt,
    };
  }
}
