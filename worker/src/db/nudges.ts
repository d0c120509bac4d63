// Nudge reads and writes other routes share: the nudges worth showing (Today, a lead's page) and the nudge rules
// POST /v1/leads/:id/outcomes runs when an outcome arrives, inside that route's own read batch and write batch
// (no extra round trip).
import { type Category, DAY_MS, type Nudge, type RecordOutcomeRequest } from "@dq/shared";
import { armsInBlock, currentBlock, heldOutOf, storedExperiment } from "../domain/holdout.ts";
import { type ExistingNudge, type NudgeScenarioCandidate, adaptiveSettings, isShowable, outcomeTriggers, planNudges } from "../domain/nudges.ts";
import { type ScenarioHistory, rankScenarios } from "../domain/recommendations.ts";
import type { Principal } from "../http/auth.ts";
import { type NudgeViewRow, insertNudgeStatement, leadLabel, openNudgesStatement, toNudge } from "./adaptive.ts";
import type { Db } from "./client.ts";
import { insertAssignmentStatement, memberArmsStatement, readArms } from "./experiment.ts";
import type { LeadRow } from "./rows.ts";

/** The nudges worth showing now (open, not snoozed or expired, stale-lead ones while the lead stays quiet). */
export function showableNudges(rows: NudgeViewRow[], now: Date): Nudge[] {
  return rows
    .filter((r) =>
      isShowable(
        { kind: r.kind, status: r.status, expiresAt: r.expires_at, snoozedUntil: r.snoozed_until, createdAt: r.created_at },
        r.lead_id ? { status: r.lead_status ?? "gone", activityAt: r.lead_activity_at } : null,
        now,
      ),
    )
    .map(toNudge);
}

/** For GET /v1/leads/:id: the caller's open nudges about one lead (add to the route's read batch). */
export function leadNudgesStatement(db: Db, memberId: string, leadId: string, now: Date): D1PreparedStatement {
  return openNudgesStatement(db, memberId, now, leadId);
}

export function readLeadNudges(result: D1Result, now: Date): Nudge[] {
  return showableNudges(result.results as unknown as NudgeViewRow[], now);
}

// ── When an outcome arrives ───────────────────────────────────────────────────────────────────

interface CandidateRow {
  id: string;
  slug: string;
  title: string;
  category: Category;
  difficulty: NudgeScenarioCandidate["difficulty"];
  persona: NudgeScenarioCandidate["persona"];
  industry: null;
  source: "library";
  status: "published";
  team_id: string | null;
  created_at: string;
  attempts: number;
  last_at: string | null;
  last_score: number | null;
}

/**
 * The nudge rules for one recorded outcome. `reads` go into the outcome route's read batch (none
 * when no rule can fire); `writes` turns their results into statements for its write batch.
 */
export function outcomeNudgeCheck(db: Db, p: Principal, b: Pick<RecordOutcomeRequest, "responded" | "meetingBooked" | "result" | "lostReason">, now: Date) {
  const probe = outcomeTriggers({ leadId: "", leadName: null, persona: null, ...b, lostReason: b.lostReason ?? null, at: "" });
  // Experiment mode: the rep's arms in this block decide whether the rule may nudge at all.
  const experiment = storedExperiment(p.team.settings);
  const block = p.member.role === "rep" ? currentBlock(experiment, now) : null;
  const categories = [...new Set(probe.map((t): Category => (t.kind === "lost_on_price" ? "pricing" : "meeting_booking")))];
  const reads =
    probe.length === 0
      ? []
      : [
          db.stmt(
            `SELECT s.id, s.slug, s.title, s.category, s.difficulty, s.persona, s.industry, s.source, s.status, s.team_id, s.created_at,
               (SELECT count(*) FROM attempts a WHERE a.member_id = ?1 AND a.scenario_id = s.id) AS attempts,
               (SELECT max(a.created_at) FROM attempts a WHERE a.member_id = ?1 AND a.scenario_id = s.id) AS last_at,
               (SELECT a.score FROM attempts a WHERE a.member_id = ?1 AND a.scenario_id = s.id ORDER BY a.created_at DESC LIMIT 1) AS last_score
             FROM scenarios s WHERE s.status = 'published' AND (s.team_id IS NULL OR s.team_id = ?2) AND s.category IN (${categories.map(() => "?").join(", ")})`,
            p.member.id,
            p.team.id,
            ...categories,
          ),
          db.stmt(
            "SELECT kind, dedupe_key, scenario_id, lead_id, status, created_at, expires_at FROM nudges WHERE member_id = ? AND (status = 'open' OR created_at >= ?)",
            p.member.id,
            new Date(now.getTime() - 30 * DAY_MS).toISOString(),
          ),
          ...(block ? [memberArmsStatement(db, p.member.id, block.start)] : []),
        ];

  function writes(results: D1Result[], lead: Pick<LeadRow, "id" | "name" | "company" | "persona">): D1PreparedStatement[] {
    if (reads.length === 0) return [];
    const candidatesRows = results[0]!.results as unknown as CandidateRow[];
    const existing = (results[1]!.results as unknown as { kind: ExistingNudge["kind"]; dedupe_key: string; scenario_id: string; lead_id: string | null; status: ExistingNudge["status"]; created_at: string; expires_at: string }[]).map(
      (r): ExistingNudge => ({ kind: r.kind, dedupeKey: r.dedupe_key, scenarioId: r.scenario_id, leadId: r.lead_id, status: r.status, createdAt: r.created_at, expiresAt: r.expires_at }),
    );
    const history = new Map<string, ScenarioHistory>();
    for (const r of candidatesRows) if (r.attempts > 0 && r.last_at && r.last_score !== null) history.set(r.id, { attempts: r.attempts, lastAt: r.last_at, lastScore: r.last_score });
    const ranked = rankScenarios({
      now,
      weakAreas: [],
      ownMean: null,
      scenarios: candidatesRows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, category: r.category, difficulty: r.difficulty, persona: r.persona, industry: r.industry, source: r.source, status: r.status, teamId: r.team_id, createdAt: r.created_at })),
      history,
      openDeals: [],
    });
    const triggers = outcomeTriggers({ leadId: lead.id, leadName: leadLabel(lead), persona: lead.persona, ...b, lostReason: b.lostReason ?? null, at: now.toISOString() });
    const arms = block ? armsInBlock(experiment, p.team.id, [p.member.id], block.start, readArms(results[2])) : null;
    const planned = planNudges({
      now,
      settings: adaptiveSettings(p.team.settings),
      triggers,
      existing,
      candidates: ranked.map((r) => ({ id: r.scenario.id, title: r.scenario.title, category: r.scenario.category, difficulty: r.scenario.difficulty, persona: r.scenario.persona, score: r.score })),
      heldOut: heldOutOf(arms?.arms.get(p.member.id)),
    });
    const assignments = (arms?.toStore ?? []).map((a) => insertAssignmentStatement(db, a, now.toISOString()));
    return [...assignments, ...planned.map((n) =>
      insertNudgeStatement(db, { id: crypto.randomUUID(), teamId: p.team.id, memberId: p.member.id, kind: n.kind, dedupeKey: n.dedupeKey, leadId: n.leadId, scenarioId: n.scenario.id, message: n.message, createdAt: n.createdAt, expiresAt: n.expiresAt }),
    )];
  }

  return { reads, writes };
}
