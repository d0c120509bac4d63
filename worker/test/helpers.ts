// Test helpers: call the worker like a client would, and set up teams and members through the API.
import { createExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import worker from "../src/index.ts";
import type { CreateMemberResponse, CreateTeamResponse } from "@dq/shared";

export const ADMIN = "test-admin-secret";
export const BASE = "http://dq.test";

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body text or bytes (sent as is, with Content-Type: application/json unless `contentType` says otherwise). */
  raw?: string | Uint8Array;
  contentType?: string | null;
  idempotencyKey?: string;
  headers?: Record<string, string>;
  /** Run the request on this moment of the worker's clock (DQ_CLOCK_OFFSET_MS) instead of the real one. */
  at?: Date;
  /** Bindings to put in place of the test environment's for this request (e.g. a recording `DB`). */
  bindings?: Partial<Cloudflare.Env>;
}

export async function call(method: string, path: string, opts: CallOptions = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
  let body: string | Uint8Array | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && opts.contentType !== null) headers["Content-Type"] = opts.contentType ?? "application/json";
  const request = new Request(`${BASE}${path}`, { method, headers, body });
  const res =
    opts.at || opts.bindings
      ? await worker.fetch(request, { ...env, ...opts.bindings, ...(opts.at ? { DQ_CLOCK_OFFSET_MS: String(opts.at.getTime() - Date.now()) } : {}) }, createExecutionContext())
      : await exports.default.fetch(request);
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json, text, headers: res.headers };
}

let n = 0;
export function uniq(prefix = "x") {
  n += 1;
  return `${prefix}${n}-${crypto.randomUUID().slice(0, 8)}`;
}

export interface TestTeam {
  teamId: string;
  manager: { id: string; token: string };
  rep: { id: string; token: string };
  rep2: { id: string; token: string };
}

/** A team with a manager and two reps, created through the API (`people` names them). */
export async function createTeam(name = uniq("Team "), people: { manager?: string; rep?: string; rep2?: string } = {}): Promise<TestTeam> {
  const manager = { name: people.manager ?? "Morgan Manager", email: `${uniq("m")}@example.com` };
  const created = await call("POST", "/v1/teams", { token: ADMIN, body: { name, manager } });
  if (created.status !== 201) throw new Error(`team creation failed: ${created.status} ${created.text}`);
  const team = created.json as CreateTeamResponse;
  const invite = async (who: string) => {
    const res = await call("POST", "/v1/team/members", { token: team.token, body: { name: who, email: `${uniq("r")}@example.com`, role: "rep" } });
    if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${res.text}`);
    const m = res.json as CreateMemberResponse;
    return { id: m.member.id, token: m.token };
  };
  return { teamId: team.team.id, manager: { id: team.manager.id, token: team.token }, rep: await invite(people.rep ?? "Riley Rep"), rep2: await invite(people.rep2 ?? "Quinn Rep") };
}

/** Inserts a published global scenario directly (the library migration may change; tests own their data). */
export async function insertScenario(db: D1Database, overrides: Partial<Record<string, string | null>> = {}) {
  const id = overrides.id ?? uniq("sc_");
  const rubric = [
    { id: "trigger", point: "Name the trigger event", weight: 3, phrases: ["series b", "funding round"], synonyms: ["raised", "new funding"], tip: "Mention their funding." },
    { id: "value", point: "Tie to a business outcome", weight: 2, phrases: ["reduce churn", "save time"], synonyms: ["cut costs"], tip: "Say what they gain." },
    { id: "ask", point: "Ask for a short call", weight: 2, phrases: ["15 minute call", "quick call"], synonyms: ["short chat"], tip: "Ask for a call." },
  ];
  await db
    .prepare(
      `INSERT INTO scenarios (id, team_id, slug, source, status, title, category, difficulty, persona, industry, situation, buyer_line, ideal_response, rubric, created_at, updated_at)
       VALUES (?, ?, ?, 'library', 'published', ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      id,
      overrides.team_id ?? null,
      overrides.slug ?? id,
      overrides.title ?? "CFO after a Series B",
      overrides.category ?? "cold_outreach",
      overrides.difficulty ?? "medium",
      overrides.persona ?? "executive",
      "Dana is CFO at a logistics startup that just raised a Series B.",
      "We just raised and everyone is pitching me. Why should I talk to you?",
      "Congrats on the Series B. Teams that just raised often need to save time on reporting; we helped a peer reduce churn by 12%. Would a quick 15 minute call Thursday work?",
      JSON.stringify(rubric),
      "2026-01-01T00:00:00.000Z",
      "2026-01-01T00:00:00.000Z",
    )
    .run();
  return id;
}
