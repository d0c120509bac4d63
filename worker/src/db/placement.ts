// Where a team's data lives: the one place the worker reads a D1 binding (docs/scaling.md).
//
// The rule today: one database, `env.DB`, holds the directory (teams, members, tokens) and every
// team's data. The plan, when one database is no longer enough: the directory stays in `env.DB`
// and `databaseFor(env, teamId)` looks the team up there (cached per isolate) and answers the
// team's own database — a per-shard binding (`DB_1`, `DB_2`, …) while shards are few enough to
// list in wrangler.jsonc, or a per-team database through the D1 REST API beyond that. Every caller
// already goes through this function, so that change is made here and nowhere else.
//
// The wrinkle: a request's team is known only after its token is checked. Requests therefore start
// on the directory (`databaseFor(env, null)`), and http/auth.ts re-points the request's Db to the
// team's database as soon as the principal is known; webhooks, whose team is in the URL, re-point
// before their first query. Scheduled jobs list the teams from the directory and work on each
// team in `databaseFor(env, team.id)`; per-database housekeeping runs over `everyDatabase(env)`.
import type { Env } from "../env.ts";

/** The database holding `teamId`'s data; `null` asks for the directory (teams, members, tokens). */
export function databaseFor(env: Pick<Env, "DB">, _teamId: string | null): D1Database {
  return env.DB;
}

/** Every database the worker writes to, once each (for per-database housekeeping jobs). */
export function everyDatabase(env: Pick<Env, "DB">): D1Database[] {
  return [env.DB];
}
