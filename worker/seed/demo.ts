// The demo team for `npm start`: a manager and a dozen reps with six months of practice, leads and outcomes,
// relative to "now" so the data always looks recent. Deterministic for a given `now`.
//
// The history is simulated so the analytics have something real (and noisy) to find:
// - each rep starts practising some categories at some point; from their third attempt in a category, the
//   funnel step that category trains gets better (cold outreach → responses, meeting booking → meetings,
//   pricing / negotiation / closing → wins after a meeting, re-engagement → fewer ghosted deals);
// - reps who practise more start more categories, earlier; and a busy practice month nudges the next weeks'
//   results up a little (so training hours track wins across reps and within a rep over weeks);
// - strategies and tactics shift the odds a little each, and deals take longer or shorter by strategy;
// - experiment mode has run for about six months (20% of rep × category × 4-week blocks held out of nudges):
//   in meeting booking, a held-out rep books meetings after fewer replies (a planted effect of
//   DEMO_EXPERIMENT_EFFECT on each side); in every other category the arm changes nothing.
// Tokens are fixed, local-only demo tokens (printed by `npm start`); only their hashes are stored.
import { DAY_MS, experimentCategories } from "@dq/shared";
import type { Category, Difficulty, LostReason, Persona, Result } from "@dq/shared";
import { assignArm, blockStartOf } from "../src/domain/analytics/experiment.ts";
import { addDays, mondayOf } from "../src/domain/analytics/period.ts";
import { libraryId } from "./library.ts";
import { type Rng, rng } from "./random.ts";
import { insert, lit } from "./sql.ts";

export const DEMO_TEAM_ID = "team_demo_northwind";

type TrainedCategory = "cold_outreach" | "meeting_booking" | "pricing" | "negotiation" | "closing" | "re_engagement";

export interface DemoMember {
  id: string;
  name: string;
  email: string;
  role: "rep" | "manager";
  token: string;
  /** How this rep sells: where their real deals tend to die (shapes the seeded outcomes). */
  profile: { respond: number; meeting: number; win: number; practiceDaysPerWeek: number };
  /** Categories this rep starts practising, and how many days ago (absent: drawn from the rep's practice habit). */
  plan?: Partial<Record<TrainedCategory, number>>;
}

export const demoMembers: DemoMember[] = [
  { id: "mem_demo_morgan", name: "Morgan Lee", email: "morgan@northwind.example", role: "manager", token: "dq_demo_manager_morgan", profile: { respond: 0.6, meeting: 0.6, win: 0.4, practiceDaysPerWeek: 1 } },
  // Alex gets replies but few meetings, and has not trained meeting booking (a weak area worth a nudge).
  { id: "mem_demo_alex", name: "Alex Rivera", email: "alex@northwind.example", role: "rep", token: "dq_demo_rep_alex", profile: { respond: 0.65, meeting: 0.3, win: 0.45, practiceDaysPerWeek: 2 }, plan: { cold_outreach: 120, pricing: 70 } },
  // Sam's first emails went unanswered until Sam started cold-outreach practice seven weeks ago.
  { id: "mem_demo_sam", name: "Sam Chen", email: "sam@northwind.example", role: "rep", token: "dq_demo_rep_sam", profile: { respond: 0.35, meeting: 0.65, win: 0.4, practiceDaysPerWeek: 4 }, plan: { negotiation: 110, meeting_booking: 80, cold_outreach: 50 } },
  { id: "mem_demo_priya", name: "Priya Patel", email: "priya@northwind.example", role: "rep", token: "dq_demo_rep_priya", profile: { respond: 0.7, meeting: 0.7, win: 0.55, practiceDaysPerWeek: 5 }, plan: { cold_outreach: 160, meeting_booking: 130, closing: 100, re_engagement: 60, pricing: 40 } },
  // The rest of the team, from barely practising to every day.
  { id: "mem_demo_jordan", name: "Jordan Okafor", email: "jordan@northwind.example", role: "rep", token: "dq_demo_rep_jordan", profile: { respond: 0.5, meeting: 0.5, win: 0.4, practiceDaysPerWeek: 0.5 } },
  { id: "mem_demo_taylor", name: "Taylor Brennan", email: "taylor@northwind.example", role: "rep", token: "dq_demo_rep_taylor", profile: { respond: 0.55, meeting: 0.45, win: 0.35, practiceDaysPerWeek: 1 } },
  { id: "mem_demo_casey", name: "Casey Moreau", email: "casey@northwind.example", role: "rep", token: "dq_demo_rep_casey", profile: { respond: 0.45, meeting: 0.55, win: 0.45, practiceDaysPerWeek: 1.5 } },
  { id: "mem_demo_riley", name: "Riley Tanaka", email: "riley@northwind.example", role: "rep", token: "dq_demo_rep_riley", profile: { respond: 0.6, meeting: 0.5, win: 0.4, practiceDaysPerWeek: 2.5 } },
  { id: "mem_demo_avery", name: "Avery Castillo", email: "avery@northwind.example", role: "rep", token: "dq_demo_rep_avery", profile: { respond: 0.5, meeting: 0.6, win: 0.35, practiceDaysPerWeek: 3 } },
  { id: "mem_demo_quinn", name: "Quinn Lindqvist", email: "quinn@northwind.example", role: "rep", token: "dq_demo_rep_quinn", profile: { respond: 0.45, meeting: 0.5, win: 0.45, practiceDaysPerWeek: 3.5 } },
  { id: "mem_demo_harper", name: "Harper Duarte", email: "harper@northwind.example", role: "rep", token: "dq_demo_rep_harper", profile: { respond: 0.55, meeting: 0.55, win: 0.4, practiceDaysPerWeek: 4.5 } },
  { id: "mem_demo_rowan", name: "Rowan Haddad", email: "rowan@northwind.example", role: "rep", token: "dq_demo_rep_rowan", profile: { respond: 0.6, meeting: 0.45, win: 0.5, practiceDaysPerWeek: 0.8 } },
  { id: "mem_demo_emerson", name: "Emerson Wallace", email: "emerson@northwind.example", role: "rep", token: "dq_demo_rep_emerson", profile: { respond: 0.5, meeting: 0.5, win: 0.45, practiceDaysPerWeek: 2 } },
];

const COMPANIES = [
  ["Harbor Logistics", "logistics"], ["Pinecrest Dental Group", "healthcare"], ["Bluefin Analytics", "saas"], ["Copperline Manufacturing", "manufacturing"],
  ["Meridian Credit Union", "financial_services"], ["Oakridge Realty", "real_estate"], ["Summit Outdoor Supply", "retail"], ["Lumen Learning Co", "education"],
  ["Granite Ridge Engineering", "professional_services"], ["Cobalt Freight", "logistics"], ["Silverleaf Clinics", "healthcare"], ["Northstar Payroll", "saas"],
  ["Redwood Fabrication", "manufacturing"], ["Brightwater Insurance", "financial_services"], ["Juniper Home Goods", "retail"], ["Crestview County Schools", "public_sector"],
  ["Alder Street Bakery Group", "retail"], ["Kestrel Robotics", "manufacturing"], ["Tidewater Port Services", "logistics"], ["Mosaic Health Partners", "healthcare"],
  ["Larkspur Software", "saas"], ["Ironbridge Capital", "financial_services"], ["Westfield Property Co", "real_estate"], ["Beacon Tutoring", "education"],
] as const;
const FIRST = ["Jordan", "Taylor", "Casey", "Riley", "Avery", "Quinn", "Harper", "Rowan", "Emerson", "Dakota", "Reese", "Skyler", "Morgan", "Elliot", "Hayden", "Parker"];
const LAST = ["Nguyen", "Okafor", "Schmidt", "Alvarez", "Kowalski", "Haddad", "Lindqvist", "Tanaka", "Brennan", "Moreau", "Castillo", "Ibrahim", "Fischer", "Duarte", "Wallace", "Sato"];
const PERSONAS: Persona[] = ["enterprise_buyer", "smb_owner", "technical_evaluator", "procurement", "executive", "champion"];
const OPEN_STAGES = ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In", "Contract Sent"];
const TRAINED: TrainedCategory[] = ["cold_outreach", "meeting_booking", "pricing", "negotiation", "closing", "re_engagement"];
const ALWAYS: Category[] = ["discovery", "objection_handling", "networking"];
const WINNING_APPROACHES = [
  "Tied the proposal to their quarterly goal, brought a customer reference, and agreed a dated mutual plan.",
  "Found a second stakeholder in finance, rebuilt the ROI case with their numbers, and let them present it internally.",
  "Offered a scoped pilot with clear success criteria and a decision date agreed up front.",
  "Reopened the thread with a short note on a change at their company, then booked a working session the same week.",
];

/** How each strategy shifts the odds (response, meeting given response, win given meeting) and the cycle length. */
const STRATEGIES: { id: string; weight: number; respond: number; meeting: number; win: number; cycle: number }[] = [
  { id: "value_selling", weight: 16, respond: 0, meeting: 0.03, win: 0.08, cycle: 1 },
  { id: "consultative_discovery", weight: 14, respond: 0, meeting: 0.1, win: 0.03, cycle: 1.1 },
  { id: "referral", weight: 7, respond: 0.22, meeting: 0.08, win: 0.05, cycle: 0.7 },
  { id: "trigger_event", weight: 10, respond: 0.12, meeting: 0, win: 0, cycle: 0.9 },
  { id: "social_proof", weight: 9, respond: 0.05, meeting: 0.05, win: 0.02, cycle: 1 },
  { id: "business_case", weight: 8, respond: -0.03, meeting: 0, win: 0.14, cycle: 1.35 },
  { id: "multi_threading", weight: 6, respond: 0, meeting: 0.04, win: 0.07, cycle: 1.25 },
  { id: "challenger_insight", weight: 6, respond: -0.05, meeting: 0.06, win: 0.05, cycle: 1 },
  { id: "land_and_expand", weight: 5, respond: 0.02, meeting: 0.02, win: 0.1, cycle: 0.8 },
  { id: "competitive_displacement", weight: 4, respond: -0.04, meeting: -0.02, win: -0.1, cycle: 1.3 },
];
const TACTICS: { id: string; respond: number; meeting: number; win: number }[] = [
  { id: "personalized_email", respond: 0.06, meeting: 0, win: 0 },
  { id: "cold_call", respond: -0.04, meeting: 0.03, win: 0 },
  { id: "linkedin_touch", respond: 0.02, meeting: 0, win: 0 },
  { id: "video_message", respond: 0.05, meeting: 0.02, win: 0 },
  { id: "follow_up_sequence", respond: 0.05, meeting: 0, win: 0 },
  { id: "case_study", respond: 0, meeting: 0.03, win: 0.03 },
  { id: "live_demo", respond: 0, meeting: 0.04, win: 0.05 },
  { id: "free_trial", respond: 0, meeting: 0, win: 0.06 },
  { id: "roi_calculator", respond: 0, meeting: 0, win: 0.06 },
  { id: "mutual_action_plan", respond: 0, meeting: 0, win: 0.09 },
  { id: "customer_reference", respond: 0, meeting: 0.02, win: 0.05 },
  { id: "discount", respond: 0, meeting: 0, win: 0.02 },
];

export interface LibraryRef {
  slug: string;
  category: Category;
  difficulty: Difficulty;
}

const HOUR = 3_600_000;
const HISTORY_DAYS = 182;

/** The demo team's experiment: on since the Monday 26 weeks ago, 20% held out, a fixed seed. */
export const DEMO_EXPERIMENT = { holdoutShare: 0.2, seed: "demo-northwind-experiment", weeks: 26 } as const;
/** The planted effect: a held-out rep's chance of a meeting after a reply drops by this much, a nudged rep's rises by it. */
export const DEMO_EXPERIMENT_EFFECT = 0.2;
const iso = (ms: number) => new Date(ms).toISOString();
const clamp = (p: number) => Math.max(0.02, Math.min(0.97, p));

type Row = Record<string, string | number | null>;

/** Multi-row INSERTs, each statement kept well under D1's 100 KB statement limit. */
export function insertRows(table: string, rows: Row[], maxBytes = 90_000): string[] {
  if (rows.length === 0) return [];
  const cols = Object.keys(rows[0]!);
  const head = `INSERT INTO ${table} (${cols.join(", ")}) VALUES\n`;
  const out: string[] = [];
  let chunk: string[] = [];
  let size = head.length;
  for (const row of rows) {
    const values = `(${cols.map((c) => lit(row[c])).join(", ")})`;
    if (chunk.length > 0 && size + values.length + 2 > maxBytes) {
      out.push(`${head}${chunk.join(",\n")};`);
      chunk = [];
      size = head.length;
    }
    chunk.push(values);
    size += values.length + 2;
  }
  out.push(`${head}${chunk.join(",\n")};`);
  return out;
}

function weighted<T extends { weight: number }>(r: Rng, items: T[]): T {
  let x = r.next() * items.reduce((s, i) => s + i.weight, 0);
  for (const i of items) {
    x -= i.weight;
    if (x < 0) return i;
  }
  return items[items.length - 1]!;
}

/** The categories a rep starts practising, and how many days ago: more practice, more categories, earlier. */
function trainingPlan(r: Rng, m: DemoMember): Map<TrainedCategory, number> {
  if (m.plan) return new Map(Object.entries(m.plan) as [TrainedCategory, number][]);
  const count = Math.min(TRAINED.length, Math.max(0, Math.round(m.profile.practiceDaysPerWeek * 0.9 + r.next() - 0.3)));
  const order = [...TRAINED].sort(() => r.next() - 0.5);
  const plan = new Map<TrainedCategory, number>();
  for (const c of order.slice(0, count)) plan.set(c, r.int(20, 160));
  return plan;
}

interface Attempt {
  at: number;
  seconds: number;
}

interface MemberTotals {
  trainingXp: number;
  supportXp: number;
  attempts: number;
  seconds: number;
  outcomes: number;
  lastPracticedAt: string | null;
  practiceDays: Set<number>;
}

/**
 * Statements that remove the demo team and everything hanging off it (children first, so foreign keys hold),
 * for a reseed: its members' practice and deals, and what the scheduled jobs and webhooks made for it.
 */
export function demoResetSql(): string[] {
  const team = `'${DEMO_TEAM_ID}'`;
  const members = `(SELECT id FROM members WHERE team_id = ${team})`;
  const teamRows = (table: string) => `DELETE FROM ${table} WHERE team_id = ${team}`;
  return [
    ...["pending_outcomes", "crm_deal_states", "webhook_deliveries", "team_integrations", "schedule_runs", "knowledge", "nudges", "experiment_assignments"].map(teamRows),
    `DELETE FROM idempotency WHERE scope IN (SELECT 'member:' || id FROM members WHERE team_id = ${team})`,
    ...["xp_ledger", "attempts", "outcomes", "scenarios", "leads"].map(teamRows),
    `DELETE FROM member_stats WHERE member_id IN ${members}`,
    `DELETE FROM tokens WHERE member_id IN ${members}`,
    `DELETE FROM members WHERE team_id = ${team}`,
    `DELETE FROM teams WHERE id = ${team}`,
  ];
}

/** Statements that create the demo team; `hash(token)` gives a token's stored SHA-256 hex. */
export function demoSeedSql(now: Date, library: LibraryRef[], hash: (token: string) => string): string[] {
  const r = rng(20261124);
  const t0 = now.getTime();
  const byCategory = new Map<Category, LibraryRef[]>();
  for (const s of library) byCategory.set(s.category, [...(byCategory.get(s.category) ?? []), s]);

  const members: Row[] = [];
  const tokens: Row[] = [];
  const leads: Row[] = [];
  const outcomes: Row[] = [];
  const attempts: Row[] = [];
  const xp: Row[] = [];
  const stats: Row[] = [];

  // Experiment mode: every rep's arm per category and block from its first Monday to today.
  const today = iso(t0).slice(0, 10);
  const startedOn = mondayOf(addDays(today, -7 * DEMO_EXPERIMENT.weeks));
  const experiment: Row[] = [];
  const armOf = (memberId: string, category: Category, at: number) => {
    const day = iso(at).slice(0, 10);
    if (day < startedOn) return null;
    return assignArm(DEMO_EXPERIMENT.seed, { teamId: DEMO_TEAM_ID, memberId, category, blockStart: blockStartOf(day, startedOn) }, DEMO_EXPERIMENT.holdoutShare);
  };
  for (const m of demoMembers.filter((x) => x.role === "rep"))
    for (let block = startedOn; block <= today; block = addDays(block, 28))
      for (const category of experimentCategories)
        experiment.push({
          team_id: DEMO_TEAM_ID,
          member_id: m.id,
          category,
          block_start: block,
          arm: assignArm(DEMO_EXPERIMENT.seed, { teamId: DEMO_TEAM_ID, memberId: m.id, category, blockStart: block }, DEMO_EXPERIMENT.holdoutShare),
          seed: DEMO_EXPERIMENT.seed,
          holdout_share: DEMO_EXPERIMENT.holdoutShare,
          assigned_at: `${block}T00:00:00.000Z`,
        });

  for (const m of demoMembers) {
    const joined = iso(t0 - 190 * DAY_MS);
    members.push({ id: m.id, team_id: DEMO_TEAM_ID, name: m.name, email: m.email, role: m.role, created_at: joined });
    tokens.push({ hash: hash(m.token), member_id: m.id, created_at: joined });
    const totals: MemberTotals = { trainingXp: 0, supportXp: 0, attempts: 0, seconds: 0, outcomes: 0, lastPracticedAt: null, practiceDays: new Set() };

    // Practice: days drawn from the rep's habit, busier and quieter weeks; each category the rep starts gets
    // its first three attempts within about a week, then a share of the practice while it is fresh.
    const plan = trainingPlan(r, m);
    const started = [...plan].filter(([c]) => byCategory.has(c));
    const thirdAttemptAt = new Map<TrainedCategory, number>();
    const done: Attempt[] = [];
    const countIn = new Map<Category, number>();
    const practise = (category: Category, at: number) => {
      const pool = byCategory.get(category) ?? library;
      if (pool.length === 0 || at >= t0) return;
      const s = r.pick(pool);
      const k = (countIn.get(category) ?? 0) + 1;
      countIn.set(category, k);
      const long = r.chance(0.04); // a tab left open: counted as 30 minutes at most
      const seconds = long ? r.int(1900, 5400) : r.int(90, 660);
      const score = Math.max(5, Math.min(98, Math.round(35 + r.next() * 45 + Math.min(18, k * 1.5) + (m.profile.win - 0.45) * 30)));
      const award = Math.round((score * { easy: 1, medium: 1.5, hard: 2 }[s.difficulty]) / 5);
      const id = r.id();
      attempts.push({ id, team_id: DEMO_TEAM_ID, member_id: m.id, scenario_id: libraryId(s.slug), response: "(demo history)", duration_sec: seconds, score, feedback: "[]", xp: award, created_at: iso(at) });
      xp.push({ id: r.id(), team_id: DEMO_TEAM_ID, member_id: m.id, source: "training", amount: award, reason: "practice_attempt", ref_id: id, created_at: iso(at) });
      totals.trainingXp += award;
      totals.attempts += 1;
      totals.seconds += Math.min(seconds, 1800);
      totals.practiceDays.add(Math.floor((t0 - at) / DAY_MS));
      if (!totals.lastPracticedAt || iso(at) > totals.lastPracticedAt) totals.lastPracticedAt = iso(at);
      done.push({ at, seconds: Math.min(seconds, 1800) });
      if (k === 3 && (TRAINED as Category[]).includes(category)) thirdAttemptAt.set(category as TrainedCategory, at);
    };
    for (const [c, d] of started) {
      const first = t0 - d * DAY_MS + r.int(9, 17) * HOUR;
      practise(c, first);
      practise(c, first + r.int(1, 3) * DAY_MS + r.int(0, 3) * HOUR);
      practise(c, first + r.int(4, 8) * DAY_MS + r.int(0, 3) * HOUR);
    }
    let busy = 1;
    for (let d = HISTORY_DAYS; d >= 0 && library.length > 0; d--) {
      if (d % 7 === 0) busy = 0.3 + 1.4 * r.next();
      const weekday = new Date(t0 - d * DAY_MS).getUTCDay();
      const weekend = weekday === 0 || weekday === 6 ? 0.25 : 1.15;
      if (!r.chance(Math.min(0.95, (m.profile.practiceDaysPerWeek / 7) * busy * weekend))) continue;
      const open = started.filter(([, sd]) => sd > d).map(([c]) => c as Category);
      const fresh = started.filter(([, sd]) => sd > d && sd - d <= 21).map(([c]) => c as Category);
      const choices = [...ALWAYS.filter((c) => byCategory.has(c)), ...open];
      for (let k = r.int(2, 6); k > 0; k--) {
        const category = fresh.length > 0 && r.chance(0.5) ? r.pick(fresh) : choices.length > 0 ? r.pick(choices) : r.pick(library).category;
        practise(category, t0 - d * DAY_MS + r.int(8, 19) * HOUR + r.int(0, 59) * 60_000);
      }
    }
    // The manager practises (reviewing scenarios) but does not sell.
    if (m.role !== "rep") {
      stats.push(statsRow(m.id, totals));
      continue;
    }

    // Outcomes: about 1.3–1.9 a week over six months. The odds depend on the rep, the strategy and tactics,
    // what the rep has trained (from the third attempt on), how much they practised in the previous 4 weeks,
    // and a little on all their practice so far.
    const trained = (c: TrainedCategory, at: number) => {
      const t = thirdAttemptAt.get(c);
      return t !== undefined && at >= t ? 1 : 0;
    };
    const recentHours = (at: number) => done.reduce((s, a) => (a.at < at && a.at >= at - 28 * DAY_MS ? s + a.seconds : s), 0) / 3600;
    // Skill that builds slowly with all practice so far (up to +0.12 after about 30 hours).
    const skill = (at: number) => Math.min(0.12, (0.004 * done.reduce((s, a) => (a.at < at ? s + a.seconds : s), 0)) / 3600);
    const typical = Math.max(0.5, (m.profile.practiceDaysPerWeek * 4 * 4 * 400) / 3600);
    const closedCount = r.int(30, 46);
    for (let i = 0; i < closedCount; i++) {
      const closedAt = t0 - r.int(1, HISTORY_DAYS) * DAY_MS + r.int(9, 18) * HOUR + r.int(0, 59) * 60_000 - DAY_MS;
      const strategy = r.chance(0.08) ? null : weighted(r, STRATEGIES);
      const tactics = [...new Set(Array.from({ length: r.int(1, 3) }, () => r.pick(TACTICS)))];
      const t = (key: "respond" | "meeting" | "win") => tactics.reduce((s, x) => s + x[key], 0) + (strategy ? strategy[key] : 0);
      const momentum = Math.max(-0.12, Math.min(0.15, 0.14 * ((recentHours(closedAt) - typical) / typical)));
      const closing = 0.12 * trained("pricing", closedAt) + 0.12 * trained("negotiation", closedAt) + 0.14 * trained("closing", closedAt);
      const reEngaged = trained("re_engagement", closedAt);

      const responded = r.chance(clamp(m.profile.respond + t("respond") + 0.2 * trained("cold_outreach", closedAt) + momentum / 2 + skill(closedAt) / 2));
      const arm = armOf(m.id, "meeting_booking", closedAt);
      const nudged = arm === null ? 0 : arm === "nudge" ? DEMO_EXPERIMENT_EFFECT : -DEMO_EXPERIMENT_EFFECT;
      const meeting = responded && r.chance(clamp(m.profile.meeting + t("meeting") + 0.22 * trained("meeting_booking", closedAt) + momentum / 2 + nudged));
      let result: Result;
      if (meeting) result = r.chance(clamp(m.profile.win + t("win") + closing + momentum + skill(closedAt))) ? "won" : r.chance(0.18 - 0.12 * reEngaged) ? "ghosted" : "lost";
      else if (responded) result = r.chance(0.5 - 0.25 * reEngaged) ? "ghosted" : "lost";
      else result = r.chance(0.12 + 0.25 * reEngaged) ? "lost" : "ghosted";

      const cycleDays = Math.max(3, Math.round((result === "won" ? r.int(18, 55) : r.int(8, 45)) * (strategy?.cycle ?? 1)));
      const created = closedAt - cycleDays * DAY_MS - r.int(0, 20) * HOUR;
      const [company, industry] = r.pick(COMPANIES);
      const leadId = r.id();
      const lostReason: LostReason | null =
        result !== "lost" ? null : !trained("pricing", closedAt) && r.chance(0.35) ? "price" : r.pick<LostReason>(["competitor", "timing", "no_decision", "negotiation", "no_budget", "price"]);
      leads.push(leadRow(r, m.id, leadId, company, industry, created, closedAt, result));
      const outcomeId = r.id();
      outcomes.push({
        id: outcomeId,
        team_id: DEMO_TEAM_ID,
        lead_id: leadId,
        member_id: m.id,
        responded: responded ? 1 : 0,
        meeting_booked: meeting ? 1 : 0,
        result,
        strategy: strategy?.id ?? null,
        tactics: JSON.stringify(tactics.map((x) => x.id)),
        lost_reason: lostReason,
        winning_approach: result === "won" ? r.pick(WINNING_APPROACHES) : null,
        scenario_consent: 0,
        notes: null,
        closed_at: iso(closedAt),
        created_at: iso(closedAt + HOUR),
      });
      const support = 10 + (result === "won" ? 25 : 0);
      xp.push({ id: r.id(), team_id: DEMO_TEAM_ID, member_id: m.id, source: "support", amount: support, reason: result === "won" ? "outcome_logged_won" : "outcome_logged", ref_id: outcomeId, created_at: iso(closedAt + HOUR) });
      totals.supportXp += support;
      totals.outcomes += 1;
    }
    // Open leads: some went quiet weeks ago (stale), some are fresh.
    const original = ["mem_demo_alex", "mem_demo_sam", "mem_demo_priya"].includes(m.id);
    for (let i = original ? 4 : 2; i > 0; i--) {
      const [company, industry] = r.pick(COMPANIES);
      leads.push(leadRow(r, m.id, r.id(), company, industry, t0 - r.int(20, 90) * DAY_MS, null, "open", t0 - r.int(1, 30) * DAY_MS));
    }
    stats.push(statsRow(m.id, totals));
  }

  return [
    insert("teams", {
      id: DEMO_TEAM_ID,
      name: "Northwind Sales (demo)",
      settings: JSON.stringify({ experiment: { enabled: true, holdoutShare: DEMO_EXPERIMENT.holdoutShare, startedOn, seed: DEMO_EXPERIMENT.seed } }),
      created_at: iso(t0 - 200 * DAY_MS),
    }),
    ...insertRows("members", members),
    ...insertRows("tokens", tokens),
    ...insertRows("leads", leads),
    ...insertRows("outcomes", outcomes),
    ...insertRows("attempts", attempts),
    ...insertRows("xp_ledger", xp),
    ...insertRows("member_stats", stats),
    ...insertRows("experiment_assignments", experiment),
  ];
}

function leadRow(r: Rng, ownerId: string, id: string, company: string, industry: string, created: number, closedAt: number | null, status: Result | "open", updated?: number): Row {
  return {
    id,
    team_id: DEMO_TEAM_ID,
    owner_id: ownerId,
    crm: "sandbox",
    external_id: String(r.int(10_000_000, 99_999_999)),
    name: `${r.pick(FIRST)} ${r.pick(LAST)} — ${company}`,
    company,
    stage: status === "open" ? r.pick(OPEN_STAGES) : status === "won" ? "Closed Won" : "Closed Lost",
    status,
    amount: r.int(8, 120) * 500,
    currency: "USD",
    url: null,
    persona: r.pick(PERSONAS),
    industry,
    crm_created_at: iso(created),
    // The extension usually first sees a lead a little after the CRM created it.
    first_seen_at: iso(Math.min(created + r.int(0, 72) * HOUR, closedAt ?? Number.POSITIVE_INFINITY, updated ?? Number.POSITIVE_INFINITY)),
    updated_at: iso(updated ?? closedAt ?? created),
    closed_at: closedAt === null ? null : iso(closedAt),
  };
}

function statsRow(memberId: string, t: MemberTotals): Row {
  // Streak: consecutive days ending at the most recent practice day.
  let streak = 0;
  if (t.practiceDays.size > 0) for (let d = Math.min(...t.practiceDays); t.practiceDays.has(d); d++) streak++;
  return {
    member_id: memberId,
    training_xp: t.trainingXp,
    support_xp: t.supportXp,
    attempts: t.attempts,
    practice_seconds: t.seconds,
    outcomes: t.outcomes,
    streak,
    last_practice_day: t.lastPracticedAt?.slice(0, 10) ?? null,
    last_practiced_at: t.lastPracticedAt,
  };
}
