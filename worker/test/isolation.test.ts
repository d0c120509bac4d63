// Team isolation, generated from the OpenAPI document (issue 13): every operation the API serves gets the
// rules of its kind, so a new route is covered the day it is added.
//
// - A path parameter takes team A's real values of its kind (a lead, a team scenario, a nudge, a knowledge item,
//   a configured CRM, the team id): team B's manager gets 404; team B's rep 404 too, or 403 on a manager-only
//   operation (the role is checked before the id, which leaks nothing); a webhook (signature-authenticated)
//   answers 401. Nothing of team A changes.
// - Manager-only operations (`security: [{ bearer: ["manager"] }]` in the document) answer a rep 403, and the
//   other member operations never do: the document and the routes agree on roles.
// - Admin operations (`bearer: ["admin"]`) refuse a manager's token (401).
// - Every GET without path parameters, called with team B's tokens, contains none of team A's ids, names,
//   emails, lead names or companies, titles or team name.
// The last test fails when an operation has no rule: an unknown security requirement, or a path parameter
// for which no team A value is known.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { connectHubSpot, dealStageEvent, hubspotDeliver } from "./fixtures/webhooks/helpers.ts";
import { call, createTeam, insertScenario, type TestTeam, uniq } from "./helpers.ts";
import { jsonBodySchema, type Operation, operationsOf, resolveSchema, sampleOf, type Schema } from "./openapi-doc.ts";

type Access = "public" | "signature" | "admin" | "manager" | "member";

let doc: Schema;
let ops: Operation[];
let owner: TestTeam;
let outsider: TestTeam;
/** Team A's values per kind of path parameter. */
const A = { leads: [] as string[], scenarios: [] as string[], nudges: [] as string[], knowledge: [] as string[], crms: [] as string[], sessions: [] as string[] };
/** Strings of team A that no response to team B may contain. */
const secrets = new Set<string>();
/** Which rules ran on which operation ("GET /v1/leads/{id}" → rule names). */
const covered = new Map<string, Set<string>>();

/** Where each path parameter's team A values come from: the path up to the parameter, matched. */
const PARAMETER_VALUES: [RegExp, () => string[]][] = [
  [/^\/v1\/leads\/\{id\}$/, () => A.leads],
  [/^\/v1\/scenarios\/\{id\}$/, () => A.scenarios],
  [/^\/v1\/nudges\/\{id\}$/, () => A.nudges],
  [/^\/v1\/knowledge\/\{id\}$/, () => A.knowledge],
  [/^\/v1\/team\/integrations\/\{crm\}$/, () => A.crms],
  [/^\/v1\/training\/sessions\/\{id\}$/, () => A.sessions],
  [/^\/v1\/webhooks\/[a-z]+\/\{teamId\}$/, () => [owner.teamId]],
];

const PEOPLE = { manager: "Octavia Brightwater", rep: "Leopold Marchetti", rep2: "Ingrid Solvang" };
const LEADS = [
  { name: "Dana Reyesworth", company: "Harborquay Logistics" },
  { name: "Tobias Wrenfield", company: "Marrowgate Foods" },
  { name: "Jordan Ellisander", company: "Pinecrest Quarrying" },
  { name: "Selma Okonkwo-Hart", company: "Bluewater Tannery" },
  { name: "Sam Ortizabal", company: "Lindqvist Cartage" },
];
const KNOWLEDGE_TITLE = "Acme Routeplanner Zeta";

const name = ({ method, path }: Operation) => `${method} ${path}`;
const cover = (op: Operation, rule: string) => {
  const key = name(op);
  if (!covered.has(key)) covered.set(key, new Set());
  covered.get(key)!.add(rule);
};

function accessOf(op: Schema): Access | null {
  const requirements = (op.security ?? []) as Record<string, string[]>[];
  if (requirements.length === 0) return null;
  const scopes = requirements.flatMap((r) => Object.entries(r).flatMap(([scheme, s]) => (scheme === "bearer" ? s : [`${scheme}:?`])));
  if (scopes.length === 0) return "member";
  if (scopes.length === 1 && (scopes[0] === "manager" || scopes[0] === "admin")) return scopes[0];
  return null;
}

/** The operation's kind of access, or why it has none of the known kinds. */
function kindOf(o: Operation): Access | string {
  if (!o.op.security || o.op.security.length === 0) return o.path.includes("{") ? "signature" : "public";
  return accessOf(o.op) ?? `unknown security requirement ${JSON.stringify(o.op.security)}`;
}

const paramsOf = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);

/** Team A's values for each parameter of `path`, or the parameters without a known source. */
function valuesFor(path: string): { values: Record<string, string[]>; missing: string[] } {
  const values: Record<string, string[]> = {};
  const missing: string[] = [];
  for (const p of paramsOf(path)) {
    const prefix = path.slice(0, path.indexOf(`{${p}}`) + p.length + 2);
    const source = PARAMETER_VALUES.find(([re]) => re.test(prefix));
    const found = source?.[1]() ?? [];
    if (found.length === 0) missing.push(`{${p}} in ${path}`);
    else values[p] = found;
  }
  return { values, missing };
}

/** Concrete paths for an operation: one per team A value (parameters zipped when there are several). */
function concretePaths(path: string): string[] {
  const { values } = valuesFor(path);
  const params = paramsOf(path);
  if (params.length === 0) return [path];
  const n = Math.max(...params.map((p) => values[p]?.length ?? 0));
  return Array.from({ length: n }, (_, i) => params.reduce((out, p) => out.replace(`{${p}}`, encodeURIComponent(values[p]![Math.min(i, values[p]!.length - 1)]!)), path));
}

/** Required query parameters, sampled from their schemas. */
function requiredQuery(op: Schema): string {
  const required = (op.parameters ?? []).map((p: Schema) => resolveSchema(doc, p)).filter((p: Schema) => p.in === "query" && p.required);
  return required.length ? `?${required.map((p: Schema) => `${p.name}=${encodeURIComponent(String(sampleOf(doc, p.schema)))}`).join("&")}` : "";
}

/** Body properties that name a resource, and where team A's values of that kind come from. */
const BODY_REFERENCES: Record<string, () => string[]> = { scenarioId: () => A.scenarios, leadId: () => A.leads, nudgeId: () => A.nudges };

const bodyReferences = (o: Operation) =>
  Object.keys(resolveSchema(doc, jsonBodySchema(doc, o.op)).properties ?? {}).filter((k) => k in BODY_REFERENCES);

function request(o: Operation, path: string, token: string | undefined, override: Record<string, unknown> = {}) {
  const schema = jsonBodySchema(doc, o.op);
  const sampled = schema ? sampleOf(doc, schema, 0, true) : o.method === "GET" || o.method === "DELETE" ? undefined : {};
  const body = Object.keys(override).length ? { ...(sampled as object), ...override } : sampled;
  return call(o.method, path + requiredQuery(o.op), { token, body });
}

/** One query per table that has a team_id or member_id column (and teams): all of team A's rows. */
let snapshotQueries: [string, string][] = [];

async function snapshotTables(): Promise<[string, string][]> {
  const tables = (await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'd1_%' AND name NOT LIKE 'sqlite_%'").all<{ name: string }>()).results;
  const out: [string, string][] = [];
  for (const { name: table } of tables) {
    const columns = (await env.DB.prepare(`SELECT name FROM pragma_table_info('${table}')`).all<{ name: string }>()).results.map((c) => c.name);
    const where = columns.includes("team_id")
      ? "team_id = ?1"
      : columns.includes("member_id")
        ? "member_id IN (SELECT id FROM members WHERE team_id = ?1)"
        : table === "teams"
          ? "id = ?1"
          : null;
    if (where) out.push([table, `SELECT * FROM "${table}" WHERE ${where}`]);
  }
  return out;
}

/** Every row of team A, as sorted JSON per table. */
async function snapshot(): Promise<string> {
  const results = await env.DB.batch(snapshotQueries.map(([, sql]) => env.DB.prepare(sql).bind(owner.teamId)));
  return JSON.stringify(snapshotQueries.map(([table], i) => [table, results[i]!.results.map((r) => JSON.stringify(r)).sort()]));
}

function leaked(text: string): string[] {
  return [...secrets].filter((s) => text.includes(s));
}

beforeAll(async () => {
  doc = (await call("GET", "/v1/openapi.json")).json;
  ops = operationsOf(doc);
  snapshotQueries = await snapshotTables();
  const teamName = `Quillfeather Freight ${uniq()}`;
  owner = await createTeam(teamName, PEOPLE);
  outsider = await createTeam();
  const ok = <T extends { status: number; text: string }>(res: T, what: string, status = [200, 201]) => {
    if (!status.includes(res.status)) throw new Error(`seeding team A, ${what}: ${res.status} ${res.text}`);
    return res;
  };
  const put = async (i: number, token = owner.rep.token) =>
    ok(await call("PUT", "/v1/leads", { token, body: { crm: "sandbox", externalId: uniq("iso"), ...LEADS[i] } }), "lead").json.lead.id as string;

  // An open lead of each rep.
  A.leads.push(await put(0), await put(1, owner.rep2.token));
  // Two won deals with consent: one stays the rep's draft, the other a manager publishes to the team.
  const approach = "Mapped the rollout to their peak season and brought a customer reference from a similar warehouse.";
  for (const i of [2, 3]) {
    const won = await put(i);
    A.leads.push(won);
    ok(await call("POST", `/v1/leads/${won}/outcomes`, { token: owner.rep.token, body: { responded: true, meetingBooked: true, result: "won", winningApproach: approach, scenarioConsent: true } }), "won outcome");
    A.scenarios.push(ok(await call("POST", `/v1/leads/${won}/scenario-drafts`, { token: owner.rep.token, body: { consent: true } }), "draft").json.scenario.id);
  }
  ok(await call("POST", `/v1/scenarios/${A.scenarios[1]}/publish`, { token: owner.manager.token }), "publish");
  // Responded without a meeting: a nudge for the rep.
  const noMeeting = await put(4);
  A.leads.push(noMeeting);
  ok(await call("POST", `/v1/leads/${noMeeting}/outcomes`, { token: owner.rep.token, body: { responded: true, meetingBooked: false, result: "lost", lostReason: "timing" } }), "lost outcome");
  A.nudges.push(...(ok(await call("GET", "/v1/me/nudges", { token: owner.rep.token }), "nudges").json.nudges as { id: string }[]).map((n) => n.id));
  // Knowledge, a practice attempt, a CRM integration with a delivered closure (a lead and its outcome prompt).
  const item = ok(
    await call("POST", "/v1/knowledge", {
      token: owner.manager.token,
      body: { kind: "competitor", title: KNOWLEDGE_TITLE, body: "Cheaper per seat but no offline mode for drivers.", answer: "Ask how often their drivers lose signal on rural routes." },
    }),
    "knowledge",
  );
  A.knowledge.push(item.json.item.id);
  const scenarioId = await insertScenario(env.DB);
  ok(await call("POST", "/v1/training/attempts", { token: owner.rep.token, body: { scenarioId, response: "Congrats on the Series B: a quick 15 minute call Thursday to save time on reporting?", durationSec: 90 } }), "attempt");
  // A practice conversation, where the API has them.
  if (ops.some((o) => name(o) === "POST /v1/training/sessions")) {
    const session = ok(await call("POST", "/v1/training/sessions", { token: owner.rep.token, body: { scenarioId } }), "session").json;
    A.sessions.push(session.session?.id ?? session.id);
  }
  ok(await connectHubSpot(owner.manager.token), "hubspot");
  A.crms.push("hubspot");
  ok(await hubspotDeliver(owner.teamId, [dealStageEvent("4471", "closedwon")]), "webhook");

  // What team B must never see: ids, names, emails, lead names and companies, titles, the team's name.
  const members = ok(await call("GET", "/v1/team/members", { token: owner.manager.token }), "members").json.members as { id: string; name: string; email: string }[];
  const leads = (await env.DB.prepare("SELECT id FROM leads WHERE team_id = ?").bind(owner.teamId).all<{ id: string }>()).results;
  const titles = await env.DB.prepare("SELECT id, title FROM scenarios WHERE team_id = ?").bind(owner.teamId).all<{ id: string; title: string }>();
  for (const s of [owner.teamId, teamName, ...members.flatMap((m) => [m.id, m.name, m.email]), ...leads.map((l) => l.id), ...LEADS.flatMap((l) => [l.name, l.company])])
    secrets.add(s);
  for (const s of [...A.leads, ...A.scenarios, ...A.nudges, ...A.knowledge, ...A.sessions, KNOWLEDGE_TITLE, ...titles.results.flatMap((t) => [t.id, t.title])]) secrets.add(s);
  expect(members).toHaveLength(3);
  expect(leads.length).toBeGreaterThanOrEqual(LEADS.length + 1);
  for (const [kind, values] of Object.entries(A)) if (kind !== "sessions") expect(values.length, kind).toBeGreaterThan(0);
  expect(snapshotQueries.length).toBeGreaterThanOrEqual(10);
}, 60_000);

describe("isolation matrix (from the OpenAPI document)", () => {
  it("another team's ids in a path: 404 for its manager and rep (403 for the rep on manager-only), 401 for webhooks; nothing changes", async () => {
    const failures: string[] = [];
    for (const o of ops.filter((o) => o.path.includes("{"))) {
      const kind = kindOf(o);
      if (valuesFor(o.path).missing.length) continue; // reported by the rules test
      for (const path of concretePaths(o.path)) {
        const before = await snapshot();
        const callers: [string, string | undefined, number][] =
          kind === "signature"
            ? [["no credentials", undefined, 401]]
            : kind === "admin"
              ? [["B's manager", outsider.manager.token, 401]]
              : [
                  ["B's manager", outsider.manager.token, 404],
                  ["B's rep", outsider.rep.token, kind === "manager" ? 403 : 404],
                ];
        for (const [who, token, expected] of callers) {
          const res = await request(o, path, token);
          if (res.status !== expected) failures.push(`${name(o)} as ${who} on ${path}: ${res.status} (expected ${expected}) ${res.text.slice(0, 200)}`);
          const seen = leaked(res.text);
          if (seen.length) failures.push(`${name(o)} as ${who} on ${path}: the response shows team A's ${seen.join(", ")}`);
        }
        const after = await snapshot();
        if (after !== before) failures.push(`${name(o)} on ${path}: team A's data changed`);
      }
      cover(o, "foreign ids");
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("another team's ids in a request body: 404 for its manager and rep; nothing changes", async () => {
    const failures: string[] = [];
    for (const o of ops.filter((o) => bodyReferences(o).length > 0 && !o.path.includes("{"))) {
      const kind = kindOf(o);
      if (kind !== "member" && kind !== "manager") continue;
      for (const field of bodyReferences(o))
        for (const value of BODY_REFERENCES[field]!()) {
          const before = await snapshot();
          for (const [who, token, expected] of [
            ["B's manager", outsider.manager.token, 404],
            ["B's rep", outsider.rep.token, kind === "manager" ? 403 : 404],
          ] as const) {
            const res = await request(o, o.path, token, { [field]: value });
            if (res.status !== expected) failures.push(`${name(o)} as ${who} with ${field} ${value}: ${res.status} (expected ${expected}) ${res.text.slice(0, 200)}`);
            const seen = leaked(res.text);
            if (seen.length) failures.push(`${name(o)} as ${who} with ${field} ${value}: the response shows team A's ${seen.join(", ")}`);
          }
          if ((await snapshot()) !== before) failures.push(`${name(o)} with ${field} ${value}: team A's data changed`);
        }
      cover(o, "foreign ids in the body");
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("manager-only operations answer a rep 403 (and change nothing); admin operations refuse a manager's token", async () => {
    const failures: string[] = [];
    for (const o of ops) {
      const kind = kindOf(o);
      if ((kind !== "manager" && kind !== "admin") || valuesFor(o.path).missing.length) continue;
      const [token, expected] = kind === "manager" ? [owner.rep.token, 403] : [owner.manager.token, 401];
      const before = await snapshot();
      for (const path of concretePaths(o.path)) {
        const res = await request(o, path, token);
        if (res.status !== expected) failures.push(`${name(o)} (${kind}) on ${path}: ${res.status} (expected ${expected}) ${res.text.slice(0, 200)}`);
      }
      if ((await snapshot()) !== before) failures.push(`${name(o)}: a refused call changed team A's data`);
      cover(o, "role");
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("list routes show team B nothing of team A", async () => {
    const failures: string[] = [];
    for (const o of ops.filter((o) => o.method === "GET" && !o.path.includes("{"))) {
      const kind = kindOf(o);
      for (const [who, token] of [
        ["B's manager", outsider.manager.token],
        ["B's rep", outsider.rep.token],
      ] as const) {
        const res = await request(o, o.path, kind === "public" ? undefined : token);
        const expected = kind === "admin" ? 401 : kind === "manager" && who === "B's rep" ? 403 : 200;
        if (res.status !== expected) failures.push(`${name(o)} as ${who}: ${res.status} (expected ${expected}) ${res.text.slice(0, 200)}`);
        const seen = leaked(res.text);
        if (seen.length) failures.push(`${name(o)} as ${who} shows team A's ${seen.join(", ")}`);
      }
      cover(o, "list scan");
    }
    expect(failures).toEqual([]);
  }, 120_000);

  // Last: team A's rep acts on team A's own resources.
  it("member operations never answer a rep 403 for their role: the document marks every manager-only route", async () => {
    const failures: string[] = [];
    for (const o of ops) {
      if (kindOf(o) !== "member" || valuesFor(o.path).missing.length) continue;
      const path = concretePaths(o.path)[0]!; // the rep's own lead, their own draft, their own nudge…
      const res = await request(o, path, owner.rep.token);
      if (res.status === 403) failures.push(`${name(o)} answers a rep 403 but the document does not mark it manager-only: ${res.text.slice(0, 200)}`);
      cover(o, "role");
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("every operation in the document has a rule, and got it", () => {
    const problems: string[] = [];
    for (const o of ops) {
      const kind = kindOf(o);
      if (!["public", "signature", "admin", "manager", "member"].includes(kind)) problems.push(`${name(o)}: ${kind}`);
      for (const m of valuesFor(o.path).missing) problems.push(`${name(o)}: no team A value is known for ${m} (add a source to PARAMETER_VALUES)`);
      if (kind === "public" && o.method !== "GET") problems.push(`${name(o)}: a login-less mutation without a path parameter has no isolation rule`);
      if (!covered.has(name(o))) problems.push(`${name(o)}: no rule ran`);
    }
    const rules = new Map<string, number>();
    for (const set of covered.values()) for (const r of set) rules.set(r, (rules.get(r) ?? 0) + 1);
    console.log(`isolation matrix: ${ops.length} operations; ${[...rules].map(([r, n]) => `${n} × ${r}`).join(", ")}`);
    expect(problems).toEqual([]);
    expect(ops.length).toBeGreaterThanOrEqual(40);
  });
});
