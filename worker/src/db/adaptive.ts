// Reads and row shapes of the adaptive loop: a rep's practice, deals and open leads in one batch
// (weak areas, recommendations, nudges), nudges, knowledge, editable scenarios.
import { type EditableScenario, type KnowledgeItem, type Nudge, type ScenarioSummary, scenarioLink, DAY_MS } from "@dq/shared";
import type { DealRecord, DealTally, PracticeAttempt } from "../domain/weakAreas.ts";
import type { Db } from "./client.ts";
import { SCENARIO_SUMMARY_COLUMNS, type ScenarioRow, pitfallsOf, rubricOf, toScenarioSummary } from "./rows.ts";

export const isoDaysAgo = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

/** The latest outcome of each lead is how the deal ended (outcomes are append-only). */
const LATEST_OUTCOME = "o.created_at = (SELECT max(o2.created_at) FROM outcomes o2 WHERE o2.lead_id = o.lead_id)";

/**
 * Team-wide deal counts look back a year, in whole calendar months (from the first of the month a year ago): they are
 * read from the team's running tallies (deal_running, migration 0014), a few rows per funnel combination, whatever the
 * team's history. A rep's own window is their last deals.
 */
export const TEAM_LOOKBACK_DAYS = 365;

// ── A rep's situation ─────────────────────────────────────────────────────────────────────────

export interface RepDeal extends DealRecord {
  leadId: string;
  leadName: string | null;
  persona: ScenarioSummary["persona"] | null;
  recordedAt: string;
}

export interface OpenLeadRow {
  id: string;
  owner_id: string | null;
  name: string | null;
  company: string | null;
  persona: ScenarioSummary["persona"] | null;
  industry: ScenarioSummary["industry"] | null;
  activity_at: string;
}

export interface RepContext {
  attempts: PracticeAttempt[];
  deals: RepDeal[];
  teamTallies: DealTally[];
  openLeads: OpenLeadRow[];
  team: { openLeads: number; staleOpenLeads: number };
}

interface AttemptRow {
  member_id?: string;
  scenario_id: string;
  score: number;
  created_at: string;
  category: PracticeAttempt["category"];
  difficulty: PracticeAttempt["difficulty"];
}

interface DealRow {
  member_id?: string;
  lead_id: string;
  responded: number;
  meeting_booked: number;
  result: DealRecord["result"];
  lost_reason: DealRecord["lostReason"];
  closed_at: string;
  created_at: string;
  name: string | null;
  company: string | null;
  persona: RepDeal["persona"];
  industry?: ScenarioSummary["industry"] | null;
  tactics?: string;
}

/** A tally's key is responded|meeting_booked|result|lost_reason ('' = none). */
interface TallyRow {
  key: string;
  n: number;
}

const toTally = (r: TallyRow): DealTally => {
  const [responded, meetingBooked, result, lostReason] = r.key.split("|");
  return {
    responded: responded === "1",
    meetingBooked: meetingBooked === "1",
    result: result as DealRecord["result"],
    lostReason: (lostReason || null) as DealRecord["lostReason"],
    n: r.n,
  };
};

/** A lead's display name for messages: its company, else its record name. */
export const leadLabel = (r: { company: string | null; name: string | null }) => r.company ?? r.name ?? null;

export const toPracticeAttempt = (r: AttemptRow): PracticeAttempt => ({ scenarioId: r.scenario_id, category: r.category, difficulty: r.difficulty, score: r.score, at: r.created_at });

export const toRepDeal = (r: DealRow): RepDeal => ({
  leadId: r.lead_id,
  leadName: leadLabel(r),
  persona: r.persona,
  responded: r.responded === 1,
  meetingBooked: r.meeting_booked === 1,
  result: r.result,
  lostReason: r.lost_reason,
  closedAt: r.closed_at,
  recordedAt: r.created_at,
});

export function talliesOf(deals: Pick<DealRecord, "responded" | "meetingBooked" | "result" | "lostReason">[]): DealTally[] {
  const m = new Map<string, DealTally>();
  for (const d of deals) {
    const key = `${d.responded}|${d.meetingBooked}|${d.result}|${d.lostReason}`;
    const t = m.get(key) ?? { responded: d.responded, meetingBooked: d.meetingBooked, result: d.result, lostReason: d.lostReason, n: 0 };
    t.n += 1;
    m.set(key, t);
  }
  return [...m.values()];
}

const TALLY_KEY = "r.team_id = k.team_id AND r.member_id = '' AND r.dim = 'tally' AND r.key = k.key";

/** Five statements, one round trip: the rep's practice, deals, open leads, and the team's funnel. */
export function repContextStatements(db: Db, memberId: string, teamId: string, now: Date, staleLeadDays: number): D1PreparedStatement[] {
  return [
    db.stmt(
      // Category and difficulty are stored on each attempt (migration 0014): no read of the scenario per attempt.
      `SELECT scenario_id, score, created_at, category, difficulty FROM attempts WHERE member_id = ? ORDER BY created_at DESC LIMIT 400`,
      memberId,
    ),
    db.stmt(
      `SELECT d.lead_id, d.responded, d.meeting_booked, d.result, d.lost_reason, d.closed_at, d.answered_at AS created_at, l.name, l.company, l.persona
       FROM deals d JOIN leads l ON l.id = d.lead_id WHERE d.member_id = ? ORDER BY d.closed_at DESC LIMIT 60`,
      memberId,
    ),
    // Per tally: the running total now less the running total before the lookback (migration 0014): three rows each.
    db.stmt(
      `SELECT k.key, (SELECT r.n FROM deal_running r WHERE ${TALLY_KEY} ORDER BY r.day DESC LIMIT 1)
         - coalesce((SELECT r.n FROM deal_running r WHERE ${TALLY_KEY} AND r.day < ?2 ORDER BY r.day DESC LIMIT 1), 0) AS n
       FROM deal_keys k WHERE k.team_id = ?1 AND k.member_id = '' AND k.dim = 'tally'`,
      teamId,
      `${isoDaysAgo(now, TEAM_LOOKBACK_DAYS).slice(0, 7)}-01`,
    ),
    db.stmt(
      `SELECT id, owner_id, name, company, persona, industry, coalesce(activity_at, updated_at) AS activity_at FROM leads
       WHERE owner_id = ? AND status = 'open' ORDER BY activity_at LIMIT 500`,
      memberId,
    ),
    // The team's open leads from their counts (open_lead_days, migration 0011): the total, less those moved after the
    // cutoff (the days after its day, and its day's leads moved after it) = the stale ones, exactly, in ~staleLeadDays
    // rows plus one day's leads (activity_at is set on insert by a trigger, so it is never null once stored).
    db.stmt(
      `SELECT t.n AS open, t.n - coalesce((SELECT sum(n) FROM open_lead_days WHERE team_id = ?1 AND day > ?3), 0)
         - (SELECT count(*) FROM leads WHERE team_id = ?1 AND status = 'open' AND activity_at > ?2 AND activity_at < date(?3, '+1 day')) AS stale
       FROM (SELECT coalesce((SELECT n FROM open_lead_days WHERE team_id = ?1 AND day = ''), 0) AS n) t`,
      teamId,
      isoDaysAgo(now, staleLeadDays),
      isoDaysAgo(now, staleLeadDays).slice(0, 10),
    ),
  ];
}

export function readRepContext(results: D1Result[]): RepContext {
  const [attempts, deals, tallies, open, teamOpen] = results as D1Result<never>[];
  const t = (teamOpen!.results[0] as { open: number; stale: number } | undefined) ?? { open: 0, stale: 0 };
  return {
    attempts: (attempts!.results as AttemptRow[]).map(toPracticeAttempt),
    deals: (deals!.results as DealRow[]).map(toRepDeal),
    teamTallies: (tallies!.results as TallyRow[]).filter((r) => r.n > 0).map(toTally),
    openLeads: open!.results as OpenLeadRow[],
    team: { openLeads: t.open, staleOpenLeads: t.stale },
  };
}

/** The published pool a member may practise: the global library and the team's own. */
export function publishedScenariosStatement(db: Db, teamId: string): D1PreparedStatement {
  return db.stmt(`SELECT ${SCENARIO_SUMMARY_COLUMNS} FROM scenarios WHERE status = 'published' AND (team_id IS NULL OR team_id = ?) LIMIT 5000`, teamId);
}

export const readScenarios = (r: D1Result) => (r.results as unknown as ScenarioRow[]).map(toScenarioSummary);

// ── Team-wide reads for the schedule ──────────────────────────────────────────────────────────

export interface TeamContext {
  reps: { id: string; created_at: string; last_practiced_at: string | null }[];
  attempts: (PracticeAttempt & { memberId: string })[];
  deals: (RepDeal & { memberId: string; industry: ScenarioSummary["industry"] | null; tactics: string[] })[];
  openLeads: OpenLeadRow[];
  scenarios: ScenarioSummary[];
  nudges: (NudgeRow & { member_id: string })[];
}

export function teamContextStatements(db: Db, teamId: string, now: Date): D1PreparedStatement[] {
  return [
    db.stmt(
      `SELECT m.id, m.created_at, st.last_practiced_at FROM members m LEFT JOIN member_stats st ON st.member_id = m.id
       WHERE m.team_id = ? AND m.role = 'rep'`,
      teamId,
    ),
    db.stmt(
      `SELECT member_id, scenario_id, score, created_at, category, difficulty FROM attempts
       WHERE team_id = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 20000`,
      teamId,
      isoDaysAgo(now, 120),
    ),
    db.stmt(
      `SELECT o.member_id, o.lead_id, o.responded, o.meeting_booked, o.result, o.lost_reason, o.closed_at, o.created_at, o.tactics,
         l.name, l.company, l.persona, l.industry
       FROM outcomes o JOIN leads l ON l.id = o.lead_id WHERE o.team_id = ? AND o.closed_at >= ? AND ${LATEST_OUTCOME}
       ORDER BY o.closed_at DESC LIMIT 20000`,
      teamId,
      isoDaysAgo(now, TEAM_LOOKBACK_DAYS),
    ),
    db.stmt(
      `SELECT id, owner_id, name, company, persona, industry, coalesce(activity_at, updated_at) AS activity_at FROM leads
       WHERE team_id = ? AND status = 'open' LIMIT 20000`,
      teamId,
    ),
    publishedScenariosStatement(db, teamId),
    db.stmt(`SELECT ${NUDGE_COLUMNS} FROM nudges n WHERE n.team_id = ? AND (n.status = 'open' OR n.created_at >= ?)`, teamId, isoDaysAgo(now, 30)),
  ];
}

export function readTeamContext(results: D1Result[]): TeamContext {
  const [reps, attempts, deals, open, scenarios, nudges] = results as D1Result<never>[];
  return {
    reps: reps!.results as TeamContext["reps"],
    attempts: (attempts!.results as AttemptRow[]).map((r) => ({ ...toPracticeAttempt(r), memberId: r.member_id! })),
    deals: (deals!.results as DealRow[]).map((r) => ({ ...toRepDeal(r), memberId: r.member_id!, industry: r.industry ?? null, tactics: JSON.parse(r.tactics ?? "[]") as string[] })),
    openLeads: open!.results as OpenLeadRow[],
    scenarios: readScenarios(scenarios!),
    nudges: nudges!.results as TeamContext["nudges"],
  };
}

// ── Nudges ────────────────────────────────────────────────────────────────────────────────────

export interface NudgeRow {
  id: string;
  member_id: string;
  kind: Nudge["kind"];
  dedupe_key: string;
  lead_id: string | null;
  scenario_id: string;
  message: string;
  status: Nudge["status"];
  snoozed_until: string | null;
  created_at: string;
  expires_at: string;
}

export const NUDGE_COLUMNS = "n.id, n.member_id, n.kind, n.dedupe_key, n.lead_id, n.scenario_id, n.message, n.status, n.snoozed_until, n.created_at, n.expires_at";

/** A nudge with its scenario and its lead's state (for "is it still worth showing"). */
export interface NudgeViewRow extends NudgeRow {
  title: string;
  category: Nudge["scenario"]["category"];
  difficulty: Nudge["scenario"]["difficulty"];
  lead_status: string | null;
  lead_activity_at: string | null;
}

const NUDGE_VIEW = `SELECT ${NUDGE_COLUMNS}, s.title, s.category, s.difficulty, l.status AS lead_status, coalesce(l.activity_at, l.updated_at) AS lead_activity_at
  FROM nudges n JOIN scenarios s ON s.id = n.scenario_id LEFT JOIN leads l ON l.id = n.lead_id`;

/** The member's open nudges (showability is decided in the domain). */
export function openNudgesStatement(db: Db, memberId: string, now: Date, leadId?: string): D1PreparedStatement {
  return leadId
    ? db.stmt(`${NUDGE_VIEW} WHERE n.member_id = ? AND n.lead_id = ? AND n.status = 'open' AND n.expires_at > ? ORDER BY n.created_at DESC LIMIT 20`, memberId, leadId, now.toISOString())
    : db.stmt(`${NUDGE_VIEW} WHERE n.member_id = ? AND n.status = 'open' AND n.expires_at > ? ORDER BY n.created_at DESC LIMIT 100`, memberId, now.toISOString());
}

export function nudgeByIdStatement(db: Db, id: string, memberId: string): D1PreparedStatement {
  return db.stmt(`${NUDGE_VIEW} WHERE n.id = ? AND n.member_id = ?`, id, memberId);
}

export const toNudge = (r: NudgeViewRow): Nudge => ({
  id: r.id,
  kind: r.kind,
  message: r.message,
  leadId: r.lead_id,
  scenario: { id: r.scenario_id, title: r.title, category: r.category, difficulty: r.difficulty },
  link: scenarioLink(r.scenario_id),
  status: r.status,
  snoozedUntil: r.snoozed_until,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export interface NewNudge {
  id: string;
  teamId: string;
  memberId: string;
  kind: Nudge["kind"];
  dedupeKey: string;
  leadId: string | null;
  scenarioId: string;
  message: string;
  createdAt: string;
  expiresAt: string;
}

/** Inserting a nudge is idempotent: the same situation (member, dedupe key) is stored once. */
export function insertNudgeStatement(db: Db, n: NewNudge): D1PreparedStatement {
  return db.stmt(
    `INSERT INTO nudges (id, team_id, member_id, kind, dedupe_key, lead_id, scenario_id, message, status, created_at, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) ON CONFLICT (member_id, dedupe_key) DO NOTHING`,
    n.id,
    n.teamId,
    n.memberId,
    n.kind,
    n.dedupeKey,
    n.leadId,
    n.scenarioId,
    n.message,
    n.createdAt,
    n.expiresAt,
  );
}

// ── Editable scenarios ────────────────────────────────────────────────────────────────────────

/** Inserts a team scenario; `ignoreExisting` skips one whose (team, slug) exists (scheduled drafts). */
/** A new scenario; `closing_line` (migration 0013) is the buyer's last line after a strong conversation, if it has one. */
export function insertScenarioStatement(db: Db, r: ScenarioRow & { closing_line?: string | null }, ignoreExisting = false): D1PreparedStatement {
  return db.stmt(
    `INSERT ${ignoreExisting ? "OR IGNORE " : ""}INTO scenarios (id, team_id, slug, source, status, title, category, difficulty, persona, industry, situation, buyer_line,
       ideal_response, rubric, pitfalls, author_id, lead_id, created_at, updated_at, closing_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    r.id,
    r.team_id,
    r.slug,
    r.source,
    r.status,
    r.title,
    r.category,
    r.difficulty,
    r.persona,
    r.industry,
    r.situation,
    r.buyer_line,
    r.ideal_response,
    r.rubric,
    r.pitfalls,
    r.author_id,
    r.lead_id,
    r.created_at,
    r.updated_at,
    r.closing_line ?? null,
  );
}

export const toEditableScenario = (r: ScenarioRow): EditableScenario => ({
  ...toScenarioSummary(r),
  situation: r.situation,
  buyerLine: r.buyer_line,
  idealResponse: r.ideal_response,
  rubric: rubricOf(r),
  pitfalls: pitfallsOf(r),
  authorId: r.author_id,
  leadId: r.lead_id,
  updatedAt: r.updated_at,
});

// ── Knowledge ─────────────────────────────────────────────────────────────────────────────────

export interface KnowledgeRow {
  id: string;
  team_id: string;
  kind: KnowledgeItem["kind"];
  title: string;
  body: string;
  answer: string | null;
  author_id: string | null;
  created_at: string;
}

export const toKnowledgeItem = (r: KnowledgeRow): KnowledgeItem => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  answer: r.answer,
  authorId: r.author_id,
  createdAt: r.created_at,
});
