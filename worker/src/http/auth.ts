// Bearer-token authentication, role checks, and idempotency for member routes. The token lookup
// and, for a mutation carrying an Idempotency-Key, the stored-response lookup share one round trip.
import type { Context, MiddlewareHandler } from "hono";
import type { Role } from "@dq/shared";
import { databaseFor } from "../db/placement.ts";
import type { AppEnv } from "../env.ts";
import { safeEqual, sha256Hex } from "./crypto.ts";
import { ApiException, forbidden } from "./errors.ts";
import { lookupStatement, readIdempotencyKey, readStored, runIdempotent, type StoredResponse } from "./idempotency.ts";
import { countFailedCheck, refuseGuessers, rememberVerified } from "./rateLimit.ts";

export interface Principal {
  member: { id: string; teamId: string; name: string; email: string; role: Role; createdAt: string };
  team: { id: string; name: string; settings: string; createdAt: string };
}

interface PrincipalRow {
  id: string;
  team_id: string;
  name: string;
  email: string;
  role: Role;
  created_at: string;
  team_name: string;
  team_settings: string;
  team_created_at: string;
}

const PRINCIPAL_SQL = `SELECT m.id, m.team_id, m.name, m.email, m.role, m.created_at,
  t.name AS team_name, t.settings AS team_settings, t.created_at AS team_created_at
  FROM tokens k JOIN members m ON m.id = k.member_id JOIN teams t ON t.id = m.team_id
  WHERE k.hash = ? AND k.revoked_at IS NULL`;

export function bearerToken(c: Context): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header("Authorization") ?? "");
  return m ? m[1]! : null;
}

const unauthorized = (message: string) => new ApiException(401, "unauthorized", message);

/** Requires a member's token; with `roles`, one of those roles too (else 403). */
export function requireMember(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Registering auth twice on one path would also nest idempotency handling: fail loudly in tests.
    // (Hono's "/v1/x/*" also matches "/v1/x", so one `use("/v1/x/*", …)` covers both.)
    if (c.get("principal")) throw new Error(`requireMember ran twice for ${c.req.path}: register it once per path`);
    const token = bearerToken(c);
    if (!token) throw unauthorized("Send your Deal Quest token as `Authorization: Bearer <token>`.");
    const hash = await sha256Hex(token);
    // Token guessing is limited per IP before the lookup below (http/rateLimit.ts).
    refuseGuessers(c, hash);
    const db = c.var.db;
    const keyed = await readIdempotencyKey(c);
    let row: PrincipalRow | null;
    let stored: StoredResponse | null = null;
    if (keyed) {
      const [who, receipt] = await db.batch([
        db.stmt(PRINCIPAL_SQL, hash),
        lookupStatement(db, "(SELECT 'member:' || member_id FROM tokens WHERE hash = ?)", [hash], keyed.key),
      ]);
      row = (who!.results[0] as PrincipalRow | undefined) ?? null;
      stored = readStored(receipt!);
    } else {
      row = await db.first<PrincipalRow>(PRINCIPAL_SQL, hash);
    }
    if (!row) {
      await countFailedCheck(c);
      throw unauthorized("This token is not valid (revoked, mistyped, or for another server).");
    }
    rememberVerified(c, hash);
    // From here on the request works in its team's database (db/placement.ts).
    db.pointAt(databaseFor(c.env, row.team_id));
    if (roles.length > 0 && !roles.includes(row.role)) throw forbidden(`Only a ${roles.join(" or ")} can do this.`);
    c.set("principal", {
      member: { id: row.id, teamId: row.team_id, name: row.name, email: row.email, role: row.role, createdAt: row.created_at },
      team: { id: row.team_id, name: row.team_name, settings: row.team_settings, createdAt: row.team_created_at },
    });
    if (keyed) return runIdempotent(c, next, keyed, `member:${row.id}`, stored);
    await next();
  };
}

/** Requires the admin secret (`DQ_ADMIN_SECRET`) as the bearer token. */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = c.env.DQ_ADMIN_SECRET;
    if (!secret) throw new ApiException(403, "forbidden", "Team creation is disabled: DQ_ADMIN_SECRET is not set on this server.");
    const token = bearerToken(c);
    if (!token) throw unauthorized("Send the admin secret as `Authorization: Bearer <DQ_ADMIN_SECRET>`.");
    const hash = await sha256Hex(token);
    refuseGuessers(c, hash);
    if (!safeEqual(token, secret)) {
      await countFailedCheck(c);
      throw unauthorized("Send the admin secret as `Authorization: Bearer <DQ_ADMIN_SECRET>`.");
    }
    rememberVerified(c, hash);
    const keyed = await readIdempotencyKey(c);
    if (!keyed) return next();
    const [receipt] = await c.var.db.batch([lookupStatement(c.var.db, "?", ["admin"], keyed.key)]);
    return runIdempotent(c, next, keyed, "admin", readStored(receipt!));
  };
}
