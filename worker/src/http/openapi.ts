// Helpers to declare routes for @hono/zod-openapi with the shared schemas and the one error shape.
import { OpenAPIHono } from "@hono/zod-openapi";
import type { ZodType } from "zod";
import { ApiError } from "@dq/shared";
import type { AppEnv } from "../env.ts";
import { validationHook } from "./errors.ts";

/** A resource router: validation failures become the project's 400 error shape. */
export function router() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export function jsonBody<T extends ZodType>(schema: T, description?: string) {
  return { required: true, description, content: { "application/json": { schema } } } as const;
}

export function jsonResponse<T extends ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } } as const;
}

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ApiError } } }) as const;

/** The error responses every authenticated route may give. */
export const memberErrors = {
  400: errorResponse("Invalid body or query; `issues` lists what to fix."),
  401: errorResponse("No token, or a bad one."),
  403: errorResponse("Wrong role."),
  404: errorResponse("Not found, or another team's."),
  429: errorResponse("Too many failed token checks from this address (see the API description); retry after Retry-After seconds."),
} as const;

export const mutationErrors = {
  ...memberErrors,
  409: errorResponse("Idempotency-Key reused with a different request, or a conflicting state."),
  413: errorResponse("Body over 64 KiB."),
} as const;

/** Any member's token. */
export const bearer = [{ bearer: [] }];
/**
 * A manager's token (a rep gets 403). The role is the requirement's scope, as OpenAPI 3.1 allows for
 * non-OAuth schemes; the isolation matrix (test/isolation.test.ts) checks the document against the routes.
 */
export const managerBearer = [{ bearer: ["manager"] }];
/** The admin secret (DQ_ADMIN_SECRET), not a member's token. */
export const adminBearer = [{ bearer: ["admin"] }];

export const IdempotencyHeader = {
  name: "Idempotency-Key",
  in: "header" as const,
  required: false,
  description: "A client-made key (a UUID): replays return the first response and do the work once.",
  schema: { type: "string" as const },
};
