// Messages between the extension's parts: content scripts and extension pages ask, the background
// service worker (which owns the token, the network and the outbox) answers. The background parses
// every request with `ExtensionMessage`; answers travel in a `MessageResult` envelope.
import { z } from "zod";
import { Nudge, NudgeList, PatchScenarioRequest, RecommendationList, ReviewItem, WeakAreaList } from "./adaptive.ts";
import { AnalyticsQuery, MyAnalytics, TeamAnalytics } from "./analytics.ts";
import { Id, Timestamp, Url } from "./common.ts";
import { ErrorIssue } from "./errors.ts";
import { RecordOutcomeRequest, UpsertLeadRequest } from "./leads.ts";
import { PendingOutcome } from "./integrations.ts";
import { Health, Vocabulary } from "./meta.ts";
import { Me } from "./team.ts";
import { AttemptResult, CreateAttemptRequest, Scenario, ScenarioListQuery, ScenarioSummary } from "./training.ts";
import { Crm, LeadStatus, Persona, Result } from "./vocabulary.ts";

/** A lead's identity in its CRM: what a record page's URL tells us. */
export const LeadKey = z.object({ crm: Crm, externalId: z.string().trim().min(1).max(128) });
export type LeadKey = z.infer<typeof LeadKey>;

/** What the rep typed in for fields the page did not show (or showed unreadably). */
export const LeadAnswers = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  company: z.string().trim().min(1).max(200).optional(),
  amount: z.number().finite().nonnegative().max(1e12).optional(),
  persona: Persona.optional(),
});
export type LeadAnswers = z.infer<typeof LeadAnswers>;

// ── Outbox and sync ────────────────────────────────────────────────────────────────────────────

export const outboxKinds = ["lead.upsert", "outcome.record", "attempt.create", "scenario.draft", "nudge.act", "nudge.dismiss", "nudge.snooze", "scenario.update", "scenario.publish"] as const;
export const OutboxKind = z.enum(outboxKinds);
export type OutboxKind = z.infer<typeof OutboxKind>;

export const outboxStates = ["waiting", "failed", "sent"] as const;
export const OutboxState = z.enum(outboxStates);
export type OutboxState = z.infer<typeof OutboxState>;

export const SyncError = z.object({
  /** HTTP status; 0 when the server could not be reached. */
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  issues: z.array(ErrorIssue).optional(),
});
export type SyncError = z.infer<typeof SyncError>;

/** One queued mutation, as the UI lists it. */
export const OutboxItemView = z.object({
  id: z.string(),
  kind: OutboxKind,
  /** What it is, in a rep's words ("Outcome for Acme — won"). */
  label: z.string(),
  state: OutboxState,
  attempts: z.number().int(),
  createdAt: Timestamp,
  nextAttemptAt: Timestamp.nullable(),
  lastError: SyncError.nullable(),
});
export type OutboxItemView = z.infer<typeof OutboxItemView>;

/** Why nothing is being sent right now, if that is the case. */
export const syncPauses = ["none", "no_token", "unauthorized", "offline"] as const;

/** The outbox at a glance; the background also mirrors it into storage (`dq:sync`) for live UIs. */
export const SyncSummary = z.object({
  waiting: z.number().int(),
  failed: z.number().int(),
  paused: z.enum(syncPauses),
  lastSyncAt: Timestamp.nullable(),
  lastError: SyncError.nullable(),
  /**
   * Items another account (token) queued in this browser: kept, and sent only once its token is
   * back; counted here, never listed to whoever is signed in now. Absent from older backgrounds.
   */
  otherAccounts: z.object({ items: z.number().int(), servers: z.array(z.string()) }).optional(),
});
export type SyncSummary = z.infer<typeof SyncSummary>;

// ── Leads as the extension knows them ──────────────────────────────────────────────────────────

export const LeadView = z.object({
  crm: Crm,
  externalId: z.string(),
  /** The worker's id once it has acknowledged the lead. */
  serverId: Id.nullable(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  stage: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  persona: Persona.nullable(),
  status: LeadStatus,
  /** The rep's outcome answers for this lead, once given (synced or still waiting). */
  outcome: z.object({ result: Result, recordedAt: Timestamp, state: OutboxState }).nullable(),
  /** How many times the outcome popup opened by itself (it asks again on the next visit, once). */
  autoPrompts: z.number().int(),
  /** Outbox items for this lead that the worker has not acknowledged yet. */
  waiting: z.number().int(),
  syncedAt: Timestamp.nullable(),
});
export type LeadView = z.infer<typeof LeadView>;

// ── Settings ───────────────────────────────────────────────────────────────────────────────────

export const SettingsView = z.object({
  serverUrl: z.string(),
  defaultServerUrl: z.string(),
  hasToken: z.boolean(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const ConnectionTest = z.object({
  ok: z.boolean(),
  server: Health.pick({ version: true, migrations: true }).nullable(),
  member: z.object({ name: z.string(), role: z.string(), team: z.string() }).nullable(),
  error: SyncError.nullable(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

// ── Training ───────────────────────────────────────────────────────────────────────────────────

/** Server data read through the background, from the network or, offline, from its cache. */
const cached = <T extends z.ZodType>(data: T) => z.object({ data, offline: z.boolean(), cachedAt: Timestamp.nullable() });

export const AttemptStatus = z.discriminatedUnion("status", [
  z.object({ status: z.literal("scored"), id: z.string(), result: AttemptResult }),
  /** Saved in the outbox; it will be scored when the worker is reachable. */
  z.object({ status: z.literal("queued"), id: z.string() }),
  z.object({ status: z.literal("failed"), id: z.string(), error: SyncError }),
]);
export type AttemptStatus = z.infer<typeof AttemptStatus>;

// ── The adaptive loop on a record page ─────────────────────────────────────────────────────────

/** The team scenario a rep agreed to make from a won deal, as the outbox knows it. */
export const ScenarioDraftState = z.object({
  state: OutboxState,
  /** The draft the worker made (once it did). */
  scenario: z.object({ id: Id, title: z.string() }).nullable(),
  /** Why it waits or failed, in the server's words. */
  error: SyncError.nullable(),
});
export type ScenarioDraftState = z.infer<typeof ScenarioDraftState>;

// ── The adaptive loop in the side panel, the popup and the review queue ───────────────────────

/** A CRM-reported closure awaiting the rep's answers, and the state of answers already saved in this browser. */
export const PendingOutcomeView = PendingOutcome.extend({ answered: OutboxState.nullable() });
export type PendingOutcomeView = z.infer<typeof PendingOutcomeView>;

/** A draft in the review queue, with this browser's edits the worker has not acknowledged yet applied. */
export const DraftView = ReviewItem.extend({ unsynced: z.array(z.enum(["save", "publish"])) });
export type DraftView = z.infer<typeof DraftView>;

/** What became of a nudge action or a draft's save or publish: done, waiting in the outbox, or refused. */
export const QueuedAction = z.discriminatedUnion("status", [
  z.object({ status: z.literal("done"), id: z.string() }),
  z.object({ status: z.literal("queued"), id: z.string() }),
  z.object({ status: z.literal("failed"), id: z.string(), error: SyncError }),
]);
export type QueuedAction = z.infer<typeof QueuedAction>;

// ── The messages ───────────────────────────────────────────────────────────────────────────────

const msg = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), ...shape });

export const ExtensionMessage = z.discriminatedUnion("type", [
  /** From the small CRM content script on a record page: inject the lead UI into this tab. */
  msg("ui.inject", {}),
  msg("settings.get", {}),
  msg("settings.save", { serverUrl: Url, token: z.string().trim().max(500).optional() }),
  msg("connection.test", { serverUrl: Url.optional(), token: z.string().trim().max(500).optional() }),
  msg("me.get", {}),
  msg("vocabulary.get", {}),
  /** A record page was read: remember it and upsert the lead (through the outbox). */
  msg("lead.seen", { lead: UpsertLeadRequest }),
  msg("lead.get", { lead: LeadKey }),
  msg("lead.answer", { lead: LeadKey, answers: LeadAnswers }),
  msg("outcome.record", { lead: UpsertLeadRequest, outcome: RecordOutcomeRequest }),
  /** The outcome popup opened by itself for this lead (counted: it asks again next visit, once). */
  msg("outcome.prompted", { lead: LeadKey }),
  msg("sync.summary", {}),
  msg("outbox.list", {}),
  msg("outbox.flush", {}),
  msg("outbox.retry", { id: z.string().min(1).max(100) }),
  msg("outbox.discard", { id: z.string().min(1).max(100) }),
  msg("scenarios.list", { query: ScenarioListQuery }),
  msg("scenario.get", { id: Id }),
  msg("attempt.submit", { attempt: CreateAttemptRequest }),
  msg("attempt.status", { id: z.string().min(1).max(100) }),
  /** Analytics (the manager's team, or the caller's own), cached for offline reading. */
  msg("analytics.team", { query: AnalyticsQuery }),
  msg("analytics.me", { query: AnalyticsQuery }),
  /** Open the side panel on the sender's tab at a hash route (`#/scenario/…`). Needs a user gesture. */
  msg("sidepanel.open", { hash: z.string().startsWith("#/").max(500) }),
  /** From an extension page (the popup): open the side panel on a tab or window at a hash route. Needs a user gesture. */
  msg("sidepanel.openAt", { hash: z.string().startsWith("#/").max(500), tabId: z.number().int().optional(), windowId: z.number().int().optional() }),
  /** The side panel's and the popup's adaptive loop, cached for offline reading. */
  msg("weakAreas.get", {}),
  msg("recommendations.get", {}),
  /** All open nudges ("Today"; ones acted on, dismissed or snoozed here are left out). */
  msg("nudges.list", {}),
  /** "Practice now" from the side panel or the popup: mark the nudge acted (outbox); the page opens the scenario. */
  msg("nudge.done", { id: Id }),
  msg("nudge.dismiss", { id: Id }),
  /** "Not now": hide the nudge for some hours (outbox). */
  msg("nudge.snooze", { id: Id, hours: z.number().int().min(1).max(24 * 14) }),
  msg("pendingOutcomes.list", {}),
  /** Drafts to review: the team's (managers) or the caller's own. */
  msg("drafts.list", { scope: z.enum(["team", "mine"]) }),
  msg("draft.save", { id: Id, patch: PatchScenarioRequest }),
  msg("draft.publish", { id: Id }),
  /** A closure a CRM webhook reported for this record that awaits the rep's answers (cached). */
  msg("lead.pending", { lead: LeadKey }),
  /** The rep's open nudges about this lead (cached; ones acted on here are left out). */
  msg("lead.nudges", { lead: LeadKey }),
  /** "Practice now": open the side panel at the nudge's scenario (user gesture) and mark it acted (outbox). */
  msg("nudge.act", { id: Id, scenarioId: Id, title: z.string().max(200).optional() }),
  /** A won outcome the rep agreed to share: queue it, then the anonymized scenario draft after it. */
  msg("outcome.share", { lead: UpsertLeadRequest, outcome: RecordOutcomeRequest }),
  /** The latest scenario draft queued for this lead, if any. */
  msg("lead.draft", { lead: LeadKey }),
]);
export type ExtensionMessage = z.infer<typeof ExtensionMessage>;
export type MessageType = ExtensionMessage["type"];
export type MessageOf<T extends MessageType> = Extract<ExtensionMessage, { type: T }>;

/** What each message answers with. */
export const messageResults = {
  "ui.inject": z.object({ injected: z.boolean() }),
  "settings.get": SettingsView,
  "settings.save": SettingsView,
  "connection.test": ConnectionTest,
  "me.get": cached(Me),
  "vocabulary.get": cached(Vocabulary),
  "lead.seen": LeadView,
  "lead.get": LeadView.nullable(),
  "lead.answer": LeadView,
  "outcome.record": LeadView,
  "outcome.prompted": LeadView,
  "sync.summary": SyncSummary,
  "outbox.list": z.object({ items: z.array(OutboxItemView) }),
  "outbox.flush": SyncSummary,
  "outbox.retry": SyncSummary,
  "outbox.discard": SyncSummary,
  "scenarios.list": cached(z.array(ScenarioSummary)),
  "scenario.get": cached(Scenario),
  "attempt.submit": AttemptStatus,
  "attempt.status": AttemptStatus,
  "analytics.team": cached(TeamAnalytics),
  "analytics.me": cached(MyAnalytics),
  "sidepanel.open": z.object({ opened: z.boolean() }),
  "sidepanel.openAt": z.object({ opened: z.boolean() }),
  "weakAreas.get": cached(WeakAreaList),
  "recommendations.get": cached(RecommendationList),
  "nudges.list": cached(NudgeList),
  "nudge.done": QueuedAction,
  "nudge.dismiss": QueuedAction,
  "nudge.snooze": QueuedAction,
  "pendingOutcomes.list": cached(z.array(PendingOutcomeView)),
  "drafts.list": cached(z.array(DraftView)),
  "draft.save": QueuedAction,
  "draft.publish": QueuedAction,
  "lead.pending": cached(PendingOutcome.nullable()),
  "lead.nudges": cached(z.array(Nudge)),
  "nudge.act": z.object({ opened: z.boolean() }),
  "outcome.share": z.object({ lead: LeadView, draft: ScenarioDraftState }),
  "lead.draft": ScenarioDraftState.nullable(),
} satisfies { [K in MessageType]: z.ZodType };
export type MessageResult<T extends MessageType> = z.infer<(typeof messageResults)[T]>;

export const MessageFailure = z.object({
  code: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  issues: z.array(ErrorIssue).optional(),
});
export type MessageFailure = z.infer<typeof MessageFailure>;

/** The envelope every answer travels in. */
export type MessageEnvelope<T extends MessageType> = { ok: true; data: MessageResult<T> } | { ok: false; error: MessageFailure };

/** Pushed by the background to open extension pages (the side panel follows "Practice" clicks). */
export const PageBroadcast = z.discriminatedUnion("type", [msg("sidepanel.navigate", { hash: z.string().startsWith("#/").max(500) })]);
export type PageBroadcast = z.infer<typeof PageBroadcast>;
