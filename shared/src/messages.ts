// Messages between the extension's parts: content scripts and extension pages ask, the background
// service worker (which owns the token, the network and the outbox) answers. Each message is one
// entry in `messages` (who may send it, request, answer); the background checks the sender, then
// parses the request; answers travel in a `MessageEnvelope`. Page scripts import only types from
// here (zod stays out of their bundles).
import { z } from "zod";
import { Nudge, NudgeList, PatchScenarioRequest, RecommendationList, ReviewItem, WeakAreaList } from "./adaptive.ts";
import { AnalyticsQuery, MyAnalytics, TeamAnalytics } from "./analytics.ts";
import { ExperimentReport, ExperimentSettings, PatchExperimentRequest } from "./experiment.ts";
import { Id, Timestamp, Url } from "./common.ts";
import { CrmFeature } from "./crmFeatures.ts";
import { ErrorIssue } from "./errors.ts";
import { RecordOutcomeRequest, UpsertLeadRequest } from "./leads.ts";
import { PendingOutcome } from "./integrations.ts";
import { Health, Vocabulary } from "./meta.ts";
import { Me } from "./team.ts";
import { AttemptResult, CreateAttemptRequest, PracticeSession, Scenario, ScenarioListQuery, ScenarioSummary, SessionTurnRequest, SessionTurnResult } from "./training.ts";
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

/**
 * Who may send a message. `crm-page`: a Deal Quest script in a tab showing a supported CRM (the
 * small CRM script, the lead UI). `extension-page`: Deal Quest's own pages (popup, side panel,
 * options, dashboard). The background checks this before it parses anything else.
 */
export const senderKinds = ["crm-page", "extension-page"] as const;
export type SenderKind = (typeof senderKinds)[number];

const CRM = ["crm-page"] as const;
const PAGES = ["extension-page"] as const;
const BOTH = ["crm-page", "extension-page"] as const;

interface Entry<S extends z.ZodRawShape, R extends z.ZodType> {
  /** Who may send it. */
  from: readonly SenderKind[];
  /** The request's fields besides `type`. */
  request: S;
  /** What it answers with. */
  result: R;
}
const entry = <S extends z.ZodRawShape, R extends z.ZodType>(from: readonly SenderKind[], request: S, result: R): Entry<S, R> => ({ from, request, result });
const opened = z.object({ opened: z.boolean() });
const hash = z.string().startsWith("#/").max(500);
const itemId = z.string().min(1).max(100);

/**
 * Every extension message, declared once: who may send it, its request, its answer. Adding a
 * message is one entry here and one handler in extension/background/handlers/ (the handler table
 * is exhaustive, so a missing one fails type-checking).
 */
export const messages = {
  /** From the small CRM content script on a record page: inject the lead UI into this tab. */
  "ui.inject": entry(CRM, {}, z.object({ injected: z.boolean() })),
  "settings.get": entry(PAGES, {}, SettingsView),
  "settings.save": entry(PAGES, { serverUrl: Url, token: z.string().trim().max(500).optional() }, SettingsView),
  "connection.test": entry(PAGES, { serverUrl: Url.optional(), token: z.string().trim().max(500).optional() }, ConnectionTest),
  "me.get": entry(PAGES, {}, cached(Me)),
  "vocabulary.get": entry(BOTH, {}, cached(Vocabulary)),
  /** A record page was read: remember it and upsert the lead (through the outbox). */
  "lead.seen": entry(CRM, { lead: UpsertLeadRequest }, LeadView),
  "lead.get": entry(CRM, { lead: LeadKey }, LeadView.nullable()),
  "lead.answer": entry(CRM, { lead: LeadKey, answers: LeadAnswers }, LeadView),
  "outcome.record": entry(BOTH, { lead: UpsertLeadRequest, outcome: RecordOutcomeRequest }, LeadView),
  /** The outcome popup opened by itself for this lead (counted: it asks again next visit, once). */
  "outcome.prompted": entry(CRM, { lead: LeadKey }, LeadView),
  "sync.summary": entry(BOTH, {}, SyncSummary),
  "outbox.list": entry(PAGES, {}, z.object({ items: z.array(OutboxItemView) })),
  "outbox.flush": entry(PAGES, {}, SyncSummary),
  "outbox.retry": entry(PAGES, { id: itemId }, SyncSummary),
  "outbox.discard": entry(PAGES, { id: itemId }, SyncSummary),
  "scenarios.list": entry(PAGES, { query: ScenarioListQuery }, cached(z.array(ScenarioSummary))),
  "scenario.get": entry(PAGES, { id: Id }, cached(Scenario)),
  "attempt.submit": entry(PAGES, { attempt: CreateAttemptRequest }, AttemptStatus),
  "attempt.status": entry(PAGES, { id: itemId }, AttemptStatus),
  /** Analytics (the manager's team, or the caller's own), cached for offline reading. */
  "analytics.team": entry(PAGES, { query: AnalyticsQuery }, cached(TeamAnalytics)),
  "analytics.me": entry(PAGES, { query: AnalyticsQuery }, cached(MyAnalytics)),
  /** Experiment mode (the manager's dashboard): the causal result, cached for offline reading; switching it on or off. */
  "experiment.get": entry(PAGES, {}, cached(ExperimentReport)),
  "experiment.set": entry(PAGES, { change: PatchExperimentRequest }, ExperimentSettings),
  /**
   * A practice conversation in the side panel. The buyer's next line comes from the worker (the rubric never
   * leaves it), so these go straight to the network: offline, they fail and the page keeps the typed answer;
   * a turn sent again returns its first result.
   */
  "session.start": entry(PAGES, { scenarioId: Id }, PracticeSession),
  "session.get": entry(PAGES, { id: Id }, PracticeSession),
  "session.turn": entry(PAGES, { id: Id, turn: SessionTurnRequest }, SessionTurnResult),
  /** Open the side panel on the sender's tab at a hash route (`#/scenario/…`). Needs a user gesture. */
  "sidepanel.open": entry(CRM, { hash }, opened),
  /** From an extension page (the popup): open the side panel on a tab or window at a hash route. Needs a user gesture. */
  "sidepanel.openAt": entry(PAGES, { hash, tabId: z.number().int().optional(), windowId: z.number().int().optional() }, opened),
  /** The side panel's and the popup's adaptive loop, cached for offline reading. */
  "weakAreas.get": entry(PAGES, {}, cached(WeakAreaList)),
  "recommendations.get": entry(PAGES, {}, cached(RecommendationList)),
  /** All open nudges ("Today"; ones acted on, dismissed or snoozed here are left out). */
  "nudges.list": entry(PAGES, {}, cached(NudgeList)),
  /** "Practice now" from the side panel or the popup: mark the nudge acted (outbox); the page opens the scenario. */
  "nudge.done": entry(PAGES, { id: Id }, QueuedAction),
  "nudge.dismiss": entry(PAGES, { id: Id }, QueuedAction),
  /** "Not now": hide the nudge for some hours (outbox). */
  "nudge.snooze": entry(PAGES, { id: Id, hours: z.number().int().min(1).max(24 * 14) }, QueuedAction),
  "pendingOutcomes.list": entry(PAGES, {}, cached(z.array(PendingOutcomeView))),
  /** Drafts to review: the team's (managers) or the caller's own. */
  "drafts.list": entry(PAGES, { scope: z.enum(["team", "mine"]) }, cached(z.array(DraftView))),
  "draft.save": entry(PAGES, { id: Id, patch: PatchScenarioRequest }, QueuedAction),
  "draft.publish": entry(PAGES, { id: Id }, QueuedAction),
  /** A closure a CRM webhook reported for this record that awaits the rep's answers (cached). */
  "lead.pending": entry(CRM, { lead: LeadKey }, cached(PendingOutcome.nullable())),
  /** The rep's open nudges about this lead (cached; ones acted on here are left out). */
  "lead.nudges": entry(CRM, { lead: LeadKey }, cached(z.array(Nudge))),
  /** "Practice now": open the side panel at the nudge's scenario (user gesture) and mark it acted (outbox). */
  "nudge.act": entry(CRM, { id: Id, scenarioId: Id, title: z.string().max(200).optional() }, opened),
  /** A won outcome the rep agreed to share: queue it, then the anonymized scenario draft after it. */
  "outcome.share": entry(BOTH, { lead: UpsertLeadRequest, outcome: RecordOutcomeRequest }, z.object({ lead: LeadView, draft: ScenarioDraftState })),
  /** The latest scenario draft queued for this lead, if any. */
  "lead.draft": entry(CRM, { lead: LeadKey }, ScenarioDraftState.nullable()),
  /** The record-page features switched off on this CRM (the kill switch, from the cached /v1/me): skipped on this visit. */
  "crm.featuresOff": entry(CRM, { crm: Crm }, z.object({ off: z.array(CrmFeature) })),
};
type Messages = typeof messages;

export type MessageType = keyof Messages;
export const messageTypes = Object.keys(messages) as MessageType[];
type RequestShape<T extends MessageType> = Messages[T]["request"] extends z.ZodRawShape ? Messages[T]["request"] : never;
export type MessageOf<T extends MessageType> = z.infer<z.ZodObject<{ type: z.ZodLiteral<T> } & RequestShape<T>>>;
export type ExtensionMessage = { [T in MessageType]: MessageOf<T> }[MessageType];
export type MessageResult<T extends MessageType> = z.infer<Messages[T]["result"]>;

/** The request schema of one message, `type` included (the background parses with it). */
export const messageRequests = Object.fromEntries(
  messageTypes.map((type) => [type, z.object({ type: z.literal(type), ...messages[type].request })]),
) as unknown as { [T in MessageType]: z.ZodType<MessageOf<T>> };

/** Any message (the background looks up the entry first; this is for tests and tools). */
export const ExtensionMessage = z.discriminatedUnion(
  "type",
  messageTypes.map((t) => messageRequests[t]) as unknown as [z.ZodObject<{ type: z.ZodLiteral<MessageType> }>, ...z.ZodObject<{ type: z.ZodLiteral<MessageType> }>[]],
);

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
export const PageBroadcast = z.discriminatedUnion("type", [z.object({ type: z.literal("sidepanel.navigate"), hash })]);
export type PageBroadcast = z.infer<typeof PageBroadcast>;
