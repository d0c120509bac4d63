// Small building blocks shared by several resources.
import { z } from "zod";

/** One UTC day in milliseconds (days here are UTC days: no daylight-saving shifts). */
export const DAY_MS = 86_400_000;

export const Id = z.string().min(1).max(64);
/** An ISO-8601 timestamp (UTC, with a `Z` or offset). */
export const Timestamp = z.iso.datetime({ offset: true });
/** An ISO date (YYYY-MM-DD). */
export const IsoDate = z.iso.date();
export const Email = z.email().max(254);
export const Url = z.url().max(2048);
/** A web page's address: http(s) only, so a stored link can never run script (`javascript:`, `data:`). */
export const WebUrl = z
  .url({ protocol: /^https?$/, error: "Must be an http:// or https:// address." })
  .max(2048);
