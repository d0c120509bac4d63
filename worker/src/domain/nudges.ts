// Nudge rules: contextual practice suggestions at the right moment. Rules run when outcomes arrive
// and on the schedule; each situation nudges a rep once (dedupe key), a rep gets at most N new
// nudges a day (team setting), and every nudge carries the exact scenario to practise.
import {
  type AdaptiveSettings,
  type Category,
  type Difficulty,
  type LostReason,
  type NudgeKind,
  type Persona,
  type Result,
  adaptiveSettingsDefaults,
  DAY_MS,
} from "@dq/shared";
import { buyerNoun } from "./buyers.ts";
import { isStale } from "./weakAreas.ts";

/** The team's nudge rules from its settings JSON, defaults where unset or invalid. */
export function adaptiveSettings(settingsJson: string): AdaptiveSettings {
  let raw: Record<string, unknown> = {};
  try {
    const v = JSON.parse(settingsJson) as unknown;
    if (v && typeof v === "object") raw = v as Record<string, unknown>;
  } catch {
    // defaults
  }
  const int = (key: keyof AdaptiveSettings, min: number, max: number) => {
    const v = raw[key];
    return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max ? v : adaptiveSettingsDefaults[key];
  };
  return { staleLeadDays: int("staleLeadDays", 1, 180), maxNudgesPerDay: int("maxNudgesPerDay", 0, 20), practiceGapDays: int("practiceGapDays", 1, 60) };
}

export interface NudgeScenarioCandidate {
  id: string;
  title: string;
  category: Category;
  difficulty: Difficulty;
  persona: Persona;
  /** Rank score from the recommender (higher is better). */
  score: number;
}

export interface ExistingNudge {
  kind: NudgeKind;
  dedupeKey: string;
  scenarioId: string;
  leadId: string | null;
  status: "open" | "acted" | "dismissed";
  createdAt: string;
  expiresAt: string;
}

export type NudgeTrigger =
  | { kind: "no_meeting" | "lost_on_price"; leadId: string; leadName: string | null; persona: Persona | null; at: string }
  | { kind: "stale_lead"; leadId: string; leadName: string | null; persona: Persona | null; activityAt: string; quietDays: number }
  | { kind: "practice_gap"; since: string | null; gapDays: number };

export interface PlannedNudge {
  kind: NudgeKind;
  dedupeKey: string;
  leadId: string | null;
  scenario: { id: string; title: string; category: Category; difficulty: Difficulty };
  message: string;
  createdAt: string;
  expiresAt: string;
}

/** How long a nudge stays on "Today" unless acted on or dismissed. */
const LIFETIME_DAYS: Record<NudgeKind, number> = { no_meeting: 7, lost_on_price: 7, stale_lead: 14, practice_gap: 2 };
/** Which rule wins when the daily cap bites: fresh outcomes first, then real leads, then habit. */
const PRIORITY: Record<NudgeKind, number> = { no_meeting: 0, lost_on_price: 0, stale_lead: 1, practice_gap: 2 };
/** Outcome rules look back this far (older outcomes are history, not a moment). */
export const OUTCOME_LOOKBACK_DAYS = 7;

export interface OutcomeForNudge {
  leadId: string;
  leadName: string | null;
  persona: Persona | null;
  responded: boolean;
  meetingBooked: boolean;
  result: Result;
  lostReason: LostReason | null;
  /** When the rep recorded it. */
  at: string;
}

/** Triggers from one recorded outcome: a reply without a meeting, a loss on price. */
export function outcomeTriggers(o: OutcomeForNudge): NudgeTrigger[] {
  const out: NudgeTrigger[] = [];
  const base = { leadId: o.leadId, leadName: o.leadName, persona: o.persona, at: o.at };
  if (o.responded && !o.meetingBooked) out.push({ kind: "no_meeting", ...base });
  if (o.result === "lost" && o.lostReason === "price") out.push({ kind: "lost_on_price", ...base });
  return out;
}

export interface RepSituation {
  now: Date;
  settings: AdaptiveSettings;
  /** The rep's outcomes (latest per lead). Only recent ones trigger. */
  outcomes: OutcomeForNudge[];
  openLeads: { id: string; name: string | null; persona: Persona | null; activityAt: string }[];
  lastPracticedAt: string | null;
  memberSince: string;
}

/** Everything that could nudge this rep now. */
export function nudgeTriggers(s: RepSituation): NudgeTrigger[] {
  const now = s.now.getTime();
  const out: NudgeTrigger[] = [];
  for (const o of s.outcomes) if (now - Date.parse(o.at) <= OUTCOME_LOOKBACK_DAYS * DAY_MS) out.push(...outcomeTriggers(o));
  for (const l of s.openLeads) {
    if (!isStale(l.activityAt, s.now, s.settings.staleLeadDays)) continue;
    const quietDays = Math.floor((now - Date.parse(l.activityAt)) / DAY_MS);
    out.push({ kind: "stale_lead", leadId: l.id, leadName: l.name, persona: l.persona, activityAt: l.activityAt, quietDays });
  }
  const since = s.lastPracticedAt ?? s.memberSince;
  const gapDays = Math.floor((now - Date.parse(since)) / DAY_MS);
  if (gapDays >= s.settings.practiceGapDays) out.push({ kind: "practice_gap", since: s.lastPracticedAt, gapDays });
  return out;
}

export function dedupeKey(t: NudgeTrigger): string {
  switch (t.kind) {
    case "no_meeting":
    case "lost_on_price":
      return `${t.kind}:${t.leadId}`;
    case "stale_lead":
      // One nudge per quiet spell: if the deal moves and goes quiet again, that is a new spell.
      return `stale_lead:${t.leadId}:${t.activityAt}`;
    case "practice_gap":
      // One per gap, and again each further week the gap lasts.
      return `practice_gap:${t.since?.slice(0, 10) ?? "never"}:${Math.floor(t.gapDays / 7)}`;
  }
}

/** Which open leads to mark stale (quiet too long, not marked yet) and which to unmark (moved since). */
export function staleLeadChanges(
  leads: { id: string; activityAt: string; staleSince: string | null }[],
  now: Date,
  staleLeadDays: number,
): { mark: string[]; clear: string[] } {
  const mark: string[] = [];
  const clear: string[] = [];
  for (const l of leads) {
    const stale = isStale(l.activityAt, now, staleLeadDays);
    if (stale && !l.staleSince) mark.push(l.id);
    if (!stale && l.staleSince) clear.push(l.id);
  }
  return { mark, clear };
}

/** Is a nudge still worth showing? (Open, not expired, not snoozed; a stale-lead nudge only while the lead stays quiet.) */
export function isShowable(
  n: { kind: NudgeKind; status: string; expiresAt: string; snoozedUntil: string | null; createdAt: string },
  lead: { status: string; activityAt: string | null } | null,
  now: Date,
): boolean {
  const t = now.toISOString();
  if (n.status !== "open" || n.expiresAt <= t) return false;
  if (n.snoozedUntil && n.snoozedUntil > t) return false;
  // Quiet strictly before the nudge was made: activity in the very millisecond it was made is activity after it.
  if (n.kind === "stale_lead") return !!lead && lead.status === "open" && (lead.activityAt ?? "") < n.createdAt;
  return true;
}

const isActive = (n: ExistingNudge, now: string) => n.status === "open" && n.expiresAt > now;

/** The category a nudge rule trains (the practice-gap nudge trains whatever the recommender ranks first). */
export function triggerCategory(kind: NudgeKind): Category | null {
  return kind === "no_meeting" ? "meeting_booking" : kind === "lost_on_price" ? "pricing" : kind === "stale_lead" ? "re_engagement" : null;
}

function chooseScenario(
  t: NudgeTrigger,
  candidates: NudgeScenarioCandidate[],
  taken: Set<string>,
  heldOut: ReadonlySet<Category>,
): NudgeScenarioCandidate | null {
  const category = triggerCategory(t.kind);
  const persona = "persona" in t ? t.persona : null;
  let best: NudgeScenarioCandidate | null = null;
  let bestScore = -1;
  for (const c of candidates) {
    if (taken.has(c.id) || heldOut.has(c.category) || (category && c.category !== category)) continue;
    // A scenario with the lead's buyer type is the closest rehearsal for that lead.
    const score = c.score * (persona && c.persona === persona ? 2 : 1);
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

function leadWords(name: string | null) {
  return name?.trim() ? name.trim() : "A lead";
}

function messageFor(t: NudgeTrigger, s: NudgeScenarioCandidate): string {
  const title = `“${s.title}”`;
  switch (t.kind) {
    case "no_meeting":
      return `${leadWords(t.leadName)} replied but no meeting was booked. Practise turning a reply into a meeting: ${title}.`;
    case "lost_on_price":
      return `${leadWords(t.leadName)} was lost on price. Practise holding your price with value: ${title}.`;
    case "stale_lead": {
      const who = t.persona ? ` for ${buyerNoun(t.persona)}` : "";
      return `${leadWords(t.leadName)} has been quiet for ${t.quietDays} days. Warm it up with a re-engagement drill${who}: ${title}.`;
    }
    case "practice_gap":
      return t.since
        ? `No practice for ${t.gapDays} days. Your top pick: ${title}.`
        : `You haven't practised yet. Start with your top pick: ${title}.`;
  }
}

export interface PlanInput {
  now: Date;
  settings: AdaptiveSettings;
  triggers: NudgeTrigger[];
  /** The rep's nudges: all open ones and every one created in the last weeks (for dedupe and the cap). */
  existing: ExistingNudge[];
  /** Scenarios the rep may practise, ranked by the recommender (best first). */
  candidates: NudgeScenarioCandidate[];
  /** Categories the rep is held out of in this experiment block: no nudge trains them. */
  heldOut?: ReadonlySet<Category>;
}

/**
 * The nudges to create now: new situations only (dedupe key never used; no open nudge of the same
 * outcome rule or for the same lead), each with a scenario no open nudge already points at, in
 * priority order, within what is left of today's cap. Nothing trains a held-out category: its rule's
 * nudge is not made (and its dedupe key stays unused, so the moment can nudge in a later block) and the
 * practice-gap nudge picks from the other categories.
 */
export function planNudges(input: PlanInput): PlannedNudge[] {
  const now = input.now.toISOString();
  const today = now.slice(0, 10);
  const usedKeys = new Set(input.existing.map((n) => n.dedupeKey));
  const active = input.existing.filter((n) => isActive(n, now));
  const activeKinds = new Set(active.map((n) => n.kind));
  const activeLeads = new Set(active.filter((n) => n.leadId && n.kind === "stale_lead").map((n) => n.leadId));
  const taken = new Set(active.map((n) => n.scenarioId));
  let left = input.settings.maxNudgesPerDay - input.existing.filter((n) => n.createdAt.slice(0, 10) === today).length;

  const ordered = [...input.triggers].sort((a, b) => {
    const p = PRIORITY[a.kind] - PRIORITY[b.kind];
    if (p !== 0) return p;
    // Among stale leads, the longest quiet first.
    if (a.kind === "stale_lead" && b.kind === "stale_lead") return b.quietDays - a.quietDays;
    return 0;
  });

  const heldOut = input.heldOut ?? new Set<Category>();
  const out: PlannedNudge[] = [];
  for (const t of ordered) {
    if (left <= 0) break;
    const key = dedupeKey(t);
    if (usedKeys.has(key)) continue;
    // One open nudge per rule for outcomes and practice ("practise meeting booking" once, not per lead).
    if (t.kind !== "stale_lead" && activeKinds.has(t.kind)) continue;
    if (t.kind === "stale_lead" && activeLeads.has(t.leadId)) continue;
    const scenario = chooseScenario(t, input.candidates, taken, heldOut);
    if (!scenario) continue;
    usedKeys.add(key);
    taken.add(scenario.id);
    if (t.kind !== "stale_lead") activeKinds.add(t.kind);
    else activeLeads.add(t.leadId);
    left -= 1;
    out.push({
      kind: t.kind,
      dedupeKey: key,
      leadId: "leadId" in t ? t.leadId : null,
      scenario: { id: scenario.id, title: scenario.title, category: scenario.category, difficulty: scenario.difficulty },
      message: messageFor(t, scenario),
      createdAt: now,
      expiresAt: new Date(input.now.getTime() + LIFETIME_DAYS[t.kind] * DAY_MS).toISOString(),
    });
  }
  return out;
}
