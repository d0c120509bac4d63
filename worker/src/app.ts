// The Deal Quest API: one router per resource, one error shape, D1 round trips and rows read in Server-Timing.
import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { setMetric, timing } from "hono/timing";
import { Db } from "./db/client.ts";
import { databaseFor } from "./db/placement.ts";
import type { AppEnv } from "./env.ts";
import { clockOf } from "./http/clock.ts";
import { ApiException, onError, onNotFound, validationHook } from "./http/errors.ts";
import { webhookIpLimit } from "./http/rateLimit.ts";
import { adaptive } from "./routes/adaptive.ts";
import { analytics } from "./routes/analytics.ts";
import { crmFeatures } from "./routes/crmFeatures.ts";
import { experiment } from "./routes/experiment.ts";
import { integrations } from "./routes/integrations.ts";
import { knowledge } from "./routes/knowledge.ts";
import { leads } from "./routes/leads.ts";
import { me } from "./routes/me.ts";
import { meta } from "./routes/meta.ts";
import { nudges } from "./routes/nudges.ts";
import { pending } from "./routes/pending.ts";
import { scenarioDrafts } from "./routes/scenarioDrafts.ts";
import { scenarios } from "./routes/scenarios.ts";
import { sessions } from "./routes/sessions.ts";
import { teamSettings } from "./routes/teamSettings.ts";
import { teams } from "./routes/teams.ts";
import { training } from "./routes/training.ts";
import { webhooks } from "./routes/webhooks/index.ts";

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use("*", timing({ total: true, crossOrigin: true }));
  app.use("*", async (c, next) => {
    // The directory until the team is known (http/auth.ts and webhooks re-point it).
    const db = new Db(databaseFor(c.env, null));
    c.set("db", db);
    c.set("now", clockOf(c.env)());
    await next();
    // A webhook delivery that fails verification shows no D1 figures: rows read would tell whether the team exists.
    if (c.res.status === 401 && c.req.path.startsWith("/v1/webhooks/")) return;
    setMetric(c, "d1", db.ms, `${db.roundTrips} round trips, ${db.rowsRead} rows read, ${db.rowsWritten} written`);
    c.header("X-D1-Round-Trips", String(db.roundTrips));
    c.header("X-D1-Rows-Read", String(db.rowsRead));
    c.header("X-D1-Rows-Written", String(db.rowsWritten));
  });
  app.use(
    "/v1/*",
    cors({
      origin: "*",
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
      exposeHeaders: ["Server-Timing", "Idempotency-Replayed", "X-D1-Round-Trips", "X-D1-Rows-Read", "X-D1-Rows-Written"],
    }),
  );
  // Per-IP webhook limit before any D1 read (token guessing is limited in http/auth.ts).
  app.use("/v1/webhooks/*", webhookIpLimit());
  // Reps' and managers' requests are small; a CRM's batched webhook (Salesforce: up to 100
  // notifications in one SOAP message) is not, so webhooks get their own, larger limit.
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new ApiException(413, "payload_too_large", `Request bodies are limited to ${maxSize / 1024} KiB.`);
      },
    });
  const apiLimit = limit(MAX_BODY_BYTES);
  const webhookLimit = limit(MAX_WEBHOOK_BYTES);
  app.use("/v1/*", (c, next) => (c.req.path.startsWith("/v1/webhooks/") ? webhookLimit(c, next) : apiLimit(c, next)));

  for (const resource of [meta, teams, me, leads, scenarios, training, sessions, integrations, webhooks, pending, analytics, experiment, adaptive, nudges, scenarioDrafts, knowledge, teamSettings, crmFeatures]) app.route("/", resource);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description:
      "A member's token (from POST /v1/teams or POST /v1/team/members), or the admin secret for POST /v1/teams. An operation's requirement names the role it needs as its scope: `manager` (a rep gets 403) or `admin` (the admin secret); none means any member.",
  });
  app.doc31("/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Deal Quest API",
      version: "1",
      description:
        "Training that knows real deals. Errors are always `{\"error\": {\"code\", \"message\", \"issues\"?}}`. Mutations accept an `Idempotency-Key` header: a replay returns the first response (kept 30 days), except that a token is never stored, so a replay of `POST /v1/teams` or `POST /v1/team/members` answers 409 `token_already_issued`. Every response carries `Server-Timing` with D1 round trips and rows read and written (also as `X-D1-Round-Trips`, `X-D1-Rows-Read`, `X-D1-Rows-Written`), except a webhook delivery that fails verification (401), whose figures would tell whether the team exists. Abuse limits per client IP (`CF-Connecting-IP`), checked before any database read, answer 429 `rate_limited` with `Retry-After`: CRM webhook deliveries, and failed token checks (a bad or revoked token, a wrong admin secret; successful requests never count, and a token verified recently keeps working from an address refused for guessing).",
    },
  });
  app.get("/v1/docs", Scalar({ url: "/v1/openapi.json", pageTitle: "Deal Quest API reference" }));
  app.get("/", (c) => c.redirect("/v1/docs"));

  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
