// The Deal Quest API: one router per resource, one error shape, D1 round trips in Server-Timing.
import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { setMetric, timing } from "hono/timing";
import { Db } from "./db/client.ts";
import type { AppEnv } from "./env.ts";
import { ApiException, onError, onNotFound, validationHook } from "./http/errors.ts";
import { leads } from "./routes/leads.ts";
import { me } from "./routes/me.ts";
import { meta } from "./routes/meta.ts";
import { scenarios } from "./routes/scenarios.ts";
import { teams } from "./routes/teams.ts";
import { training } from "./routes/training.ts";

export const MAX_BODY_BYTES = 64 * 1024;

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use("*", timing({ total: true, crossOrigin: true }));
  app.use("*", async (c, next) => {
    const db = new Db(c.env.DB);
    c.set("db", db);
    await next();
    setMetric(c, "d1", db.ms, `${db.roundTrips} round trips`);
    c.header("X-D1-Round-Trips", String(db.roundTrips));
  });
  app.use(
    "/v1/*",
    cors({
      origin: "*",
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
      exposeHeaders: ["Server-Timing", "Idempotency-Replayed", "X-D1-Round-Trips"],
    }),
  );
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiException(413, "payload_too_large", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.`);
      },
    }),
  );

  for (const resource of [meta, teams, me, leads, scenarios, training]) app.route("/", resource);

  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A member's token (from POST /v1/teams or POST /v1/team/members), or the admin secret for POST /v1/teams.",
  });
  app.doc31("/v1/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Deal Quest API",
      version: "1",
      description:
        "Training that knows real deals. Errors are always `{\"error\": {\"code\", \"message\", \"issues\"?}}`. Mutations accept an `Idempotency-Key` header. Every response carries `Server-Timing` with D1 round trips.",
    },
  });
  app.get("/v1/docs", Scalar({ url: "/v1/openapi.json", pageTitle: "Deal Quest API reference" }));
  app.get("/", (c) => c.redirect("/v1/docs"));

  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
