// Leads seen in the CRM and the outcomes reps record for them.
import { z } from "zod";
import { Id, Timestamp, WebUrl } from "./common.ts";
import { Crm, Industry, LeadStatus, LostReason, Persona, Result } from "./vocabulary.ts";

const Text = (max: number) => z.string().trim().min(1).max(max);

export const UpsertLeadRequest = z.object({
  crm: Crm,
  /** The record's id in its CRM (deal id, opportunity id…). */
  externalId: z.string().trim().min(1).max(128),
  name: Text(200).optional(),
  company: Text(200).optional(),
  /** The CRM's stage label, as shown on the page. */
  stage: Text(120).optional(),
  status: LeadStatus.optional(),
  amount: z.number().finite().nonnegative().max(1e12).optional(),
  currency: z.string().trim().length(3).toUpperCase().optional(),
  /** The record's page in the CRM; http(s) only. */
  url: WebUrl.optional(),
  persona: Persona.optional(),
  industry: Industry.optional(),
  /** The CRM's own creation date, when the page shows it. */
  createdAt: Timestamp.optional(),
});
export type UpsertLeadRequest = z.infer<typeof UpsertLeadRequest>;

export const Lead = z.object({
  id: Id,
  teamId: Id,
  /** Null for a lead a CRM webhook reported with no known owner (the manager's to assign). */
  ownerId: Id.nullable(),
  crm: Crm,
  externalId: z.string(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  stage: z.string().nullable(),
  status: LeadStatus,
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  url: z.string().nullable(),
  persona: Persona.nullable(),
  industry: Industry.nullable(),
  /** The CRM's creation date when known, else when Deal Quest first saw the lead. */
  createdAt: Timestamp,
  firstSeenAt: Timestamp,
  updatedAt: Timestamp,
  closedAt: Timestamp.nullable(),
  /** When the deal last moved (stage, status or amount changed) — not merely when it was viewed. */
  activityAt: Timestamp.nullable(),
  /** Set by the schedule when an open lead has been quiet too long (team setting, default 14 days). */
  staleSince: Timestamp.nullable(),
});
export type Lead = z.infer<typeof Lead>;

export const UpsertLeadResponse = z.object({ lead: Lead, created: z.boolean() });
export type UpsertLeadResponse = z.infer<typeof UpsertLeadResponse>;

export const LeadListQuery = z.object({
  crm: Crm.optional(),
  externalId: z.string().trim().min(1).max(128).optional(),
  status: LeadStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});
export type LeadListQuery = z.infer<typeof LeadListQuery>;

export const LeadList = z.object({ leads: z.array(Lead), nextCursor: z.string().nullable() });
export type LeadList = z.infer<typeof LeadList>;

export const RecordOutcomeRequest = z
  .object({
    responded: z.boolean(),
    meetingBooked: z.boolean(),
    result: Result,
    /** A strategy id from the vocabulary (default playbook or the team's own). */
    strategy: z.string().trim().min(1).max(64).optional(),
    tactics: z.array(z.string().trim().min(1).max(64)).max(16).default([]),
    lostReason: LostReason.optional(),
    /** The rep's approach in their own words (on a win: the ideal response of a future scenario). */
    winningApproach: z.string().trim().min(1).max(4000).optional(),
    /** On a win: may the team turn this deal into an anonymized practice scenario? */
    scenarioConsent: z.boolean().optional(),
    notes: z.string().trim().max(4000).optional(),
    closedAt: Timestamp.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.meetingBooked && !o.responded)
      ctx.addIssue({ code: "custom", path: ["meetingBooked"], message: "A meeting was booked, so the prospect responded: set responded to true." });
    if (o.lostReason && o.result !== "lost")
      ctx.addIssue({ code: "custom", path: ["lostReason"], message: "A lost reason only applies when the result is lost." });
    if (o.scenarioConsent && o.result !== "won")
      ctx.addIssue({ code: "custom", path: ["scenarioConsent"], message: "Only a won deal can become a team scenario." });
    if (new Set(o.tactics).size !== o.tactics.length)
      ctx.addIssue({ code: "custom", path: ["tactics"], message: "Each tactic may be listed once." });
  });
export type RecordOutcomeRequest = z.infer<typeof RecordOutcomeRequest>;

export const Outcome = z.object({
  id: Id,
  leadId: Id,
  memberId: Id,
  responded: z.boolean(),
  meetingBooked: z.boolean(),
  result: Result,
  strategy: z.string().nullable(),
  tactics: z.array(z.string()),
  lostReason: LostReason.nullable(),
  winningApproach: z.string().nullable(),
  scenarioConsent: z.boolean(),
  notes: z.string().nullable(),
  closedAt: Timestamp,
  createdAt: Timestamp,
});
export type Outcome = z.infer<typeof Outcome>;

export const RecordOutcomeResponse = z.object({
  outcome: Outcome,
  lead: Lead,
  xp: z.object({ awarded: z.number().int(), total: z.number().int() }),
});
export type RecordOutcomeResponse = z.infer<typeof RecordOutcomeResponse>;
