// Per-IP abuse limits, checked before any D1 read (issue 13): a flood of CRM webhook deliveries (with random
// team ids, each would cost a D1 read) and token guessing answer 429 `rate_limited` with Retry-After.
//
// - Webhooks: every delivery counts against its client IP (WEBHOOK_IP_RATE_LIMITER). Generous: a CRM sends
//   every customer's deliveries from a few addresses.
// - Tokens: only failed checks count (a bad or revoked member token, a wrong admin secret) against the
//   client IP (AUTH_FAILURE_RATE_LIMITER), so members' normal traffic never spends the budget. A limiter can
//   only be asked by spending from it, so once an IP's failures are over the limit this isolate remembers it
//   for one period and refuses its token checks before the D1 read; a token this isolate verified within the
//   period still goes through (a rep behind the same NAT as a guesser keeps working). Another isolate learns
//   it on its own first refusal: at most one D1 read per isolate and period.
//
// The key is `CF-Connecting-IP`, which Cloudflare sets on every request at the edge (clients cannot forge
// it there). A request without it (in-process test calls; local tools) is not limited: every local caller
// would share one key, and the test suites, the fuzz and `npm run bench` would trip it.
//
// Production uses the Workers Rate Limiting bindings (limits in wrangler.jsonc, counted per Cloudflare
// location); without a binding, an in-memory stand-in with the same `limit({ key })` interface and the same
// limits (overridable with DQ_WEBHOOK_IP_LIMIT / DQ_AUTH_FAILURE_LIMIT, for tests and local runs).
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, Env } from "../env.ts";
import { ApiException } from "./errors.ts";

/** The Workers Rate Limiting binding's interface (also the stand-in's). */
export interface Limiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The limits of wrangler.jsonc's `ratelimits` (requests per period, in seconds), for the stand-in and Retry-After. */
export const LIMITS = {
  webhook: { limit: 1200, period: 60 },
  authFailure: { limit: 30, period: 60 },
} as const;

type Bucket = keyof typeof LIMITS;

/** A fixed-window counter per key, kept in the isolate's memory. */
export class MemoryLimiter implements Limiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly max: number,
    readonly periodMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async limit({ key }: { key: string }) {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.periodMs) {
      if (this.windows.size >= 50_000) this.prune(t);
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    }
    w.count += 1;
    return { success: w.count <= this.max };
  }

  private prune(t: number) {
    for (const [key, w] of this.windows) if (t - w.start >= this.periodMs) this.windows.delete(key);
  }
}

const standIns = new Map<string, MemoryLimiter>();

function limiterFor(env: Env, bucket: Bucket): Limiter {
  const binding = bucket === "webhook" ? env.WEBHOOK_IP_RATE_LIMITER : env.AUTH_FAILURE_RATE_LIMITER;
  if (binding) return binding;
  const configured = Number(bucket === "webhook" ? env.DQ_WEBHOOK_IP_LIMIT : env.DQ_AUTH_FAILURE_LIMIT);
  const max = Number.isInteger(configured) && configured > 0 ? configured : LIMITS[bucket].limit;
  const id = `${bucket}:${max}`;
  let standIn = standIns.get(id);
  if (!standIn) {
    standIn = new MemoryLimiter(max, LIMITS[bucket].period * 1000);
    standIns.set(id, standIn);
  }
  return standIn;
}

/** The client's IP as Cloudflare reports it, or null (not limited: see above). */
export function clientIp(c: Context): string | null {
  return c.req.header("CF-Connecting-IP")?.trim() || null;
}

function rateLimited(c: Context, bucket: Bucket, message: string): ApiException {
  c.header("Retry-After", String(LIMITS[bucket].period));
  return new ApiException(429, "rate_limited", message);
}

/** Webhook deliveries per client IP, before the route reads anything. */
export function webhookIpLimit(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = clientIp(c);
    if (ip && !(await limiterFor(c.env, "webhook").limit({ key: `webhook:${ip}` })).success)
      throw rateLimited(c, "webhook", "Too many webhook deliveries from this address; retry in a minute.");
    await next();
  };
}

// Per isolate: IPs over their failure budget (until when), and token hashes verified recently (until when).
const blocked = new Map<string, number>();
const verified = new Map<string, number>();
const MAX_REMEMBERED = 10_000;

function remember(map: Map<string, number>, key: string, until: number) {
  map.delete(key);
  if (map.size >= MAX_REMEMBERED) map.delete(map.keys().next().value!);
  map.set(key, until);
}

const guessing = (c: Context) => rateLimited(c, "authFailure", "Too many failed token checks from this address; retry in a minute.");

/**
 * Before a token check: 429 when the caller's IP is over its failed-check budget, unless `credential`
 * (a token hash) was verified here within the period.
 */
export function refuseGuessers(c: Context, credential: string): void {
  const ip = clientIp(c);
  if (!ip) return;
  const now = Date.now();
  const until = blocked.get(ip);
  if (until === undefined) return;
  if (until <= now) {
    blocked.delete(ip);
    return;
  }
  if ((verified.get(credential) ?? 0) > now) return;
  throw guessing(c);
}

/** After a failed token check: spends from the IP's budget; 429 (instead of the caller's 401) once it is gone. */
export async function countFailedCheck(c: Context<AppEnv>): Promise<void> {
  const ip = clientIp(c);
  if (!ip) return;
  if ((await limiterFor(c.env, "authFailure").limit({ key: `auth:${ip}` })).success) return;
  remember(blocked, ip, Date.now() + LIMITS.authFailure.period * 1000);
  throw guessing(c);
}

/** After a successful token check: this credential keeps working from an IP blocked for guessing. */
export function rememberVerified(c: Context, credential: string): void {
  if (clientIp(c)) remember(verified, credential, Date.now() + LIMITS.authFailure.period * 1000);
}
