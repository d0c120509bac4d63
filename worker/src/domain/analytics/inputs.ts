// What the analytics read: small aggregates the route gets from D1 in one batch (see routes/analytics.ts).
// Outcomes are counted once per lead, by the lead's latest answer; attempts count at most 30 minutes each.
import type { Category, Role } from "@dq/shared";
import type { ResolvedPeriod } from "./period.ts";

export interface FunnelCounts {
  n: number;
  responded: number;
  meetingBooked: number;
  won: number;
  lost: number;
  ghosted: number;
}

export const NO_OUTCOMES: FunnelCounts = { n: 0, responded: 0, meetingBooked: 0, won: 0, lost: 0, ghosted: 0 };

export function addCounts(a: FunnelCounts, b: FunnelCounts): FunnelCounts {
  return {
    n: a.n + b.n,
    responded: a.responded + b.responded,
    meetingBooked: a.meetingBooked + b.meetingBooked,
    won: a.won + b.won,
    lost: a.lost + b.lost,
    ghosted: a.ghosted + b.ghosted,
  };
}

export interface AnalyticsMemberRef {
  id: string;
  name: string;
  role: Role;
}

/** Practice of one member in one ISO week (inside the period). */
export interface PracticeWeek {
  memberId: string;
  /** The week's Monday (YYYY-MM-DD). */
  week: string;
  attempts: number;
  /** Sum of min(durationSec, 1800). */
  seconds: number;
}

/** Outcomes of one member closed in one ISO week, inside the period or in the four weeks after it. */
export interface OutcomeWeek extends FunnelCounts {
  memberId: string;
  week: string;
  /** closedAt within the period (false: after it, read only for the within-rep forward windows). */
  inPeriod: boolean;
}

/** Outcomes in the period of one member with one strategy (id null: none recorded) or one tactic. */
export interface PlaybookCounts {
  memberId: string;
  id: string | null;
  n: number;
  responded: number;
  meetingBooked: number;
  won: number;
}

/** A won deal in the period: days from the lead's creation to closedAt. */
export interface WonDeal {
  memberId: string;
  strategy: string | null;
  days: number;
}

/**
 * A member's outcomes in one lift window for one category: `before` = the 30 days before their first practice
 * attempt in the category, `after` = the 30 days from their third. One row per side; a member who reached three
 * attempts but has no outcomes in either window still has a row with n = 0.
 */
export interface LiftWindow extends FunnelCounts {
  memberId: string;
  category: Category;
  side: "before" | "after";
  /** Won deals that had a meeting (the "won given meeting" step). */
  wonAfterMeeting: number;
}

export interface AnalyticsInput {
  period: ResolvedPeriod;
  /** The members analysed: the team's reps, or the one caller. */
  members: AnalyticsMemberRef[];
  practice: PracticeWeek[];
  outcomes: OutcomeWeek[];
  strategies: PlaybookCounts[];
  tactics: PlaybookCounts[];
  wonDeals: WonDeal[];
  lift: LiftWindow[];
  /** Labels of the team's playbook (strategies and tactics by id). */
  labels: { strategies: Record<string, string>; tactics: Record<string, string> };
}
