// HubSpot webhooks: the v3 request signature, and deal stage changes out of an event batch.
// Signature (developers.hubspot.com, "Validating requests"): base64(HMAC-SHA256(client secret,
// method + request URI + raw body + X-HubSpot-Request-Timestamp)), where the URI is the full URL
// HubSpot called with a fixed set of percent-escapes decoded; reject timestamps older than 5 minutes.
import { z } from "zod";
import { safeEqual } from "../../http/crypto.ts";
import { type DealEvent, type ParsedDelivery, WebhookPayloadError, isoTime } from "./closures.ts";

export const HUBSPOT_MAX_AGE_MS = 5 * 60 * 1000;

export interface HubSpotSettings {
  portalId: string;
  wonStages: string[];
  lostStages: string[];
}

export const HUBSPOT_DEFAULT_STAGES = { wonStages: ["closedwon"], lostStages: ["closedlost"] } as const;

// HubSpot decodes these escapes before signing, so the receiver must too.
const DECODED: Record<string, string> = {
  "%3A": ":",
  "%2F": "/",
  "%3F": "?",
  "%40": "@",
  "%21": "!",
  "%24": "$",
  "%27": "'",
  "%28": "(",
  "%29": ")",
  "%2A": "*",
  "%2C": ",",
  "%3B": ";",
};

/** The request URI as HubSpot signs it: the full URL it called, with those escapes decoded. */
export function hubspotSignedUri(url: string): string {
  return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()]!);
}

const encoder = new TextEncoder();

/** base64(HMAC-SHA256(secret, method + uri + body + timestamp)). */
export async function hubspotSignature(secret: string, method: string, uri: string, body: string, timestamp: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${method}${uri}${body}${timestamp}`)));
  let s = "";
  for (const b of mac) s += String.fromCharCode(b);
  return btoa(s);
}

export type HubSpotVerdict = "valid" | "missing" | "stale" | "mismatch";

/** Verifies a delivery's v3 signature and the freshness of its timestamp (either way, by 5 minutes). */
export async function verifyHubSpotRequest(input: {
  secret: string;
  method: string;
  url: string;
  body: string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
}): Promise<HubSpotVerdict> {
  const { signature, timestamp } = input;
  if (!signature || !timestamp || !/^\d{1,16}$/.test(timestamp)) return "missing";
  // Compute first, so a stale request costs what a fresh one does.
  const expected = await hubspotSignature(input.secret, input.method.toUpperCase(), hubspotSignedUri(input.url), input.body, timestamp);
  const matches = safeEqual(expected, signature.trim());
  if (Math.abs(input.now - Number(timestamp)) > HUBSPOT_MAX_AGE_MS) return "stale";
  return matches ? "valid" : "mismatch";
}

const HubSpotId = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,30}$/)]).transform(String);

// The documented event fields (legacy `deal.propertyChange` and generic `object.propertyChange`).
const HubSpotEvent = z.object({
  eventId: HubSpotId.optional(),
  subscriptionId: HubSpotId.optional(),
  portalId: HubSpotId,
  appId: HubSpotId.optional(),
  occurredAt: z.union([z.number(), z.string()]),
  subscriptionType: z.string().min(1),
  attemptNumber: z.number().int().optional(),
  objectId: HubSpotId,
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  propertyValue: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
});
type HubSpotEvent = z.infer<typeof HubSpotEvent>;

const HubSpotBatch = z.array(z.unknown()).min(1).max(1000);

const isDeal = (e: HubSpotEvent) => e.subscriptionType === "deal.propertyChange" || (e.subscriptionType === "object.propertyChange" && e.objectTypeId === "0-3");

/** The record URL a rep opens (app.hubspot.com sends EU portals on to their own host). */
export const hubspotDealUrl = (portalId: string, dealId: string) => `https://app.hubspot.com/contacts/${portalId}/record/0-3/${dealId}`;

/**
 * Deal stage changes of the configured portal out of a webhook batch. `dealstage` values in
 * `wonStages` / `lostStages` close the deal; any other stage means the deal is open. A
 * `hubspot_owner_id` change in the same batch names the owner of that deal's closure.
 */
export function parseHubSpotBatch(body: unknown, settings: HubSpotSettings): ParsedDelivery {
  const batch = HubSpotBatch.safeParse(body);
  if (!batch.success) throw new WebhookPayloadError("A HubSpot webhook body is a JSON array of 1–1000 events.");
  const parsed: HubSpotEvent[] = [];
  const issues: WebhookPayloadError["issues"] = [];
  batch.data.forEach((raw, i) => {
    const e = HubSpotEvent.safeParse(raw);
    if (e.success) parsed.push(e.data);
    else for (const issue of e.error.issues) issues.push({ path: [i, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))], message: issue.message });
  });
  if (issues.length) throw new WebhookPayloadError("Some events do not have HubSpot's documented shape.", issues.slice(0, 20));

  const won = new Set(settings.wonStages);
  const lost = new Set(settings.lostStages);
  const owners = new Map<string, string>();
  for (const e of parsed) {
    if (isDeal(e) && e.portalId === settings.portalId && e.propertyName === "hubspot_owner_id" && e.propertyValue != null && e.propertyValue !== "")
      owners.set(e.objectId, String(e.propertyValue));
  }
  const events: DealEvent[] = [];
  let ignored = 0;
  for (const e of parsed) {
    if (!isDeal(e) || e.portalId !== settings.portalId || e.propertyName !== "dealstage" || e.propertyValue == null) {
      ignored += 1;
      continue;
    }
    const occurredAt = isoTime(e.occurredAt);
    if (!occurredAt) throw new WebhookPayloadError("An event's occurredAt is not a time.", [{ path: ["occurredAt"], message: "Expected epoch milliseconds." }]);
    const stage = String(e.propertyValue);
    events.push({
      // Retries carry the same eventId; without one, the change itself identifies the event.
      eventKey: e.eventId ?? `~${e.objectId}:${stage}:${e.occurredAt}`,
      externalId: e.objectId,
      state: won.has(stage) ? "won" : lost.has(stage) ? "lost" : "open",
      occurredAt,
      ownerCrmUserId: owners.get(e.objectId) ?? null,
      url: hubspotDealUrl(settings.portalId, e.objectId),
    });
  }
  return { events, ignored };
}
