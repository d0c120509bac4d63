// The typed client for the Deal Quest worker. Every response body is parsed with its shared schema;
// every failure becomes an `ApiError` with the worker's code and message (status 0: unreachable).
import { z } from "zod";
import {
  ApiError as ApiErrorBody,
  MyAnalytics,
  TeamAnalytics,
  type AnalyticsQuery,
  AttemptResult,
  CreateScenarioDraftResponse,
  Health,
  Lead,
  LeadList,
  Me,
  Nudge,
  NudgeResponse,
  Outcome,
  PendingOutcomeList,
  RecordOutcomeResponse,
  Scenario,
  ScenarioList,
  UpsertLeadResponse,
  Vocabulary,
  type CreateAttemptRequest,
  type ErrorIssue,
  type CreateScenarioDraftRequest,
  type LeadListQuery,
  type PendingOutcomesQuery,
  type RecordOutcomeRequest,
  type ScenarioListQuery,
  type SyncError,
  type UpsertLeadRequest,
} from "@dq/shared";
// The adaptive loop's reads and the review queue (side panel, popup).
import { EditableScenarioResponse, NudgeList, RecommendationList, ScenarioDraftList, WeakAreaList, type PatchScenarioRequest, type SnoozeNudgeRequest } from "@dq/shared";
// Experiment mode (dashboard) and practice conversations (side panel).
import { ExperimentReport, ExperimentSettings, PracticeSession, SessionTurnResult, type PatchExperimentRequest, type SessionTurnRequest, type StartSessionRequest } from "@dq/shared";

export class ApiError extends Error {
  constructor(
    /** HTTP status; 0 when the server could not be reached (or no token is set). */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: ErrorIssue[],
    /** From Retry-After, when the server sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toSyncError(): SyncError {
    return { status: this.status, code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

export interface ApiOptions {
  baseUrl: string;
  token: string | null;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const LeadWithOutcomes = z.object({ lead: Lead, outcomes: z.array(Outcome), nudges: z.array(Nudge) });

export class DealQuestApi {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: ApiOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  health() {
    return this.request("GET", "/v1/health", Health, { auth: false });
  }
  me() {
    return this.request("GET", "/v1/me", Me);
  }
  vocabulary() {
    return this.request("GET", "/v1/vocabulary", Vocabulary);
  }
  upsertLead(body: UpsertLeadRequest, idempotencyKey: string) {
    return this.request("PUT", "/v1/leads", UpsertLeadResponse, { body, idempotencyKey });
  }
  listLeads(query: Partial<LeadListQuery>) {
    return this.request("GET", `/v1/leads${qs(query)}`, LeadList);
  }
  lead(id: string) {
    return this.request("GET", `/v1/leads/${encodeURIComponent(id)}`, LeadWithOutcomes);
  }
  recordOutcome(leadId: string, body: RecordOutcomeRequest | string, idempotencyKey: string) {
    return this.request("POST", `/v1/leads/${encodeURIComponent(leadId)}/outcomes`, RecordOutcomeResponse, { body, idempotencyKey });
  }
  /** Closures a CRM webhook reported that await the caller's answers (`crm` + `externalId`: one record). */
  pendingOutcomes(query: PendingOutcomesQuery) {
    return this.request("GET", `/v1/me/pending-outcomes${qs(query)}`, PendingOutcomeList);
  }
  actOnNudge(nudgeId: string, idempotencyKey: string) {
    return this.request("POST", `/v1/nudges/${encodeURIComponent(nudgeId)}/act`, NudgeResponse, { idempotencyKey });
  }
  createScenarioDraft(leadId: string, body: CreateScenarioDraftRequest | string, idempotencyKey: string) {
    return this.request("POST", `/v1/leads/${encodeURIComponent(leadId)}/scenario-drafts`, CreateScenarioDraftResponse, { body, idempotencyKey });
  }
  weakAreas() {
    return this.request("GET", "/v1/me/weak-areas", WeakAreaList);
  }
  recommendations(limit = 20) {
    return this.request("GET", `/v1/me/recommendations${qs({ limit })}`, RecommendationList);
  }
  nudges() {
    return this.request("GET", "/v1/me/nudges", NudgeList);
  }
  dismissNudge(nudgeId: string, idempotencyKey: string) {
    return this.request("POST", `/v1/nudges/${encodeURIComponent(nudgeId)}/dismiss`, NudgeResponse, { idempotencyKey });
  }
  snoozeNudge(nudgeId: string, body: SnoozeNudgeRequest | string, idempotencyKey: string) {
    return this.request("POST", `/v1/nudges/${encodeURIComponent(nudgeId)}/snooze`, NudgeResponse, { body, idempotencyKey });
  }
  /** The manager's review queue (every draft of the team), or the caller's own drafts. */
  scenarioDrafts(scope: "team" | "mine") {
    return this.request("GET", scope === "team" ? "/v1/team/scenario-drafts" : "/v1/me/scenario-drafts", ScenarioDraftList);
  }
  patchScenario(id: string, body: PatchScenarioRequest | string, idempotencyKey: string) {
    return this.request("PATCH", `/v1/scenarios/${encodeURIComponent(id)}`, EditableScenarioResponse, { body, idempotencyKey });
  }
  publishScenario(id: string, idempotencyKey: string) {
    return this.request("POST", `/v1/scenarios/${encodeURIComponent(id)}/publish`, EditableScenarioResponse, { idempotencyKey });
  }
  scenarios(query: ScenarioListQuery) {
    return this.request("GET", `/v1/scenarios${qs(query)}`, ScenarioList);
  }
  scenario(id: string) {
    return this.request("GET", `/v1/scenarios/${encodeURIComponent(id)}`, Scenario);
  }
  createAttempt(body: CreateAttemptRequest | string, idempotencyKey: string) {
    return this.request("POST", "/v1/training/attempts", AttemptResult, { body, idempotencyKey });
  }
  teamAnalytics(query: AnalyticsQuery) {
    return this.request("GET", `/v1/team/analytics${qs(query)}`, TeamAnalytics);
  }
  myAnalytics(query: AnalyticsQuery) {
    return this.request("GET", `/v1/me/analytics${qs(query)}`, MyAnalytics);
  }
  experiment() {
    return this.request("GET", "/v1/team/experiment", ExperimentReport);
  }
  patchExperiment(body: PatchExperimentRequest) {
    return this.request("PATCH", "/v1/team/experiment", ExperimentSettings, { body, idempotencyKey: crypto.randomUUID() });
  }
  startSession(body: StartSessionRequest) {
    return this.request("POST", "/v1/training/sessions", PracticeSession, { body, idempotencyKey: crypto.randomUUID() });
  }
  session(id: string) {
    return this.request("GET", `/v1/training/sessions/${encodeURIComponent(id)}`, PracticeSession);
  }
  /** Answers a turn; sending the same turn again returns its first result (the worker keys turns by number). */
  sessionTurn(id: string, body: SessionTurnRequest) {
    return this.request("POST", `/v1/training/sessions/${encodeURIComponent(id)}/turns`, SessionTurnResult, { body });
  }

  /** One request: `body` may be pre-serialised (the outbox resends the exact bytes). */
  async request<T extends z.ZodType>(
    method: string,
    path: string,
    schema: T,
    opts: { body?: unknown; idempotencyKey?: string; auth?: boolean } = {},
  ): Promise<z.infer<T>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (opts.auth !== false) {
      if (!this.opts.token) throw new ApiError(0, "no_token", "Add your Deal Quest token in the extension's options.");
      headers.Authorization = `Bearer ${this.opts.token}`;
    }
    if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
    const url = `${this.baseUrl}${path}`;
    let res: Response;
    try {
      res = await this.fetchFn(url, { method, headers, body, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000) });
    } catch (err) {
      const timedOut = (err as Error)?.name === "TimeoutError";
      throw new ApiError(0, timedOut ? "timeout" : "network", timedOut ? `The Deal Quest server at ${this.baseUrl} did not answer in time.` : `Could not reach the Deal Quest server at ${this.baseUrl}.`);
    }
    const text = await res.text().catch(() => "");
    let json: unknown ;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: handled below
    }
    if (!res.ok) {
      const parsed = ApiErrorBody.safeParse(json);
      const retryAfter = retryAfterMs(res.headers.get("Retry-After"));
      if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.issues, retryAfter);
      throw new ApiError(res.status, "http_error", `${`The server answered ${res.status} ${res.statusText}`.trim()}.`, undefined, retryAfter);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiError(res.status, "bad_response", `Unexpected answer from ${method} ${path}: ${parsed.error.issues[0]?.message ?? "not JSON"}.`);
    return parsed.data;
  }
}

function qs(query: object): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** Any thrown value as an ApiError (a bug in our code is reported, retried, never swallowed). */
export function asApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError(0, "client_error", err instanceof Error ? err.message : String(err));
}
