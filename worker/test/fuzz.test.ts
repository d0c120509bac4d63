// API fuzz as a regression suite (issue 13): every operation in the OpenAPI document gets mutated and
// malformed requests from a fixed seed; none may answer 5xx, and every JSON 4xx must carry the one error
// shape. DQ_FUZZ_RUNS is the total number of requests (small in `npm test`, ≥ 5,000 under `npm run fuzz`).
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTeam, insertScenario, type TestTeam, uniq } from "./helpers.ts";
import { jsonBodySchema, type Operation, operationsOf, resolveSchema, sampleOf, type Schema } from "./openapi-doc.ts";

const SEED = 20261129;
const TOTAL = Number(env.DQ_FUZZ_RUNS) || 1300;

let doc: Schema;
const ops: Operation[] = [];
let team: TestTeam;
const realIds: string[] = [];
const sent = new Map<string, number>();
let fiveHundreds = 0;
let badShapes = 0;
let successes = 0;

const resolve = (schema: Schema | undefined) => resolveSchema(doc, schema);

const WRONG_TYPES: unknown[] = [null, 0, -1, 1.5, "", "x", true, false, [], {}, [null], { a: 1 }];
const EXTREME_NUMBERS = ["1e999", "-1e999", "-0", "9007199254740993", "1e-400", "123456789012345678901234567890", "0.0000000000000000000001"];
const ODD_IDS = [" ", "%20", "0", "-1", "null", "undefined", "x".repeat(5000), "é😀", "%F0%9F%98%80", "..", "..%2F..%2Fetc", "%00", "a%00b", "%E0%A4%A", "%", "'; DROP TABLE leads;--", "__proto__", "constructor", "1e999", "%2e%2e"];
// Header values stay ASCII: a browser's fetch refuses anything else, and workerd warns on every one.
const BAD_TOKENS = ["garbage", "", "Bearer", "x".repeat(10_000), `dq_${"0".repeat(40)}`, "%C3%A9", "null"];
const ODD_KEYS = ["", " ", "k".repeat(5000), "%C3%A9", "key with spaces", "\t", "%00"];

/** A JSON text nested `depth` levels deep: `[[[...]]]`. */
const deep = (depth: number, open = "[", close = "]") => open.repeat(depth) + close.repeat(depth);

type Body = { raw?: string | Uint8Array; contentType?: string | null; body?: unknown; kind: string };

function bodyArbitrary(valid: unknown): fc.Arbitrary<Body> {
  const obj = valid && typeof valid === "object" && !Array.isArray(valid) ? (valid as Record<string, unknown>) : {};
  const keys = Object.keys(obj);
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant("field");
  const validText = JSON.stringify(valid ?? {});
  return fc.oneof(
    fc.constant<Body>({ kind: "valid", body: valid ?? {} }),
    key.map((k) => ({ kind: "missing field", body: Object.fromEntries(Object.entries(obj).filter(([kk]) => kk !== k)) })),
    fc.tuple(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => ({ kind: "extra field", body: { ...obj, [k || "extra"]: v } })),
    fc.tuple(key, fc.constantFrom(...WRONG_TYPES)).map(([k, v]) => ({ kind: "wrong type", body: { ...obj, [k]: v } })),
    key.map((k) => ({ kind: "null field", body: { ...obj, [k]: null } })),
    fc.tuple(key, fc.constantFrom(1_000, 70_000, 300_000)).map(([k, n]) => ({ kind: "huge string", body: { ...obj, [k]: "é".repeat(n) } })),
    fc.tuple(key, fc.constantFrom(100, 1_000, 20_000)).map(([k, n]) => ({ kind: "deep nesting", raw: JSON.stringify({ ...obj, [k]: null }).replace("null", deep(n)) })),
    fc.tuple(key, fc.constantFrom(1_000, 10_000, 100_000)).map(([k, n]) => ({ kind: "huge array", body: { ...obj, [k]: Array.from({ length: n }, (_, i) => i) } })),
    fc.constantFrom("__proto__", "constructor", "prototype").map((k) => ({ kind: "__proto__ key", raw: `{"${k}":{"polluted":true,"role":"manager"},${validText.slice(1) || "}"}` })),
    fc.tuple(key, fc.constantFrom(...EXTREME_NUMBERS)).map(([k, n]) => ({ kind: "extreme number", raw: JSON.stringify({ ...obj, [k]: null }).replace("null", n) })),
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ kind: "random json", body: v })),
    fc.nat({ max: Math.max(0, validText.length - 1) }).map((n) => ({ kind: "truncated json", raw: validText.slice(0, n) })),
    fc.constantFrom("{", "}", "{'a':1}", "NaN", "undefined", "{\"a\":}", "[1,]", "\u0000", "\ufeff{}", "{\"a\":1}{\"b\":2}").map((raw) => ({ kind: "invalid json", raw })),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ kind: "invalid utf-8", raw: new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, ...bytes, 0x22, 0x7d]) })),
    fc.constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/json; charset=latin1", "", null).map((contentType) => ({ kind: "wrong content type", raw: validText, contentType })),
    fc.constantFrom(64 * 1024 + 1, 1024 * 1024 + 1, 2 * 1024 * 1024).map((n) => ({ kind: "oversize body", raw: `{"x":"${"a".repeat(n)}"}` })),
    fc.constant<Body>({ kind: "empty body", raw: "" }),
  );
}

function pathArbitrary(path: string): fc.Arbitrary<string> {
  const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
  if (!params.length) return fc.constant(path);
  const crm = fc.constantFrom("hubspot", "pipedrive", "salesforce", "HUBSPOT", "zoho");
  const id = fc.oneof(fc.constantFrom(...realIds), fc.constantFrom(...ODD_IDS).map((v) => (/%/.test(v) ? v : encodeURIComponent(v))), fc.string({ maxLength: 30 }).map(encodeURIComponent));
  return fc.tuple(...params.map((p) => (p === "crm" ? fc.oneof(crm, id) : id))).map((values) => params.reduce((out: string, p, i) => out.replace(`{${p}}`, values[i] || "x"), path));
}

function queryArbitrary(op: Schema): fc.Arbitrary<string> {
  const names = (op.parameters ?? []).map(resolve).filter((p: Schema) => p.in === "query").map((p: Schema) => p.name as string);
  if (!names.length) return fc.constantFrom("", "?x=1", "?__proto__=1");
  const value = fc.oneof(fc.constantFrom("", "-1", "0", "1e999", "9999999999999", "null", "%00", "é😀", "x".repeat(3000)), fc.string({ maxLength: 20 }).map(encodeURIComponent));
  return fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 }).map((pairs) => (pairs.length ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}` : ""));
}

/** The documented response for a status is not JSON (e.g. a webhook's SOAP acknowledgement). */
function documentedNonJson(op: Schema, status: number) {
  const content = resolve(op.responses?.[String(status)] ?? op.responses?.default)?.content;
  return content ? !Object.keys(content).some((t) => t.includes("json")) : false;
}

const isErrorShape = (json: any) =>
  json !== null &&
  typeof json === "object" &&
  Object.keys(json).length === 1 &&
  typeof json.error?.code === "string" &&
  typeof json.error?.message === "string" &&
  (json.error.issues === undefined || Array.isArray(json.error.issues));

beforeAll(async () => {
  const res = await call("GET", "/v1/openapi.json");
  doc = res.json;
  ops.push(...operationsOf(doc));
  team = await createTeam();
  const scenarioId = await insertScenario(env.DB);
  const lead = await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "hubspot", externalId: uniq("fz"), name: "Pat Buyer", company: "Acme", stage: "Discovery", status: "open" } });
  realIds.push(team.teamId, team.rep.id, team.manager.id, scenarioId);
  const leadId = lead.json?.lead?.id ?? lead.json?.id;
  if (typeof leadId === "string") realIds.push(leadId);
});

afterAll(() => {
  const total = [...sent.values()].reduce((a, b) => a + b, 0);
  const perOperation = [...sent.entries()].map(([k, n]) => `  ${n.toString().padStart(5)}  ${k}`).join("\n");
  console.log(`API fuzz: ${ops.length} operations, ${total} requests sent (${successes} × 2xx), ${fiveHundreds} × 5xx, ${badShapes} bad error shapes\n${perOperation}`);
});

describe("API fuzz (fixed seed)", () => {
  it("reads every operation from the OpenAPI document", () => {
    expect(ops.length).toBeGreaterThanOrEqual(40);
    expect(ops.some((o) => o.path.startsWith("/v1/webhooks/"))).toBe(true);
    expect(realIds).toHaveLength(5); // team, rep, manager, scenario, lead: real ids for the path parameters
  });

  it("answers every mutated request below 500, with the error shape on every JSON 4xx", async () => {
    const runsPerOperation = Math.max(1, Math.ceil(TOTAL / ops.length));
    for (const [index, { method, path, op }] of ops.entries()) {
      const name = `${method} ${path}`;
      const jsonBody = jsonBodySchema(doc, op);
      const valid = jsonBody ? sampleOf(doc, jsonBody) : undefined;
      const hasBody = method !== "GET";
      const token = fc.constantFrom(team.rep.token, team.rep2.token, team.manager.token, "test-admin-secret", undefined, ...BAD_TOKENS);
      const idempotencyKey = fc.option(fc.oneof(fc.uuid().map(String), fc.constantFrom(...ODD_KEYS)), { nil: undefined });
      const request = fc.record({
        path: pathArbitrary(path),
        query: queryArbitrary(op),
        token,
        idempotencyKey,
        body: hasBody ? bodyArbitrary(valid) : fc.constant<Body>({ kind: "none" }),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const headers: Record<string, string> = {};
          if (r.token !== undefined) headers.Authorization = r.token.startsWith("Bearer") ? r.token : `Bearer ${r.token}`;
          if (r.idempotencyKey !== undefined) headers["Idempotency-Key"] = r.idempotencyKey;
          const res = await call(method, r.path + r.query, { headers, body: r.body.body, raw: r.body.raw, contentType: r.body.contentType });
          sent.set(name, (sent.get(name) ?? 0) + 1);
          const what = `${name} → ${r.path}${r.query.slice(0, 80)} [${r.body.kind}] ${res.status} ${res.text.slice(0, 300)}`;
          if (res.status < 300) successes++;
          if (res.status >= 500) fiveHundreds++;
          expect(res.status, what).toBeLessThan(500);
          if (res.status >= 400 && !documentedNonJson(op, res.status)) {
            if (!isErrorShape(res.json)) badShapes++;
            expect(isErrorShape(res.json), what).toBe(true);
          }
        }),
        { seed: SEED + index, numRuns: runsPerOperation, endOnFailure: true },
      );
    }
    expect(sent.size).toBe(ops.length);
    expect(fiveHundreds + badShapes).toBe(0);
  }, 600_000);
});
