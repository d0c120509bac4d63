// POST /v1/webhooks/salesforce/:teamId?key=… — Salesforce Outbound Messages (SOAP) about
// Opportunities. Salesforce cannot sign them with a shared secret: the URL carries the team's key,
// and the message's OrganizationId must be the team's org. Answered with the SOAP Ack Salesforce
// expects, or it retries the message for a day.
import { createRoute, z } from "@hono/zod-openapi";
import { parseOutboundMessage, sameOrganization, SOAP_ACK } from "../../domain/webhooks/salesforce.ts";
import { newToken, safeEqual } from "../../http/crypto.ts";
import { ApiException } from "../../http/errors.ts";
import { router } from "../../http/openapi.ts";
import { TeamParams, applyDelivery, loadIntegration, openCredentials, parsePayload, unauthorized, webhookErrors } from "./delivery.ts";

export const salesforceWebhooks = router();

// Checked against when the team has no Salesforce integration, so that case costs what a bad key does
// (made on first use: Workers allow no random values at global scope).
let decoyKey: string | undefined;

const KeyQuery = z.object({ key: z.string().max(256).optional().openapi({ description: "The team's URL key (PUT /v1/team/integrations/salesforce)." }) });

salesforceWebhooks.openapi(
  createRoute({
    method: "post",
    path: "/v1/webhooks/salesforce/{teamId}",
    tags: ["webhooks"],
    summary: "Salesforce Outbound Message: closed Opportunities close deals and prompt their owners.",
    description:
      "An Outbound Message on Opportunity (fields Id, StageName, IsClosed, IsWon; ideally Name, OwnerId, Amount, LastModifiedDate) sent by a flow or " +
      "workflow rule when the opportunity closes. Up to 100 notifications per message; each notification id is processed once. " +
      "Answers `<Ack>true</Ack>` in a SOAP envelope.",
    request: { params: TeamParams, query: KeyQuery },
    responses: {
      200: { description: "The SOAP acknowledgement.", content: { "text/xml": { schema: z.string() } } },
      ...webhookErrors,
    },
  }),
  async (c) => {
    const { teamId } = c.req.valid("param");
    const { key } = c.req.valid("query");
    const row = await loadIntegration(c, teamId, "salesforce");
    if (!row) {
      decoyKey ??= newToken();
      safeEqual(key ?? "", decoyKey);
      throw unauthorized();
    }
    const { credentials, resealed } = await openCredentials<{ urlKey: string }>(c, row);
    if (!safeEqual(key ?? "", credentials.urlKey)) throw unauthorized();

    const xml = await c.req.text();
    const message = parsePayload(() => parseOutboundMessage(xml, c.var.now.toISOString()));
    const { organizationId } = JSON.parse(row.settings) as { organizationId: string };
    if (!sameOrganization(message.organizationId, organizationId))
      throw new ApiException(401, "unauthorized", "The message's OrganizationId is not the org configured for this team.");
    await applyDelivery(c, row, { events: message.events, ignored: message.ignored }, resealed);
    return c.body(SOAP_ACK, 200, { "Content-Type": "text/xml; charset=utf-8" });
  },
);
