// The demo team for `npm start`: a manager and reps with realistic leads, outcomes and practice
// history, relative to "now" so the data always looks recent. Deterministic for a given `now`.
// Tokens are fixed, local-only demo tokens (printed by `npm start`); only their hashes are stored.
import type { Category, Difficulty, LostReason, Persona, Result } from "@dq/shared";
import { libraryId } from "./library.ts";
import { rng } from "./random.ts";
import { insert } from "./sql.ts";

export const DEMO_TEAM_ID = "team_demo_northwind";

export interface DemoMember {
  id: string;
  name: string;
  email: string;
  role: "rep" | "manager";
  token: string;
  /** How this rep sells: where their real deals tend to die (shapes the seeded outcomes). */
  profile: { respond: number; meeting: number; win: number; practiceDaysPerWeek: number };
}

export const demoMembers: DemoMember[] = [
  { id: "mem_demo_morgan", name: "Morgan Lee", email: "morgan@northwind.example", role: "manager", token: "dq_demo_manager_morgan", profile: { respond: 0.6, meeting: 0.6, win: 0.4, practiceDaysPerWeek: 1 } },
  { id: "mem_demo_alex", name: "Alex Rivera", email: "alex@northwind.example", role: "rep", token: "dq_demo_rep_alex", profile: { respond: 0.65, meeting: 0.3, win: 0.45, practiceDaysPerWeek: 2 } },
  { id: "mem_demo_sam", name: "Sam Chen", email: "sam@northwind.example", role: "rep", token: "dq_demo_rep_sam", profile: { respond: 0.35, meeting: 0.65, win: 0.4, practiceDaysPerWeek: 4 } },
  { id: "mem_demo_priya", name: "Priya Patel", email: "priya@northwind.example", role: "rep", token: "dq_demo_rep_priya", profile: { respond: 0.7, meeting: 0.7, win: 0.55, practiceDaysPerWeek: 5 } },
];

const COMPANIES = [
  ["Harbor Logistics", "logistics"], ["Pinecrest Dental Group", "healthcare"], ["Bluefin Analytics", "saas"], ["Copperline Manufacturing", "manufacturing"],
  ["Meridian Credit Union", "financial_services"], ["Oakridge Realty", "real_estate"], ["Summit Outdoor Supply", "retail"], ["Lumen Learning Co", "education"],
  ["Granite Ridge Engineering", "professional_services"], ["Cobalt Freight", "logistics"], ["Silverleaf Clinics", "healthcare"], ["Northstar Payroll", "saas"],
  ["Redwood Fabrication", "manufacturing"], ["Brightwater Insurance", "financial_services"], ["Juniper Home Goods", "retail"], ["Crestview County Schools", "public_sector"],
] as const;
const FIRST = ["Jordan", "Taylor", "Casey", "Riley", "Avery", "Quinn", "Harper", "Rowan", "Emerson", "Dakota", "Reese", "Skyler", "Morgan", "Elliot", "Hayden", "Parker"];
const LAST = ["Nguyen", "Okafor", "Schmidt", "Alvarez", "Kowalski", "Haddad", "Lindqvist", "Tanaka", "Brennan", "Moreau", "Castillo", "Ibrahim", "Fischer", "Duarte", "Wallace", "Sato"];
const PERSONAS: Persona[] = ["enterprise_buyer", "smb_owner", "technical_evaluator", "procurement", "executive", "champion"];
const STRATEGIES = ["value_selling", "consultative_discovery", "trigger_event", "social_proof", "multi_threading", "business_case", "referral"];
const TACTICS = ["personalized_email", "cold_call", "linkedin_touch", "case_study", "live_demo", "free_trial", "roi_calculator", "mutual_action_plan", "follow_up_sequence", "customer_reference"];
const OPEN_STAGES = ["Appointment Scheduled", "Qualified To Buy", "Presentation Scheduled", "Decision Maker Bought-In", "Contract Sent"];
const LOST_REASONS: LostReason[] = ["price", "competitor", "timing", "no_decision", "negotiation", "no_budget"];

export interface LibraryRef {
  slug: string;
  category: Category;
  difficulty: Difficulty;
}

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** Statements that create the demo team; `hash(token)` gives a token's stored SHA-256 hex. */
export function demoSeedSql(now: Date, library: LibraryRef[], hash: (token: string) => string): string[] {
  const r = rng(20261124);
  const t0 = now.getTime();
  const out: string[] = [];
  out.push(insert("teams", { id: DEMO_TEAM_ID, name: "Northwind Sales (demo)", settings: "{}", created_at: iso(t0 - 200 * day) }));

  for (const m of demoMembers) {
    out.push(insert("members", { id: m.id, team_id: DEMO_TEAM_ID, name: m.name, email: m.email, role: m.role, created_at: iso(t0 - 190 * day) }));
    out.push(insert("tokens", { hash: hash(m.token), member_id: m.id, created_at: iso(t0 - 190 * day) }));

    let trainingXp = 0;
    let supportXp = 0;
    let attempts = 0;
    let seconds = 0;
    let outcomes = 0;
    let lastPracticeDay: string | null = null;
    let lastPracticedAt: string | null = null;
    let streak = 0;

    // Practice history: the last 60 days, on this rep's usual number of days a week, most recent first.
    const practiceDays: number[] = [];
    for (let d = 60; d >= 0; d--) if (r.chance(m.profile.practiceDaysPerWeek / 7)) practiceDays.push(d);
    for (const d of practiceDays) {
      for (let k = r.int(1, 3); k > 0; k--) {
        const s = r.pick(library);
        const score = Math.max(5, Math.min(98, Math.round(40 + r.next() * 50 + (m.profile.win - 0.45) * 40)));
        const duration = r.int(90, 900);
        const xp = Math.round((score * { easy: 1, medium: 1.5, hard: 2 }[s.difficulty]) / 5);
        const at = iso(t0 - d * day - r.int(1, 8) * 3_600_000);
        const attemptId = r.id();
        out.push(
          insert("attempts", {
            id: attemptId,
            team_id: DEMO_TEAM_ID,
            member_id: m.id,
            scenario_id: libraryId(s.slug),
            response: "(demo history)",
            duration_sec: duration,
            score,
            feedback: "[]",
            xp,
            created_at: at,
          }),
        );
        out.push(insert("xp_ledger", { id: r.id(), team_id: DEMO_TEAM_ID, member_id: m.id, source: "training", amount: xp, reason: "practice_attempt", ref_id: attemptId, created_at: at }));
        trainingXp += xp;
        attempts += 1;
        seconds += Math.min(duration, 1800);
        if (!lastPracticedAt || at > lastPracticedAt) ((lastPracticedAt = at), (lastPracticeDay = at.slice(0, 10)));
      }
    }
    // Streak: consecutive days ending at the most recent practice day.
    const daysSet = new Set(practiceDays);
    const latest = Math.min(...practiceDays);
    for (let d = latest; daysSet.has(d); d++) streak++;

    if (m.role !== "rep") {
      out.push(insert("member_stats", { member_id: m.id, training_xp: trainingXp, support_xp: 0, attempts, practice_seconds: seconds, outcomes: 0, streak, last_practice_day: lastPracticeDay, last_practiced_at: lastPracticedAt }));
      continue;
    }

    // Leads: closed ones over the last 120 days with outcomes shaped by the rep's profile, plus open ones.
    for (let i = 0; i < 14; i++) {
      const [company, industry] = r.pick(COMPANIES);
      const contact = `${r.pick(FIRST)} ${r.pick(LAST)}`;
      const created = t0 - r.int(20, 150) * day;
      const open = i >= 10;
      const leadId = r.id();
      const external = String(r.int(10_000_000, 99_999_999));
      const responded = r.chance(m.profile.respond);
      const meeting = responded && r.chance(m.profile.meeting);
      const result: Result = !responded ? "ghosted" : meeting && r.chance(m.profile.win) ? "won" : meeting ? "lost" : r.chance(0.5) ? "ghosted" : "lost";
      const closed = Math.min(t0 - day, created + r.int(10, 70) * day);
      const status = open ? "open" : result;
      const stage = open ? r.pick(OPEN_STAGES) : result === "won" ? "Closed Won" : "Closed Lost";
      // Open leads: some went quiet weeks ago (stale), some are fresh.
      const updated = open ? t0 - r.int(1, 30) * day : closed;
      out.push(
        insert("leads", {
          id: leadId,
          team_id: DEMO_TEAM_ID,
          owner_id: m.id,
          crm: "sandbox",
          external_id: external,
          name: `${contact} — ${company}`,
          company,
          stage,
          status,
          amount: r.int(8, 120) * 500,
          currency: "USD",
          url: null,
          persona: r.pick(PERSONAS),
          industry,
          crm_created_at: iso(created),
          first_seen_at: iso(created),
          updated_at: iso(updated),
          closed_at: open ? null : iso(closed),
        }),
      );
      if (open) continue;
      const support = 10 + (result === "won" ? 25 : 0);
      const outcomeId = r.id();
      const tactics = [...new Set([r.pick(TACTICS), r.pick(TACTICS)])];
      out.push(
        insert("outcomes", {
          id: outcomeId,
          team_id: DEMO_TEAM_ID,
          lead_id: leadId,
          member_id: m.id,
          responded: responded ? 1 : 0,
          meeting_booked: meeting ? 1 : 0,
          result,
          strategy: r.pick(STRATEGIES),
          tactics: JSON.stringify(tactics),
          lost_reason: result === "lost" ? r.pick(LOST_REASONS) : null,
          winning_approach: result === "won" ? "Tied the proposal to their quarterly goal, brought a customer reference, and agreed a dated mutual plan." : null,
          scenario_consent: 0,
          notes: null,
          closed_at: iso(closed),
          created_at: iso(closed + 3_600_000),
        }),
      );
      out.push(insert("xp_ledger", { id: r.id(), team_id: DEMO_TEAM_ID, member_id: m.id, source: "support", amount: support, reason: "outcome_logged", ref_id: outcomeId, created_at: iso(closed + 3_600_000) }));
      supportXp += support;
      outcomes += 1;
    }
    out.push(insert("member_stats", { member_id: m.id, training_xp: trainingXp, support_xp: supportXp, attempts, practice_seconds: seconds, outcomes, streak, last_practice_day: lastPracticeDay, last_practiced_at: lastPracticedAt }));
  }
  return out;
}
