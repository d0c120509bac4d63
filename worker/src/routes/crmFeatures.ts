// The kill switch for when a CRM redesigns: an operator (admin secret) switches a record-page
// feature off on one CRM, or back on. Members read the list inside GET /v1/me (routes/me.ts).
import { createRoute } from "@hono/zod-openapi";
import { CrmFeaturesOff, SwitchCrmFeatureRequest } from "@dq/shared";
import { featuresOff, switchStatement } from "../db/crmFeatureSwitches.ts";
import { requireAdmin } from "../http/auth.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, adminBearer, jsonBody, jsonResponse, mutationErrors, router } from "../http/openapi.ts";

export const crmFeatures = router();

crmFeatures.use("/v1/crm-features", requireAdmin());
crmFeatures.openapi(
  createRoute({
    method: "put",
    path: "/v1/crm-features",
    tags: ["crm-features"],
    summary: "Switch a record-page feature off on one CRM, or back on (admin secret).",
    description:
      "For when a CRM changes its pages faster than an extension release reaches the reps: the extension skips a feature that is off on the next record visit (a switched-off `lead-sync` leaves the rep to log the outcome by hand). Every member sees the list in `GET /v1/me` (`crmFeaturesOff`).",
    security: adminBearer,
    request: { body: jsonBody(SwitchCrmFeatureRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(CrmFeaturesOff, "Every feature switched off now, on every CRM."), ...mutationErrors },
  }),
  async (c) => {
    const body = c.req.valid("json");
    await c.var.db.batch([switchStatement(c.var.db, body, c.var.now.toISOString())]);
    const response = { off: await featuresOff(c.var.db) };
    await commit(c, [], response, 200);
    return c.json(response, 200);
  },
);
