// What a CRM webhook delivery changes: each vendor's parser turns its payload into deal events
// (won, lost, or open again); the planner decides, against what is already known, which events
// are retries or duplicates, which arrived too late, and which close a deal and leave an outcome
// prompt for its owner. Pure: the route reads the state, calls `planDelivery`, writes the plan.
import type { LeadStatus, Result } from "@dq/shared";

export type DealState = "won" | "lost" | "open";

/** One stage/status change of a deal, as a CRM reported it. */
export interface DealEvent {
  /** The vendor's id for this event (stable across retries): the dedupe key. */
  eventKey: string;
  /** The deal's id in the CRM (HubSpot deal id, Pipedrive deal id, Salesforce Opportunity id). */
  externalId: string;
  state: DealState;
  /** When it happened in the CRM (ISO); orders events of one deal. */
  occurredAt: string;
  /** The deal owner's CRM user id, when the payload carries it. */
  ownerCrmUserId?: string | null;
  name?: string | null;
  amount?: number | null;
  currency?: string | null;
  /** A stage label (only when the payload has a human label). */
  stage?: string | null;
  /** The record's URL in the CRM, when it can be built from the payload. */
  url?: string | null;
}

/** A parsed delivery: the deal events, and how many other events it carried. */
export interface ParsedDelivery {
  events: DealEvent[];
  /** Events that are not deal stage/status changes of this account (other objects, properties, portals). */
  ignored: number;
}

/** A payload that does not have the vendor's documented shape (answered with a 400). */
export class WebhookPayloadError extends Error {
  constructor(
    message: string,
    readonly issues: { path: (string | number)[]; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface KnownLead {
  id: string;
  ownerId: string | null;
  status: LeadStatus;
  /** The result of the lead's latest recorded outcome, if any. */
  lastResult: Result | null;
}

export interface KnownDealState {
  status: DealState;
  occurredAt: string;
}

export interface DeliveryState {
  /** Event keys already processed for this team and CRM. */
  seen: ReadonlySet<string>;
  /** The newest state the CRM reported per deal (by external id). */
  deals: ReadonlyMap<string, KnownDealState>;
  /** Leads already known for these deals (by external id). */
  leads: ReadonlyMap<string, KnownLead>;
}

/** A deal the delivery closes: set the lead's status (creating the lead if needed). */
export interface LeadClosure {
  externalId: string;
  status: "won" | "lost";
  closedAt: string;
  /** The member the CRM names as owner (used only when the lead has no owner yet). */
  ownerId: string | null;
  name: string | null;
  amount: number | null;
  currency: string | null;
  stage: string | null;
  url: string | null;
  /** False when the owner already answered this very result: no new prompt. */
  prompt: boolean;
}

export interface DeliveryPlan {
  /** Event keys to remember (every event processed now, whatever it did). */
  newKeys: string[];
  /** The newest state per deal to store. */
  states: { externalId: string; status: DealState; occurredAt: string }[];
  closures: LeadClosure[];
  /** Deals reopened in the CRM: their pending prompt (if any) no longer applies. */
  reopened: string[];
  counts: { received: number; applied: number; duplicates: number; stale: number; ignored: number };
}

/**
 * Decides what a delivery changes. Rules:
 * - an event key seen before (or twice in the delivery) changes nothing (retries, duplicates);
 * - an event older than the newest state known for its deal changes nothing (out of order):
 *   so a late "open" never reopens, and a late "lost" never overrides a newer "won";
 * - a deal already in the reported state changes nothing (the same closure reported twice);
 * - a closure sets the lead's status and prompts its owner, unless the owner already recorded
 *   this result; a reopening only clears a prompt still pending (a lead is never reopened here:
 *   the rep's page reports that).
 */
export function planDelivery(
  events: readonly DealEvent[],
  known: DeliveryState,
  resolveOwner: (crmUserId: string) => string | null,
  ignored = 0,
): DeliveryPlan {
  const seen = new Set(known.seen);
  const deals = new Map(known.deals);
  const newKeys: string[] = [];
  const finalByDeal = new Map<string, DealEvent>();
  const counts = { received: events.length + ignored, applied: 0, duplicates: 0, stale: 0, ignored };

  // Oldest first, so a delivery that carries several changes of one deal ends in the newest.
  const ordered = events.map((e, i) => ({ e, i })).sort((a, b) => cmp(a.e.occurredAt, b.e.occurredAt) || a.i - b.i);
  for (const { e } of ordered) {
    if (seen.has(e.eventKey)) {
      counts.duplicates += 1;
      continue;
    }
    seen.add(e.eventKey);
    newKeys.push(e.eventKey);
    const current = deals.get(e.externalId);
    if (current && e.occurredAt < current.occurredAt) {
      counts.stale += 1;
      continue;
    }
    if (current && current.status === e.state) {
      counts.duplicates += 1;
      continue;
    }
    deals.set(e.externalId, { status: e.state, occurredAt: e.occurredAt });
    // A move between open stages of a deal never seen closed is not a reopening: remember the state only.
    if (e.state === "open" && (!current || current.status === "open")) counts.ignored += 1;
    else counts.applied += 1;
    finalByDeal.set(e.externalId, e);
  }

  const states: DeliveryPlan["states"] = [];
  const closures: LeadClosure[] = [];
  const reopened: string[] = [];
  for (const [externalId, e] of finalByDeal) {
    states.push({ externalId, status: e.state, occurredAt: e.occurredAt });
    if (e.state === "open") {
      if (known.leads.has(externalId)) reopened.push(externalId);
      continue;
    }
    const lead = known.leads.get(externalId);
    const alreadyAnswered = lead !== undefined && lead.status === e.state && lead.lastResult === e.state;
    closures.push({
      externalId,
      status: e.state,
      closedAt: e.occurredAt,
      ownerId: e.ownerCrmUserId ? resolveOwner(e.ownerCrmUserId) : null,
      name: e.name ?? null,
      amount: e.amount ?? null,
      currency: e.currency ?? null,
      stage: e.stage ?? null,
      url: e.url ?? null,
      prompt: !alreadyAnswered,
    });
  }
  return { newKeys, states, closures, reopened, counts };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const SALESFORCE_USER_ID = /^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;

/**
 * Looks a CRM user up in a team's user map. Salesforce user ids (005…) come as 15 (case-sensitive)
 * or 18 characters; a map written with either form matches the other.
 */
export function ownerResolver(userMap: Readonly<Record<string, string>>): (crmUserId: string) => string | null {
  const salesforce = new Map<string, string>();
  for (const [k, v] of Object.entries(userMap)) if (SALESFORCE_USER_ID.test(k)) salesforce.set(k.slice(0, 15), v);
  return (id) => (Object.hasOwn(userMap, id) ? userMap[id]! : SALESFORCE_USER_ID.test(id) ? (salesforce.get(id.slice(0, 15)) ?? null) : null);
}

/** An ISO timestamp from epoch milliseconds/seconds or a date string; null when unreadable. */
export function isoTime(value: unknown): string | null {
  let ms: number;
  if (typeof value === "number" && Number.isFinite(value)) ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === "string" && /^\d+$/.test(value.trim())) return isoTime(Number(value));
  else if (typeof value === "string" && value.trim()) {
    // Pipedrive's "2025-02-17 21:22:41" is UTC without a zone.
    const text = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value.trim()) ? `${value.trim().replace(" ", "T")}Z` : value.trim();
    ms = Date.parse(text);
  } else return null;
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
