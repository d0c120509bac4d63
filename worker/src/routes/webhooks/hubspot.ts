// POST /v1/webhooks/hubspot/:teamId — HubSpot deal stage changes, verified with the v3 signature
// (the team's app client secret over method + the URL HubSpot called + raw body + timestamp).
import { createRoute } from "@hono/zod-openapi";
import { WebhookReceipt } from "@dq/shared";
import { HUBSPOT_DEFAULT_STAGES, type HubSpotSettings, parseHubSpotBatch, verifyHubSpotRequest } from "../../domain/webhooks/hubspot.ts";
import { ApiException } from "../../http/errors.ts";
import { newToken } from "../../http/crypto.ts";
import { jsonResponse, router } from "../../http/openapi.ts";
import { TeamParams, applyDelivery, loadIntegration, openCredentials, parsePayload, unauthorized, webhookErrors } from "./delivery.ts";

export const hubspotWebhooks = router();

// Checked against when the team has no HubSpot integration, so that case costs what a bad signature
// does (made on first use: Workers allow no random values at global scope).
let decoySecret: string | undefined;

const verdictErrors = {
  missing: () => new ApiException(401, "unauthorized", "Send X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp (epoch milliseconds)."),
  stale: () => new ApiException(401, "unauthorized", "X-HubSpot-Request-Timestamp is more than 5 minutes off: replays are refused."),
  mismatch: unauthorized,
};

hubspotWebhooks.openapi(
  createRoute({
    method: "post",
    path: "/v1/webhooks/hubspot/{teamId}",
    tags: ["webhooks"],
    summary: "HubSpot webhook: deal stage changes close deals and prompt their owners.",
    description:
      "Subscribe the team's HubSpot app to `deal.propertyChange` (or `object.propertyChange` on deals) for `dealstage` (and optionally `hubspot_owner_id`). " +
      "Verified with `X-HubSpot-Signature-v3` over the exact URL HubSpot called (proxies must preserve it); timestamps more than 5 minutes off are refused. " +
      "Retries and duplicates (same eventId, or the same deal status again) change nothing; late events never undo newer ones.",
    request: { params: TeamParams },
    responses: { 200: jsonResponse(WebhookReceipt, "What the delivery changed."), ...webhookErrors },
  }),
  async (c) => {
    const { teamId } = c.req.valid("param");
    const row = await loadIntegration(c, teamId, "hubspot");
    const body = await c.req.text();
    const request = {
      method: c.req.method,
      url: c.req.url,
      body,
      signature: c.req.header("X-HubSpot-Signature-v3"),
      timestamp: c.req.header("X-HubSpot-Request-Timestamp"),
      now: c.var.now.getTime(),
    };
    if (!row) {
      decoySecret ??= newToken();
      const verdict = await verifyHubSpotRequest({ ...request, secret: decoySecret });
      throw verdictErrors[verdict === "valid" ? "mismatch" : verdict]();
    }
    const { credentials, resealed } = await openCredentials<{ clientSecret: string }>(c, row);
    const verdict = await verifyHubSpotRequest({ ...request, secret: credentials.clientSecret });
    if (verdict !== "valid") throw verdictErrors[verdict]();

    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new ApiException(400, "invalid_body", "The request body is not valid JSON.");
    }
    const stored = JSON.parse(row.settings) as Pick<HubSpotSettings, "portalId"> & Partial<HubSpotSettings>;
    const settings: HubSpotSettings = {
      portalId: stored.portalId,
      wonStages: stored.wonStages ?? [...HUBSPOT_DEFAULT_STAGES.wonStages],
      lostStages: stored.lostStages ?? [...HUBSPOT_DEFAULT_STAGES.lostStages],
    };
    const parsed = parsePayload(() => parseHubSpotBatch(json, settings));
    return c.json(await applyDelivery(c, row, parsed, resealed), 200);
  },
);
