// POST /v1/webhooks/pipedrive/:teamId — Pipedrive webhooks v2 deal changes, authenticated with the
// HTTP Basic credentials the team set on its webhook.
import { createRoute } from "@hono/zod-openapi";
import { WebhookReceipt } from "@dq/shared";
import { type BasicCredentials, credentialsMatch, parseBasicAuth, parsePipedriveWebhook } from "../../domain/webhooks/pipedrive.ts";
import { ApiException } from "../../http/errors.ts";
import { newToken } from "../../http/crypto.ts";
import { jsonResponse, router } from "../../http/openapi.ts";
import { TeamParams, applyDelivery, loadIntegration, openCredentials, parsePayload, unauthorized, webhookErrors } from "./delivery.ts";

export const pipedriveWebhooks = router();

// Checked against when the team has no Pipedrive integration, so that case costs what bad credentials
// do (made on first use: Workers allow no random values at global scope).
let decoy: BasicCredentials | undefined;

pipedriveWebhooks.openapi(
  createRoute({
    method: "post",
    path: "/v1/webhooks/pipedrive/{teamId}",
    tags: ["webhooks"],
    summary: "Pipedrive webhook (v2): deals turning won or lost close deals and prompt their owners.",
    description:
      "Create a webhook v2 for `change` on `deal` with HTTP auth (the username and password set in PUT /v1/team/integrations/pipedrive). " +
      "A change with `data.status` won or lost and `previous.status` closes the deal; one back to open from won/lost reopens it (clears its prompt). " +
      "Retries and duplicates (same meta.id, or the same status again) change nothing; late events never undo newer ones.",
    request: { params: TeamParams },
    responses: { 200: jsonResponse(WebhookReceipt, "What the delivery changed."), ...webhookErrors },
  }),
  async (c) => {
    const { teamId } = c.req.valid("param");
    const row = await loadIntegration(c, teamId, "pipedrive");
    const given = parseBasicAuth(c.req.header("Authorization"));
    if (!row) {
      decoy ??= { username: newToken(), password: newToken() };
      credentialsMatch(given, decoy);
      return challenge(c);
    }
    const { credentials, resealed } = await openCredentials<BasicCredentials>(c, row);
    if (!credentialsMatch(given, credentials)) return challenge(c);

    let json: unknown;
    try {
      json = JSON.parse(await c.req.text());
    } catch {
      throw new ApiException(400, "invalid_body", "The request body is not valid JSON.");
    }
    const parsed = parsePayload(() => parsePipedriveWebhook(json, c.var.now.toISOString()));
    return c.json(await applyDelivery(c, row, parsed, resealed), 200);
  },
);

function challenge(c: { header: (name: string, value: string) => void }): never {
  c.header("WWW-Authenticate", 'Basic realm="Deal Quest webhooks", charset="UTF-8"');
  throw unauthorized();
}
