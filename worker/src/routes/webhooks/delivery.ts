// What the three CRM webhook routes share: the per-team rate limit, finding the team and its
// integration, opening its credentials, and applying a parsed delivery in a fixed number of D1
// round trips whatever its size (read the team + integration; read what is known about the
// delivery's events and deals; write the plan in one batch).
//
// An unauthenticated caller cannot tell an unknown team id from a team without this CRM configured or
// from wrong credentials: all three answer the same 401 after the same work (one D1 read, opening sealed
// credentials, a signature check: against decoys when there is no row), and app.ts leaves D1 figures off that 401.
import type { Context } from "hono";
import { z } from "@hono/zod-openapi";
import { ApiError, type WebhookCrm, type WebhookReceipt, DAY_MS } from "@dq/shared";
import type { Db } from "../../db/client.ts";
import {
  type DealState,
  type KnownDealState,
  type KnownLead,
  type ParsedDelivery,
  WebhookPayloadError,
  ownerResolver,
  planDelivery,
} from "../../domain/webhooks/closures.ts";
import { databaseFor } from "../../db/placement.ts";
import type { AppEnv } from "../../env.ts";
import { ApiException, badRequest } from "../../http/errors.ts";
import { newToken } from "../../http/crypto.ts";
import { type Keyring, UnreadableSecret, keyringFrom, open, seal } from "../../http/secrets.ts";
import { leadId } from "../leads.ts";

/** Integration row of `team_integrations`. */
export interface IntegrationRow {
  team_id: string;
  crm: WebhookCrm;
  settings: string;
  secret: string;
  key_id: string;
  user_map: string;
  created_at: string;
  updated_at: string;
  last_delivery_at: string | null;
}

/** Deliveries are remembered this long (vendors retry for at most a day). */
const DEDUPE_DAYS = 7;

export const TeamParams = z.object({ teamId: z.string().openapi({ description: "The team's id (from POST /v1/teams)." }) });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ApiError } } }) as const;

/** The error responses of every webhook route. */
export const webhookErrors = {
  400: errorResponse("The body does not have the vendor's documented shape."),
  401: errorResponse("Bad signature or credentials, an unknown team, or this CRM not configured for the team: the same answer for all three."),
  413: errorResponse("Body over 64 KiB."),
  429: errorResponse("Too many deliveries for this team, or from this address; retry after Retry-After seconds."),
  503: errorResponse("The server cannot open stored credentials (DQ_SECRETS_KEY missing or rotated away)."),
} as const;

export const unauthorized = () =>
  new ApiException(401, "unauthorized", "The delivery's signature or credentials do not match this team's integration settings.");

const TEAM_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Applies the team's webhook rate limit (before any D1 work, so a flood costs no database time)
 * and loads the team's integration for `crm`: null for an unknown team or when this CRM is not
 * configured (the caller answers 401 after the same work as a real check).
 */
export async function loadIntegration(c: Context<AppEnv>, teamId: string, crm: WebhookCrm): Promise<IntegrationRow | null> {
  // No team has an id of another shape: no need to look.
  if (!TEAM_ID.test(teamId)) return null;
  const limiter = c.env.WEBHOOK_RATE_LIMITER;
  if (limiter) {
    const { success } = await limiter.limit({ key: `webhooks:${teamId}` });
    if (!success) {
      c.header("Retry-After", "60");
      throw new ApiException(429, "rate_limited", "Too many webhook deliveries for this team; retry in a minute.");
    }
  }
  // The team is in the URL: its database from the first query on (db/placement.ts).
  c.var.db.pointAt(databaseFor(c.env, teamId));
  const row = await c.var.db.first<IntegrationRow>("SELECT * FROM team_integrations WHERE team_id = ? AND crm = ?", teamId, crm);
  if (!row) await openDecoy(c);
  return row;
}

// Sealed on first use (and again after a key change) under the current key: opened when there is no row, so
// an unknown team or an unconfigured CRM costs the key import and AES-GCM open a configured one does.
let decoy: { keyId: string; ciphertext: string } | undefined;

async function openDecoy(c: Context<AppEnv>): Promise<void> {
  try {
    const keyring = await keyringFrom(c.env);
    if (decoy?.keyId !== keyring.current.id) decoy = await seal(keyring, JSON.stringify({ secret: newToken() }), "decoy");
    await open(keyring, decoy.ciphertext, "decoy");
  } catch {
    // No usable key: a configured team answers 503 then, and there is nothing to imitate.
  }
}

export interface OpenedCredentials<T> {
  credentials: T;
  /** Re-sealed under the current key when the previous key had sealed it (store in the write batch). */
  resealed: { ciphertext: string; keyId: string } | null;
}

/** Decrypts an integration's credentials (503 when no configured key can). */
export async function openCredentials<T>(c: Context<AppEnv>, row: IntegrationRow): Promise<OpenedCredentials<T>> {
  const keyring: Keyring = await keyringFrom(c.env);
  const context = `${row.team_id}:${row.crm}`;
  try {
    const { plaintext, stale } = await open(keyring, row.secret, context);
    const resealed = stale ? await seal(keyring, plaintext, context) : null;
    return { credentials: JSON.parse(plaintext) as T, resealed };
  } catch (err) {
    if (err instanceof UnreadableSecret) {
      console.error(`integration ${row.crm} of team ${row.team_id}: ${err.message}`);
      throw new ApiException(503, "internal", "This integration's stored credentials cannot be opened; a manager must set them again.");
    }
    throw err;
  }
}

/** Parses a vendor payload, turning shape errors into the project's 400. */
export function parsePayload<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    if (err instanceof WebhookPayloadError) throw badRequest(err.message, err.issues);
    throw err;
  }
}

const unique = <T>(xs: T[]) => [...new Set(xs)];

interface LeadStateRow {
  external_id: string;
  id: string;
  owner_id: string | null;
  status: KnownLead["status"];
  last_result: KnownLead["lastResult"];
}

/**
 * Applies a verified delivery: dedupes it against what was seen, orders it against what the CRM
 * reported before, closes leads, and leaves (or clears) outcome prompts. One read batch and one
 * write batch, whatever the number of events.
 */
export async function applyDelivery(
  c: Context<AppEnv>,
  row: IntegrationRow,
  parsed: ParsedDelivery,
  resealed: OpenedCredentials<unknown>["resealed"],
): Promise<WebhookReceipt> {
  const db = c.var.db;
  const { team_id: teamId, crm } = row;
  const now = c.var.now.toISOString();
  const touch = db.stmt(
    `UPDATE team_integrations SET last_delivery_at = ?, secret = coalesce(?, secret), key_id = coalesce(?, key_id) WHERE team_id = ? AND crm = ?`,
    now,
    resealed?.ciphertext,
    resealed?.keyId,
    teamId,
    crm,
  );
  if (parsed.events.length === 0) {
    await db.batch([touch]);
    return { received: parsed.ignored, applied: 0, duplicates: 0, stale: 0, ignored: parsed.ignored };
  }

  const keys = JSON.stringify(unique(parsed.events.map((e) => e.eventKey)));
  const deals = JSON.stringify(unique(parsed.events.map((e) => e.externalId)));
  const [seenRes, statesRes, leadsRes] = await db.batch([
    db.stmt(
      "SELECT event_key FROM webhook_deliveries WHERE team_id = ? AND crm = ? AND event_key IN (SELECT value FROM json_each(?))",
      teamId,
      crm,
      keys,
    ),
    db.stmt(
      "SELECT external_id, status, occurred_at FROM crm_deal_states WHERE team_id = ? AND crm = ? AND external_id IN (SELECT value FROM json_each(?))",
      teamId,
      crm,
      deals,
    ),
    db.stmt(
      `SELECT l.external_id, l.id, l.owner_id, l.status,
         (SELECT o.result FROM outcomes o WHERE o.lead_id = l.id ORDER BY o.created_at DESC LIMIT 1) AS last_result
       FROM leads l WHERE l.team_id = ? AND l.crm = ? AND l.external_id IN (SELECT value FROM json_each(?))`,
      teamId,
      crm,
      deals,
    ),
  ]);
  const seen = new Set((seenRes!.results as { event_key: string }[]).map((r) => r.event_key));
  const states = new Map<string, KnownDealState>(
    (statesRes!.results as { external_id: string; status: DealState; occurred_at: string }[]).map((r) => [
      r.external_id,
      { status: r.status, occurredAt: r.occurred_at },
    ]),
  );
  const leads = new Map<string, KnownLead>(
    (leadsRes!.results as unknown as LeadStateRow[]).map((r) => [r.external_id, { id: r.id, ownerId: r.owner_id, status: r.status, lastResult: r.last_result }]),
  );
  const userMap = JSON.parse(row.user_map) as Record<string, string>;
  const plan = planDelivery(parsed.events, { seen, deals: states, leads }, ownerResolver(userMap), parsed.ignored);

  const writes: D1PreparedStatement[] = [touch, pruneStatement(db, teamId, crm, now)];
  if (plan.newKeys.length)
    writes.push(
      db.stmt(
        "INSERT OR IGNORE INTO webhook_deliveries (team_id, crm, event_key, received_at) SELECT ?, ?, value, ? FROM json_each(?)",
        teamId,
        crm,
        now,
        JSON.stringify(plan.newKeys),
      ),
    );
  if (plan.states.length)
    writes.push(
      db.stmt(
        `INSERT INTO crm_deal_states (team_id, crm, external_id, status, occurred_at, updated_at)
         SELECT ?1, ?2, json_extract(value, '$.externalId'), json_extract(value, '$.status'), json_extract(value, '$.occurredAt'), ?3
         FROM json_each(?4) WHERE true
         ON CONFLICT (team_id, crm, external_id) DO UPDATE SET
           status = excluded.status, occurred_at = excluded.occurred_at, updated_at = excluded.updated_at
         WHERE excluded.occurred_at >= crm_deal_states.occurred_at`,
        teamId,
        crm,
        now,
        JSON.stringify(plan.states),
      ),
    );
  if (plan.closures.length) {
    const closures = await Promise.all(plan.closures.map(async (x) => ({ ...x, id: await leadId(teamId, crm, x.externalId) })));
    // A new lead belongs to the owner the CRM names (if mapped to a member of this team), else it is
    // unassigned; an existing lead keeps its owner. The CRM's name and amount win; a URL the rep's
    // page reported wins over one built from the payload.
    writes.push(
      db.stmt(
        `INSERT INTO leads (id, team_id, owner_id, crm, external_id, name, stage, status, amount, currency, url, first_seen_at, updated_at, closed_at)
         SELECT json_extract(value, '$.id'), ?1,
           (SELECT m.id FROM members m WHERE m.id = json_extract(value, '$.ownerId') AND m.team_id = ?1),
           ?2, json_extract(value, '$.externalId'), json_extract(value, '$.name'), json_extract(value, '$.stage'),
           json_extract(value, '$.status'), json_extract(value, '$.amount'), json_extract(value, '$.currency'), json_extract(value, '$.url'),
           ?3, ?3, json_extract(value, '$.closedAt')
         FROM json_each(?4) WHERE true
         ON CONFLICT (team_id, crm, external_id) DO UPDATE SET
           owner_id = coalesce(owner_id, excluded.owner_id),
           name = coalesce(excluded.name, name),
           stage = coalesce(excluded.stage, stage),
           closed_at = CASE WHEN status = excluded.status THEN coalesce(closed_at, excluded.closed_at) ELSE excluded.closed_at END,
           status = excluded.status,
           amount = coalesce(excluded.amount, amount),
           currency = coalesce(excluded.currency, currency),
           url = coalesce(url, excluded.url),
           updated_at = excluded.updated_at`,
        teamId,
        crm,
        now,
        JSON.stringify(closures),
      ),
    );
    const prompts = closures.filter((x) => x.prompt);
    if (prompts.length)
      writes.push(
        db.stmt(
          `INSERT INTO pending_outcomes (lead_id, team_id, status, closed_at, reported_at)
           SELECT l.id, ?1, json_extract(j.value, '$.status'), json_extract(j.value, '$.closedAt'), ?3
           FROM json_each(?4) j JOIN leads l ON l.team_id = ?1 AND l.crm = ?2 AND l.external_id = json_extract(j.value, '$.externalId')
           WHERE true
           ON CONFLICT (lead_id) DO UPDATE SET status = excluded.status, closed_at = excluded.closed_at, reported_at = excluded.reported_at`,
          teamId,
          crm,
          now,
          JSON.stringify(prompts.map(({ externalId, status, closedAt }) => ({ externalId, status, closedAt }))),
        ),
      );
  }
  // A reopened deal's prompt, and one the owner already answered with this result, no longer apply.
  const cleared = [...plan.reopened, ...plan.closures.filter((x) => !x.prompt).map((x) => x.externalId)];
  if (cleared.length)
    writes.push(
      db.stmt(
        `DELETE FROM pending_outcomes WHERE lead_id IN
           (SELECT id FROM leads WHERE team_id = ? AND crm = ? AND external_id IN (SELECT value FROM json_each(?)))`,
        teamId,
        crm,
        JSON.stringify(cleared),
      ),
    );
  await db.batch(writes);
  return plan.counts;
}

function pruneStatement(db: Db, teamId: string, crm: string, now: string) {
  const cutoff = new Date(Date.parse(now) - DEDUPE_DAYS * DAY_MS).toISOString();
  return db.stmt("DELETE FROM webhook_deliveries WHERE team_id = ? AND crm = ? AND received_at < ?", teamId, crm, cutoff);
}
