// Pipedrive webhooks v2: HTTP Basic credentials the team sets on its webhook, and a deal's status
// change (`meta.action` "change", `meta.entity` "deal", `previous.status` present) out of the body.
import { z } from "zod";
import { safeEqual } from "../../http/crypto.ts";
import { type DealEvent, type ParsedDelivery, WebhookPayloadError, isoTime } from "./closures.ts";

export interface BasicCredentials {
  username: string;
  password: string;
}

/** The credentials of an `Authorization: Basic …` header, or null. */
export function parseBasicAuth(header: string | undefined): BasicCredentials | null {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? "");
  if (!m) return null;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(m[1]!.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Both parts compared in constant time (no early exit on the username). */
export function credentialsMatch(given: BasicCredentials | null, expected: BasicCredentials): boolean {
  const user = safeEqual(given?.username ?? "", expected.username);
  const pass = safeEqual(given?.password ?? "", expected.password);
  return given !== null && user && pass;
}

const PipedriveId = z.union([z.number().int().nonnegative(), z.string().trim().min(1).max(64)]).transform(String);

const V2Body = z.object({
  meta: z.object({
    action: z.string(),
    entity: z.string(),
    id: z.union([z.string(), z.number()]).transform(String).optional(),
    entity_id: PipedriveId.optional(),
    timestamp: z.union([z.string(), z.number()]).optional(),
    version: z.string().optional(),
    host: z.string().optional(),
  }),
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  previous: z.record(z.string(), z.unknown()).nullable().optional(),
});

const CLOSED = new Set(["won", "lost"]);
const HOST = /^[a-z0-9][a-z0-9-]{0,62}\.pipedrive\.com$/i;

const text = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().slice(0, 200) : null);

/**
 * The deal status change a v2 webhook reports: `data.status` won/lost with `previous.status`
 * present closes the deal; back to `open` from won/lost reopens it. Anything else (other
 * entities, actions, or a change that leaves the status alone) is ignored.
 */
export function parsePipedriveWebhook(body: unknown, receivedAt: string): ParsedDelivery {
  if (body && typeof body === "object" && ("current" in body || (body as { v?: unknown }).v === 1))
    throw new WebhookPayloadError("This is a Pipedrive webhooks v1 payload: create the webhook with version 2.0.");
  const parsed = V2Body.safeParse(body);
  if (!parsed.success)
    throw new WebhookPayloadError(
      "A Pipedrive webhooks v2 body has `meta`, `data` and `previous`.",
      parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: i.message })),
    );
  const { meta, data, previous } = parsed.data;
  if (meta.version && !meta.version.startsWith("2"))
    throw new WebhookPayloadError(`Pipedrive webhooks version ${meta.version} is not supported: create the webhook with version 2.0.`);
  if (meta.action !== "change" || meta.entity !== "deal" || !data || !previous || !("status" in previous)) return { events: [], ignored: 1 };

  const status = data.status;
  const before = previous.status;
  let state: DealEvent["state"];
  if (status === "won" || status === "lost") state = status;
  else if (status === "open" && typeof before === "string" && CLOSED.has(before)) state = "open";
  else return { events: [], ignored: 1 };

  const idValue = data.id ?? meta.entity_id;
  const externalId = idValue === undefined || idValue === null ? null : PipedriveId.safeParse(idValue);
  if (!externalId?.success) throw new WebhookPayloadError("The deal has no id.", [{ path: ["data", "id"], message: "Required." }]);
  const occurredAt = isoTime(meta.timestamp) ?? isoTime(data.update_time) ?? receivedAt;
  const ownerField = data.owner_id ?? data.user_id;
  // v2 sends the owner's id; the v1 API's shape ({id, name, …}) is read too.
  const owner = ownerField && typeof ownerField === "object" ? (ownerField as { id?: unknown }).id : ownerField;
  const amount = typeof data.value === "number" && Number.isFinite(data.value) && data.value >= 0 ? data.value : null;
  const currency = typeof data.currency === "string" && /^[A-Za-z]{3}$/.test(data.currency) ? data.currency.toUpperCase() : null;
  return {
    events: [
      {
        // meta.id names this event (retries repeat it); without it, the change itself does.
        eventKey: meta.id ?? `~${externalId.data}:${status}:${occurredAt}`,
        externalId: externalId.data,
        state,
        occurredAt,
        ownerCrmUserId: typeof owner === "number" || (typeof owner === "string" && owner) ? String(owner) : null,
        name: text(data.title),
        amount,
        currency,
        url: meta.host && HOST.test(meta.host) ? `https://${meta.host.toLowerCase()}/deal/${encodeURIComponent(externalId.data)}` : null,
      },
    ],
    ignored: 0,
  };
}
