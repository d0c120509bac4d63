// Nudges: "Today" for a rep, and what a rep does with one (act, dismiss, snooze). Also the nudge
// check that POST /v1/leads/:id/outcomes runs when an outcome arrives, inside that route's own
// read batch and write batch (no extra round trip).
import { createRoute, z } from "@hono/zod-openapi";
import { type Category, Id, type Nudge, NudgeList, NudgeResponse, type RecordOutcomeRequest, SnoozeNudgeRequest, DAY_MS } from "@dq/shared";
import { type NudgeViewRow, insertNudgeStatement, leadLabel, nudgeByIdStatement, openNudgesStatement, toNudge } from "../db/adaptive.ts";
import type { Db } from "../db/client.ts";
import type { LeadRow } from "../db/rows.ts";
import { insertAssignmentStatement, memberArmsStatement, readArms } from "../db/experiment.ts";
import { armsInBlock, currentBlock, heldOutOf, storedExperiment } from "../domain/holdout.ts";
import { type ExistingNudge, type NudgeScenarioCandidate, adaptiveSettings, isShowable, outcomeTriggers, planNudges } from "../domain/nudges.ts";
import { type ScenarioHistory, rankScenarios } from "../domain/recommendations.ts";
import type { Principal } from "../http/auth.ts";
import { requireMember } from "../http/auth.ts";
import { conflict, notFound } from "../http/errors.ts";
import { commit } from "../http/idempotency.ts";
import { IdempotencyHeader, bearer, jsonBody, jsonResponse, memberErrors, mutationErrors, router } from "../http/openapi.ts";

export const nudges = router();
nudges.use("/v1/me/nudges", requireMember());
nudges.use("/v1/nudges/*", requireMember());

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

nudges.openapi(
  createRoute({
    method: "get",
    path: "/v1/me/nudges",
    tags: ["nudges"],
    summary: "Today: the caller's open nudges, newest first, each with its scenario and a practice link.",
    security: bearer,
    responses: { 200: jsonResponse(NudgeList, "Open nudges."), ...memberErrors },
  }),
  async (c) => {
    const now = c.var.now;
    const [res] = await c.var.db.batch([openNudgesStatement(c.var.db, c.var.principal.member.id, now)]);
    const result = res!.results as unknown as NudgeViewRow[];
    return c.json({ nudges: showableNudges(result, now) }, 200);
  },
);

const NudgeParams = z.object({ id: Id });

async function loadNudge(db: Db, id: string, memberId: string): Promise<NudgeViewRow> {
  const [res] = await db.batch([nudgeByIdStatement(db, id, memberId)]);
  const row = res!.results[0] as NudgeViewRow | undefined;
  if (!row) throw notFound("Nudge");
  return row;
}

const nudgeAction = (action: "dismiss" | "act", summary: string) =>
  createRoute({
    method: "post",
    path: `/v1/nudges/{id}/${action}`,
    tags: ["nudges"],
    summary,
    security: bearer,
    request: { params: NudgeParams },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(NudgeResponse, "The nudge, updated."), ...mutationErrors },
  });

nudges.openapi(nudgeAction("dismiss", "Dismiss a nudge: it leaves Today and the same situation does not nudge again."), async (c) => {
  const { id } = c.req.valid("param");
  const db = c.var.db;
  const row = await loadNudge(db, id, c.var.principal.member.id);
  const now = c.var.now.toISOString();
  const updated = { ...row, status: "dismissed" as const, snoozed_until: null };
  const body = { nudge: toNudge(updated) };
  await commit(c, [db.stmt("UPDATE nudges SET status = 'dismissed', dismissed_at = ?, snoozed_until = NULL WHERE id = ?", now, id)], body);
  return c.json(body, 200);
});

nudges.openapi(nudgeAction("act", "Act on a nudge (\"Practice now\"): marks it done and returns its practice link."), async (c) => {
  const { id } = c.req.valid("param");
  const db = c.var.db;
  const row = await loadNudge(db, id, c.var.principal.member.id);
  const now = c.var.now.toISOString();
  const body = { nudge: toNudge({ ...row, status: "acted", snoozed_until: null }) };
  await commit(c, [db.stmt("UPDATE nudges SET status = 'acted', acted_at = coalesce(acted_at, ?), snoozed_until = NULL WHERE id = ?", now, id)], body);
  return c.json(body, 200);
});

nudges.openapi(
  createRoute({
    method: "post",
    path: "/v1/nudges/{id}/snooze",
    tags: ["nudges"],
    summary: "Snooze a nudge for some hours (default 24): it comes back to Today afterwards.",
    security: bearer,
    request: { params: NudgeParams, body: jsonBody(SnoozeNudgeRequest) },
    parameters: [IdempotencyHeader],
    responses: { 200: jsonResponse(NudgeResponse, "The nudge, snoozed."), ...mutationErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { hours } = c.req.valid("json");
    const db = c.var.db;
    const row = await loadNudge(db, id, c.var.principal.member.id);
    if (row.status !== "open") throw conflict(`This nudge is already ${row.status === "acted" ? "done" : "dismissed"}; only an open nudge can be snoozed.`);
    const until = new Date(c.var.now.getTime() + hours * 3_600_000).toISOString();
    const body = { nudge: toNudge({ ...row, snoozed_until: until }) };
    await commit(c, [db.stmt("UPDATE nudges SET snoozed_until = ? WHERE id = ?", until, id)], body);
    return c.json(body, 200);
  },
);

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
