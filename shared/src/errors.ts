// The one error shape every non-2xx API response carries.
import { z } from "zod";

export const errorCodes = [
  "bad_request",
  "invalid_body",
  "invalid_query",
  "unauthorized",
  "forbidden",
  "not_found",
  "conflict",
  // A replay of a request whose response carried a token: the work was done, the token was shown once.
  "token_already_issued",
  // An answer to a practice conversation that went idle and expired (its turns done were counted).
  "session_expired",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal",
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorIssue = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  code: z.string().optional(),
});
export type ErrorIssue = z.infer<typeof ErrorIssue>;

export const ApiError = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    issues: z.array(ErrorIssue).optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;
