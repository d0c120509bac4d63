// Reads and writes of experiment mode: a rep's or a team's arms in a block, storing new assignments (never
// overwriting one), and what the report reads (every assignment since the first reported block, and the
// team's deals by how they ended).
import type { ExperimentArm } from "@dq/shared";
import type { NewAssignment, StoredArm } from "../domain/holdout.ts";
import type { Db } from "./client.ts";

interface ArmRow {
  member_id: string;
  category: string;
  arm: ExperimentArm;
}

const toArm = (r: ArmRow): StoredArm => ({ memberId: r.member_id, category: r.category, arm: r.arm });

/** One rep's stored arms in a block (by the member index: a handful of rows). */
export function memberArmsStatement(db: Db, memberId: string, blockStart: string): D1PreparedStatement {
  return db.stmt("SELECT member_id, category, arm FROM experiment_assignments WHERE member_id = ? AND block_start = ?", memberId, blockStart);
}

/** The team's stored arms in a block (reps × categories rows). */
export function teamArmsStatement(db: Db, teamId: string, blockStart: string): D1PreparedStatement {
  return db.stmt("SELECT member_id, category, arm FROM experiment_assignments WHERE team_id = ? AND block_start = ?", teamId, blockStart);
}

export function readArms(result: D1Result | undefined): StoredArm[] {
  return ((result?.results ?? []) as unknown as ArmRow[]).map(toArm);
}

/** Stores an assignment unless the unit already has one: an arm, once drawn, is never changed. */
export function insertAssignmentStatement(db: Db, a: NewAssignment, at: string): D1PreparedStatement {
  return db.stmt(
    "INSERT OR IGNORE INTO experiment_assignments (team_id, member_id, category, block_start, arm, seed, holdout_share, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    a.teamId,
    a.memberId,
    a.category,
    a.blockStart,
    a.arm,
    a.seed,
    a.holdoutShare,
    at,
  );
}

export interface AssignmentRow {
  member_id: string;
  category: string;
  block_start: string;
  arm: ExperimentArm;
  /** The share in force when the arm was drawn: units are re-randomized only among units drawn at the same share. */
  holdout_share: number;
}

/** Every assignment of the team from a block on (the report's units). */
export function teamAssignmentsStatement(db: Db, teamId: string, fromBlock: string): D1PreparedStatement {
  return db.stmt("SELECT member_id, category, block_start, arm, holdout_share FROM experiment_assignments WHERE team_id = ? AND block_start >= ?", teamId, fromBlock);
}

export interface ExperimentDealRow {
  member_id: string;
  responded: number;
  meeting_booked: number;
  result: "won" | "lost" | "ghosted";
  closed_at: string;
}

/** The team's deals closed from a moment on, each once, by its latest outcome (the same rule as the analytics). */
export function experimentDealsStatement(db: Db, teamId: string, fromIso: string): D1PreparedStatement {
  return db.stmt(
    `SELECT o.member_id, o.responded, o.meeting_booked, o.result, o.closed_at FROM outcomes o
     WHERE o.team_id = ? AND o.closed_at >= ?
       AND NOT EXISTS (SELECT 1 FROM outcomes later WHERE later.lead_id = o.lead_id
         AND (later.created_at > o.created_at OR (later.created_at = o.created_at AND later.id > o.id)))`,
    teamId,
    fromIso,
  );
}
