// CRM webhook integrations (a manager's settings per CRM) and the outcome prompts CRM-reported
// closures leave pending for reps. Secrets go in, never come out: no response carries them.
import { z } from "zod";
import { Id, Timestamp } from "./common.ts";
import { Crm } from "./vocabulary.ts";

/** The CRMs whose webhooks Deal Quest receives. */
export const webhookCrms = ["hubspot", "pipedrive", "salesforce"] as const;
export const WebhookCrm = z.enum(webhookCrms);
export type WebhookCrm = z.infer<typeof WebhookCrm>;

/** CRM user id (HubSpot owner id, Pipedrive user id, Salesforce user id) → Deal Quest member id. */
export const UserMap = z
  .record(z.string().trim().min(1).max(64), Id)
  .refine((m) => Object.keys(m).length <= 1000, "At most 1000 CRM users can be mapped.");
export type UserMap = z.infer<typeof UserMap>;

const Secret = z.string().min(8).max(256);
const StageIds = z.array(z.string().trim().min(1).max(100)).min(1).max(50);

/**
 * HubSpot: the app's client secret signs every webhook (X-HubSpot-Signature-v3). Stage ids are the
 * `dealstage` values that mean won or lost (default pipeline: `closedwon` / `closedlost`).
 * `clientSecret` may be left out to keep the stored one.
 */
export const HubSpotIntegrationRequest = z.object({
  clientSecret: Secret.optional(),
  /** The HubSpot account (hub) id; events from other portals are ignored. */
  portalId: z.union([z.string().trim().regex(/^\d{1,20}$/, "A portal id is a number."), z.number().int().positive()]).transform(String),
  wonStages: StageIds.optional(),
  lostStages: StageIds.optional(),
  userMap: UserMap.optional(),
});
export type HubSpotIntegrationRequest = z.input<typeof HubSpotIntegrationRequest>;

/** Pipedrive: the HTTP Basic credentials set on the team's webhook. Both may be left out to keep the stored ones. */
export const PipedriveIntegrationRequest = z
  .object({
    username: z.string().min(1).max(128).regex(/^[^:]*$/, "A Basic auth username cannot contain ':'.").optional(),
    password: Secret.optional(),
    userMap: UserMap.optional(),
  })
  .refine((b) => (b.username === undefined) === (b.password === undefined), {
    message: "Send both username and password, or neither to keep the stored ones.",
    path: ["password"],
  });
export type PipedriveIntegrationRequest = z.input<typeof PipedriveIntegrationRequest>;

/**
 * Salesforce: Outbound Messages carry the org id; the endpoint URL carries `?key=<urlKey>`, a random
 * string the manager picks (Salesforce cannot sign outbound messages with a shared secret).
 * `urlKey` may be left out to keep the stored one.
 */
export const SalesforceIntegrationRequest = z.object({
  organizationId: z.string().trim().regex(/^00D[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/, "A Salesforce organization id starts with 00D and has 15 or 18 characters."),
  urlKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,128}$/, "The URL key must be 24–128 letters, digits, '-' or '_' (e.g. 32 random bytes, base64url).")
    .optional(),
  userMap: UserMap.optional(),
});
export type SalesforceIntegrationRequest = z.input<typeof SalesforceIntegrationRequest>;

/** What a manager sees of one CRM's integration: settings that are not secret, and which secrets are set. */
export const Integration = z.object({
  crm: WebhookCrm,
  configured: z.boolean(),
  /** The URL to paste into the CRM's webhook settings (Salesforce: append `?key=<your urlKey>`). */
  webhookUrl: z.string(),
  settings: z.object({
    portalId: z.string().optional(),
    wonStages: z.array(z.string()).optional(),
    lostStages: z.array(z.string()).optional(),
    organizationId: z.string().optional(),
  }),
  /** Names of the credentials stored (encrypted); their values are never returned. */
  secretsSet: z.array(z.string()),
  userMap: z.record(z.string(), Id),
  updatedAt: Timestamp.nullable(),
  /** The last delivery that passed verification. */
  lastDeliveryAt: Timestamp.nullable(),
});
export type Integration = z.infer<typeof Integration>;

export const IntegrationList = z.object({ integrations: z.array(Integration) });
export type IntegrationList = z.infer<typeof IntegrationList>;

export const IntegrationResponse = z.object({ integration: Integration });
export type IntegrationResponse = z.infer<typeof IntegrationResponse>;

/** Result of re-encrypting stored CRM secrets under the current worker key (after a key rotation). */
export const ReencryptResponse = z.object({
  reencrypted: z.number().int(),
  /** Rows still sealed with an older key (call again until 0). */
  remaining: z.number().int(),
  /** Rows no configured key can open (their key was dropped): the manager must PUT them again. */
  unreadable: z.number().int(),
});
export type ReencryptResponse = z.infer<typeof ReencryptResponse>;

/** What a webhook delivery did (HubSpot and Pipedrive; Salesforce gets its SOAP acknowledgement). */
export const WebhookReceipt = z.object({
  /** Events in the delivery. */
  received: z.number().int(),
  /** Closures (or reopenings) applied. */
  applied: z.number().int(),
  /** Already seen (same event id, or the deal already had this status). */
  duplicates: z.number().int(),
  /** Older than what the CRM already reported for the deal. */
  stale: z.number().int(),
  /** Not about a deal closing or reopening (other objects, properties, portals; moves between open stages). */
  ignored: z.number().int(),
});
export type WebhookReceipt = z.infer<typeof WebhookReceipt>;

/** A closure reported by the CRM that still awaits the owner's outcome answers. */
export const PendingOutcome = z.object({
  leadId: Id,
  crm: Crm,
  externalId: z.string(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  /** The CRM record's URL (the page-seen one when known, else built from the webhook). */
  url: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  status: z.enum(["won", "lost"]),
  /** When the deal closed in the CRM. */
  closedAt: Timestamp,
  /** When the CRM's webhook reported it. */
  reportedAt: Timestamp,
  /** Null: no owner known yet (visible to managers; the first rep who opens the record claims it). */
  ownerId: Id.nullable(),
});
export type PendingOutcome = z.infer<typeof PendingOutcome>;

export const PendingOutcomesQuery = z.object({
  crm: Crm.optional(),
  /** With `crm`: the prompt for one CRM record (also when it is still unassigned). */
  externalId: z.string().trim().min(1).max(128).optional(),
});
export type PendingOutcomesQuery = z.infer<typeof PendingOutcomesQuery>;

export const PendingOutcomeList = z.object({ pendingOutcomes: z.array(PendingOutcome) });
export type PendingOutcomeList = z.infer<typeof PendingOutcomeList>;
