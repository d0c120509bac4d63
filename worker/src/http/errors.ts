// The one error shape: every failure becomes {"error": {"code", "message", "issues"?}} here.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ZodError } from "zod";
import type { ApiError, ErrorCode, ErrorIssue } from "@dq/shared";
import { isIdempotencyRace } from "./idempotency.ts";

export class ApiException extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ErrorIssue[],
  ) {
    super(message);
  }
}

export const notFound = (what = "Resource") => new ApiException(404, "not_found", `${what} not found.`);
export const forbidden = (message: string) => new ApiException(403, "forbidden", message);
export const conflict = (message: string) => new ApiException(409, "conflict", message);
export const badRequest = (message: string, issues?: ErrorIssue[]) => new ApiException(400, "bad_request", message, issues);

export function zodIssues(error: ZodError): ErrorIssue[] {
  return error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: i.message,
    code: i.code,
  }));
}

const targetCodes: Record<string, ErrorCode> = { json: "invalid_body", query: "invalid_query", param: "bad_request", header: "bad_request" };
const targetWords: Record<string, string> = { json: "request body", query: "query string", param: "path", header: "headers" };

/** Validation hook for every route: a zod failure becomes a 400 with the issues. */
export function validationHook(result: { success: boolean; error?: ZodError; target: string }) {
  if (!result.success && result.error) {
    const where = targetWords[result.target] ?? result.target;
    throw new ApiException(400, targetCodes[result.target] ?? "bad_request", `The ${where} is invalid.`, zodIssues(result.error));
  }
}

export function errorBody(code: ErrorCode, message: string, issues?: ErrorIssue[]): ApiError {
  return { error: issues ? { code, message, issues } : { code, message } };
}

const httpCodes: Partial<Record<number, ErrorCode>> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

export function onError(err: Error, c: Context) {
  if (err instanceof ApiException) return c.json(errorBody(err.code, err.message, err.issues), err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = httpCodes[status] ?? (status >= 500 ? "internal" : "bad_request");
    const message = status === 400 && /json/i.test(err.message) ? "The request body is not valid JSON." : err.message || "Request failed.";
    return c.json(errorBody(status === 400 ? "invalid_body" : code, message), status);
  }
  // A duplicate request that lost the race; the idempotency middleware answers with the winner's response.
  if (isIdempotencyRace(err)) return c.json(errorBody("conflict", "A request with this Idempotency-Key is in flight."), 409);
  console.error("unhandled error", err);
  return c.json(errorBody("internal", "Something went wrong on our side. Please try again."), 500);
}

export function onNotFound(c: Context) {
  return c.json(errorBody("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), 404);
}
