// Every query the hot routes run uses an index on the big tables: the SQL each route actually executes is
// recorded through a D1 binding that notes what is bound, then D1 explains each statement with its own
// parameters. A full SCAN of attempts, outcomes or leads fails (an index range, e.g. a team's rows in a
// period, is fine). On D1 the bill and the latency both follow rows read.
import { DAY_MS } from "@dq/shared";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type TestTeam, call, createTeam, insertScenario, uniq } from "./helpers.ts";

/** Tables whose rows grow with use: a full scan of one of them is a bug on a hot path. */
const BIG_TABLES = ["attempts", "outcomes", "leads", "deals", "deal_running", "practice_running"] as const;

interface Statement {
  sql: string;
  params: unknown[];
}

/** A D1 binding that runs everything on the real one and records each statement as it is bound. */
function recordingD1(real: D1Database, statements: Statement[]): D1Database {
  return {
    prepare(sql: string) {
      const stmt = real.prepare(sql);
      const bind = stmt.bind.bind(stmt);
      stmt.bind = (...params: unknown[]) => {
        statements.push({ sql, params });
        return bind(...params);
      };
      return stmt;
    },
    batch: (stmts) => real.batch(stmts),
    exec: (sql) => real.exec(sql),
    dump: () => real.dump(),
    withSession: (constraint) => real.withSession(constraint),
  } as D1Database;
}

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

/** The names a big table goes by in `sql` (itself and its aliases), so `SCAN o` is read as outcomes. */
function namesOf(sql: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const table of BIG_TABLES) names.set(table, table);
  const keywords = new Set(["where", "on", "join", "left", "inner", "cross", "group", "order", "limit", "set", "using", "union", "values", "natural", "indexed", "not", "as"]);
  for (const m of sql.matchAll(new RegExp(`\\b(${BIG_TABLES.join("|")})\\s+(?:AS\\s+)?([A-Za-z_]\\w*)`, "gi"))) {
    const alias = m[2]!.toLowerCase();
    if (!keywords.has(alias)) names.set(alias, m[1]!.toLowerCase());
  }
  return names;
}

/** The plan lines that read a big table from end to end (`SCAN t`, also through a covering index). */
async function fullScans(statement: Statement): Promise<string[]> {
  const sql = statement.sql.trim();
  if (!/^(SELECT|WITH|UPDATE|DELETE|INSERT)\b/i.test(sql)) return [];
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...statement.params)
    .all<PlanRow>();
  const names = namesOf(sql);
  const scans: string[] = [];
  for (const row of plan.results) {
    const m = /^SCAN (\w+)/.exec(row.detail);
    if (m && names.has(m[1]!.toLowerCase())) scans.push(row.detail);
  }
  return scans;
}

let team: TestTeam;
let scenarioId: string;
let leadId: string;

async function upsertLead(token: string, over: Record<string, unknown> = {}) {
  const res = await call("PUT", "/v1/leads", { token, body: { crm: "sandbox", externalId: uniq("deal"), name: "Jordan Blake — Harbor Logistics", company: "Harbor Logistics", persona: "procurement", stage: "Qualified", ...over } });
  expect(res.status, res.text).toBe(200);
  return res.json.lead.id as string;
}

beforeAll(async () => {
  team = await createTeam();
  scenarioId = await insertScenario(env.DB, { category: "meeting_booking" });
  await insertScenario(env.DB, { category: "pricing", difficulty: "hard" });
  // Enough history for every branch of the hot routes to run its queries: outcomes of both reps,
  // attempts, an open lead, nudges.
  for (const [token, result, meetingBooked] of [
    [team.rep.token, "lost", false],
    [team.rep.token, "won", true],
    [team.rep2.token, "lost", true],
  ] as const) {
    const id = await upsertLead(token);
    const res = await call("POST", `/v1/leads/${id}/outcomes`, { token, body: { responded: true, meetingBooked, result, ...(result === "lost" ? { lostReason: "price" } : {}) } });
    expect(res.status, res.text).toBe(201);
  }
  for (const token of [team.rep.token, team.rep2.token]) {
    const res = await call("POST", "/v1/training/attempts", { token, body: { scenarioId, response: "Happy to find a time: would a 15 minute call on Thursday work for you?", durationSec: 40 } });
    expect(res.status, res.text).toBeLessThan(300);
  }
  leadId = await upsertLead(team.rep.token, { externalId: "open-one" });
});

describe("hot routes use an index on attempts, outcomes and leads", () => {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 28 * DAY_MS).toISOString().slice(0, 10);
  const routes: [string, string, () => { token: string; body?: unknown }][] = [
    ["GET", "/v1/me", () => ({ token: team.rep.token })],
    ["GET", "/v1/me/weak-areas", () => ({ token: team.rep.token })],
    ["GET", "/v1/me/recommendations", () => ({ token: team.rep.token })],
    ["GET", "/v1/me/nudges", () => ({ token: team.rep.token })],
    ["GET", "/v1/me/pending-outcomes", () => ({ token: team.rep.token })],
    ["GET", "/v1/scenarios", () => ({ token: team.rep.token })],
    ["GET", "/v1/scenarios?category=pricing&difficulty=hard", () => ({ token: team.rep.token })],
    ["PUT", "/v1/leads", () => ({ token: team.rep.token, body: { crm: "sandbox", externalId: "open-one", stage: "Proposal", status: "open" } })],
    ["PUT", "/v1/leads (new)", () => ({ token: team.rep.token, body: { crm: "sandbox", externalId: uniq("new"), persona: "executive" } })],
    // The lead panel finds the record's lead on every CRM record page.
    ["GET", "/v1/leads?crm=sandbox&externalId=open-one", () => ({ token: team.rep.token })],
    ["GET", "/v1/leads", () => ({ token: team.rep.token })],
    ["GET", "/v1/leads/:id", () => ({ token: team.rep.token })],
    ["POST", "/v1/leads/:id/outcomes", () => ({ token: team.rep.token, body: { responded: true, meetingBooked: false, result: "ghosted" } })],
    ["POST", "/v1/training/attempts", () => ({ token: team.rep.token, body: { scenarioId, response: "Could we book 15 minutes on Thursday to walk through the numbers?", durationSec: 35 } })],
    ["GET", `/v1/team/analytics?from=${monthAgo}&to=${today}`, () => ({ token: team.manager.token })],
    ["GET", `/v1/me/analytics?from=${monthAgo}&to=${today}`, () => ({ token: team.rep.token })],
  ];

  for (const [method, route, request] of routes) {
    it(`${method} ${route}`, async () => {
      const statements: Statement[] = [];
      const path = route.replace(" (new)", "").replace(":id", leadId);
      const { token, body } = request();
      const res = await call(method, path, { token, body, idempotencyKey: method === "GET" ? undefined : crypto.randomUUID(), bindings: { DB: recordingD1(env.DB, statements) } });
      expect(res.status, res.text).toBeLessThan(300);
      expect(statements.length, "the route's statements were recorded").toBeGreaterThan(0);
      const problems: string[] = [];
      for (const statement of statements) {
        for (const scan of await fullScans(statement)) problems.push(`${scan}\n    in: ${statement.sql.replace(/\s+/g, " ").trim()}`);
      }
      expect(problems, problems.join("\n")).toEqual([]);
    });
  }

  it("reads a rep's open leads, not every lead the rep ever had", async () => {
    const statements: Statement[] = [];
    const res = await call("GET", "/v1/me/weak-areas", { token: team.rep.token, bindings: { DB: recordingD1(env.DB, statements) } });
    expect(res.status).toBe(200);
    const openLeads = statements.find((s) => /FROM leads\s+WHERE owner_id = \? AND status = 'open'/.test(s.sql));
    expect(openLeads).toBeDefined();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${openLeads!.sql}`)
      .bind(...openLeads!.params)
      .all<PlanRow>();
    expect(plan.results.map((r) => r.detail)).toContainEqual(expect.stringMatching(/^SEARCH leads USING INDEX \w+ \(owner_id=\? AND status=\?\)/));
  });

  it("reads a rep's recent practice without a read of the scenario per attempt", async () => {
    const statements: Statement[] = [];
    const res = await call("GET", "/v1/me/weak-areas", { token: team.rep.token, bindings: { DB: recordingD1(env.DB, statements) } });
    expect(res.status).toBe(200);
    const practice = statements.find((s) => /FROM attempts\b/.test(s.sql));
    expect(practice).toBeDefined();
    expect(practice!.sql).not.toMatch(/\bscenarios\b/);
  });

  it("reads analytics from the running totals: no bucket rollups, no deal but the period's won ones", async () => {
    for (const [route, token] of [
      ["/v1/team/analytics", team.manager.token],
      ["/v1/me/analytics", team.rep.token],
    ] as const) {
      const statements: Statement[] = [];
      const res = await call("GET", route, { token, bindings: { DB: recordingD1(env.DB, statements) } });
      expect(res.status).toBe(200);
      const sql = statements.map((s) => s.sql).join("\n");
      expect(sql).not.toMatch(/\b(deal_rollup|practice_rollup)\b/);
      expect(sql).toMatch(/\bdeal_running\b/);
      expect(sql).toMatch(/\bpractice_running\b/);
    }
  });

  it("catches a full scan (the check itself works)", async () => {
    expect(await fullScans({ sql: "SELECT count(*) FROM outcomes o WHERE o.result = ?", params: ["won"] })).toEqual([expect.stringMatching(/^SCAN o\b/)]);
    expect(await fullScans({ sql: "SELECT * FROM leads WHERE owner_id = ? ORDER BY first_seen_at DESC", params: ["x"] })).toEqual([]);
  });
});
