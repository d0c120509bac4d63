// CRM webhook integrations (manager): credentials sealed at rest and never returned, settings that
// are not secret, and the CRM user → member map. PUT replaces a CRM's settings; a credential left
// out keeps the stored one (it cannot be read back to resend). Plus the admin's re-encryption
// after a key rotation.
import type { Context } from "hono";
import { createRoute, z } from "@hono/zod-openapi";
import {
  HubSpotIntegrationRequest,
  type Integration,
  IntegrationList,
  IntegrationResponse,
  PipedriveIntegrationRequest,
  ReencryptResponse,
  SalesforceIntegrationRequest,
  type ErrorIssue,
  type WebhookCrm,
  webhookCrms,
  WebhookCrm as WebhookCrmSchema,
} from "@dq/shared";
import { HUBSPOT_DEFAULT_STAGES } from "../domain/webhooks/hubspot.ts";
import type { AppEnv } from "../env.ts";
import { requireAdmin, requireMember } from "../http/auth.ts";
import { badRequest, notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, adminBearer, managerBearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";
import { UnreadableSecret, keyringFrom, open, seal } from "../http/secrets.ts";
import type { IntegrationRow } from "./webhooks/delivery.ts";

export const integrations = router();
// "/*" also matches "/v1/team/integrations" itself.
integrations.use("/v1/team/integrations/*", requireMember("manager"));

/** The credentials each CRM's integration seals (names only: values never leave the worker). */
const SECRET_FIELDS: Record<WebhookCrm, string[]> = {
  hubspot: ["clientSecret"],
  pipedrive: ["username", "password"],
  salesforce: ["urlKey"],
};

function toIntegration(c: Context<AppEnv>, teamId: string, crm: WebhookCrm, row: IntegrationRow | null): Integration {
  const settings = row ? (JSON.parse(row.settings) as Integration["settings"]) : {};
  return {
    crm,
    configured: row !== null,
    webhookUrl: `${new URL(c.req.url).origin}/v1/webhooks/${crm}/${teamId}`,
    settings,
    secretsSet: row ? SECRET_FIELDS[crm] : [],
    userMap: row ? (JSON.parse(row.user_map) as Record<string, string>) : {},
    updatedAt: row?.updated_at ?? null,
    lastDeliveryAt: row?.last_delivery_at ?? null,
  };
}

integrations.openapi(
  createRoute({
    method: "get",
    path: "/v1/team/integrations",
    tags: ["integrations"],
    summary: "The team's CRM webhook integrations (manager): settings, webhook URLs, never secrets.",
    security: managerBearer,
    responses: { 200: jsonResponse(IntegrationList, "HubSpot, Pipedrive and Salesforce, configured or not."), ...memberErrors },
  }),
  async (c) => {
    const teamId = c.var.principal.team.id;
    const rows = await c.var.db.all<IntegrationRow>("SELECT * FROM team_integrations WHERE team_id = ?", teamId);
    const byCrm = new Map(rows.map((r) => [r.crm, r]));
    return c.json({ integrations: webhookCrms.map((crm) => toIntegration(c, teamId, crm, byCrm.get(crm) ?? null)) }, 200);
  },
);

interface Desired {
  settings: Integration["settings"];
  /** The credentials to seal, or null to keep the stored ones. */
  secrets: Record<string, string> | null;
  userMap: Record<string, string>;
  issues: ErrorIssue[];
}

/** Reads the current row and the mapped members, checks, seals and stores; 3 round trips with auth. */
async function saveIntegration(c: Context<AppEnv>, crm: WebhookCrm, desired: Desired) {
  const db = c.var.db;
  const teamId = c.var.principal.team.id;
  const keyring = await keyringFrom(c.env);
  const memberIds = [...new Set(Object.values(desired.userMap))];
  const [current, members] = await db.batch([
    db.stmt("SELECT * FROM team_integrations WHERE team_id = ? AND crm = ?", teamId, crm),
    db.stmt("SELECT id FROM members WHERE team_id = ? AND id IN (SELECT value FROM json_each(?))", teamId, JSON.stringify(memberIds)),
  ]);
  const existing = (current!.results[0] as IntegrationRow | undefined) ?? null;
  const known = new Set((members!.results as { id: string }[]).map((m) => m.id));
  const issues = [...desired.issues];
  for (const [crmUser, memberId] of Object.entries(desired.userMap))
    if (!known.has(memberId)) issues.push({ path: ["userMap", crmUser], message: `No member ${memberId} in this team. See GET /v1/team/members.` });
  if (!existing && !desired.secrets)
    for (const field of SECRET_FIELDS[crm]) issues.push({ path: [field], message: `Required when connecting ${crm} for the first time.` });
  if (issues.length) throw badRequest(`The ${crm} settings are not valid.`, issues);

  const now = c.var.now.toISOString();
  const sealed = desired.secrets ? await seal(keyring, JSON.stringify(desired.secrets), `${teamId}:${crm}`) : null;
  const row: IntegrationRow = {
    team_id: teamId,
    crm,
    settings: JSON.stringify(desired.settings),
    secret: sealed?.ciphertext ?? existing!.secret,
    key_id: sealed?.keyId ?? existing!.key_id,
    user_map: JSON.stringify(desired.userMap),
    created_at: existing?.created_at ?? now,
    updated_at: now,
    last_delivery_at: existing?.last_delivery_at ?? null,
  };
  const response = { integration: toIntegration(c, teamId, crm, row) };
  await commit(
    c,
    [
      db.stmt(
        `INSERT INTO team_integrations (team_id, crm, settings, secret, key_id, user_map, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (team_id, crm) DO UPDATE SET settings = excluded.settings, secret = excluded.secret, key_id = excluded.key_id,
           user_map = excluded.user_map, updated_at = excluded.updated_at`,
        row.team_id,
        row.crm,
        row.settings,
        row.secret,
        row.key_id,
        row.user_map,
        row.created_at,
        row.updated_at,
      ),
    ],
    response,
  );
  return response;
}

const putRoute = <T extends z.ZodType>(crm: WebhookCrm, schema: T, summary: string) =>
  createRoute({
    method: "put",
    path: `/v1/team/integrations/${crm}`,
    tags: ["integrations"],
    summary,
    description:
      "Replaces this CRM's settings. Credentials are sealed at rest (AES-GCM) and never returned; leave them out to keep the stored ones. " +
      "`userMap` maps CRM user ids to member ids (deals of unmapped owners arrive unassigned, for the manager or the first rep who opens them).",
    security: managerBearer,
    request: { body: jsonBody(schema) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(IntegrationResponse, "The integration as stored (without secrets)."), ...mutationErrors },
  });

integrations.openapi(
  putRoute("hubspot", HubSpotIntegrationRequest, "Connect HubSpot webhooks: app client secret, portal id, won/lost stage ids."),
  async (c) => {
    const b = c.req.valid("json");
    const wonStages = b.wonStages ?? [...HUBSPOT_DEFAULT_STAGES.wonStages];
    const lostStages = b.lostStages ?? [...HUBSPOT_DEFAULT_STAGES.lostStages];
    const issues: ErrorIssue[] = [];
    const both = wonStages.filter((s) => lostStages.includes(s));
    if (both.length) issues.push({ path: ["lostStages"], message: `A stage cannot mean both won and lost: ${both.join(", ")}.` });
    const response = await saveIntegration(c, "hubspot", {
      settings: { portalId: b.portalId, wonStages, lostStages },
      secrets: b.clientSecret ? { clientSecret: b.clientSecret } : null,
      userMap: b.userMap ?? {},
      issues,
    });
    return c.json(response, 200);
  },
);

integrations.openapi(
  putRoute("pipedrive", PipedriveIntegrationRequest, "Connect Pipedrive webhooks: the HTTP Basic credentials set on the webhook."),
  async (c) => {
    const b = c.req.valid("json");
    const response = await saveIntegration(c, "pipedrive", {
      settings: {},
      secrets: b.username !== undefined && b.password !== undefined ? { username: b.username, password: b.password } : null,
      userMap: b.userMap ?? {},
      issues: [],
    });
    return c.json(response, 200);
  },
);

integrations.openapi(
  putRoute("salesforce", SalesforceIntegrationRequest, "Connect Salesforce Outbound Messages: organization id and the endpoint URL key."),
  async (c) => {
    const b = c.req.valid("json");
    const response = await saveIntegration(c, "salesforce", {
      settings: { organizationId: b.organizationId },
      secrets: b.urlKey ? { urlKey: b.urlKey } : null,
      userMap: b.userMap ?? {},
      issues: [],
    });
    return c.json(response, 200);
  },
);

integrations.openapi(
  createRoute({
    method: "delete",
    path: "/v1/team/integrations/{crm}",
    tags: ["integrations"],
    summary: "Disconnect a CRM (manager): its credentials are deleted and its webhooks answered 401.",
    security: managerBearer,
    request: { params: z.object({ crm: WebhookCrmSchema }) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(IntegrationResponse, "The integration, now not configured."), ...mutationErrors },
  }),
  async (c) => {
    const { crm } = c.req.valid("param");
    const teamId = c.var.principal.team.id;
    const db = c.var.db;
    const existing = await db.first<{ crm: string }>("SELECT crm FROM team_integrations WHERE team_id = ? AND crm = ?", teamId, crm);
    if (!existing) throw notFound("Integration");
    const response = { integration: toIntegration(c, teamId, crm, null) };
    await commit(c, [db.stmt("DELETE FROM team_integrations WHERE team_id = ? AND crm = ?", teamId, crm)], response);
    return c.json(response, 200);
  },
);

const REENCRYPT_BATCH = 500;

integrations.use("/v1/admin/integrations/re-encrypt", requireAdmin());
integrations.openapi(
  createRoute({
    method: "post",
    path: "/v1/admin/integrations/re-encrypt",
    tags: ["integrations"],
    summary: "After a key rotation (admin secret): re-seal stored CRM credentials under DQ_SECRETS_KEY.",
    description:
      "Rotation: set DQ_SECRETS_KEY_PREVIOUS to the old key and DQ_SECRETS_KEY to a new one, deploy, call this until `remaining` is 0, then drop the previous key. " +
      "Credentials also re-seal themselves on their next webhook delivery.",
    security: adminBearer,
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(ReencryptResponse, "What was re-sealed and what is left."), ...mutationErrors },
  }),
  async (c) => {
    const db = c.var.db;
    const keyring = await keyringFrom(c.env);
    const previousId = keyring.previous?.id ?? "";
    const [rows, counts] = await db.batch([
      db.stmt("SELECT * FROM team_integrations WHERE key_id = ? LIMIT ?", previousId, REENCRYPT_BATCH),
      db.stmt(
        "SELECT sum(key_id = ?) AS previous, sum(key_id NOT IN (?, ?)) AS unreadable FROM team_integrations",
        previousId,
        keyring.current.id,
        previousId,
      ),
    ]);
    const total = counts!.results[0] as { previous: number | null; unreadable: number | null };
    const writes: D1PreparedStatement[] = [];
    let failed = 0;
    for (const row of rows!.results as unknown as IntegrationRow[]) {
      const context = `${row.team_id}:${row.crm}`;
      try {
        const { plaintext } = await open(keyring, row.secret, context);
        const sealed = await seal(keyring, plaintext, context);
        // Only if no PUT replaced it meanwhile.
        writes.push(
          db.stmt(
            "UPDATE team_integrations SET secret = ?, key_id = ? WHERE team_id = ? AND crm = ? AND secret = ?",
            sealed.ciphertext,
            sealed.keyId,
            row.team_id,
            row.crm,
            row.secret,
          ),
        );
      } catch (err) {
        if (!(err instanceof UnreadableSecret)) throw err;
        failed += 1;
      }
    }
    const response = {
      reencrypted: writes.length,
      remaining: Math.max(0, (total.previous ?? 0) - writes.length - failed),
      unreadable: (total.unreadable ?? 0) + failed,
    };
    await commit(c, writes, response);
    return c.json(response, 200);
  },
);
