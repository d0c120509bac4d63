// The adaptive loop's scheduled jobs, per team: mark stale leads, draft scenarios from the team
// casebook and company knowledge, evaluate nudges. Each is idempotent (stale marks are set once
// per quiet spell, drafts and nudges insert on unique keys), so running the schedule twice
// changes nothing the second time. Run on the cron for every team, or by a manager for theirs.
import { Db } from "../db/client.ts";
import { databaseFor } from "../db/placement.ts";
import { type OpenLeadRow, insertNudgeStatement, insertScenarioStatement, isoDaysAgo, readTeamContext, talliesOf, teamContextStatements } from "../db/adaptive.ts";
import { insertAssignmentStatement, readArms, teamArmsStatement } from "../db/experiment.ts";
import type { ScenarioRow } from "../db/rows.ts";
import { type KnowledgeForScenario, casebookLessons, draftsToCreate } from "../domain/casebook.ts";
import { armsInBlock, currentBlock, heldOutOf, storedExperiment } from "../domain/holdout.ts";
import { adaptiveSettings, staleLeadChanges } from "../domain/nudges.ts";
import { nudgesForRep } from "../domain/repNudges.ts";
import type { Env } from "../env.ts";
import type { ScheduledJob } from "../jobs.ts";

export interface TeamRef {
  id: string;
  settings: string;
}

export type Trigger = "cron" | "manual";

export interface TeamJob {
  name: string;
  /** Does the job's work for one team; returns what it did, as counts. */
  runForTeam(db: Db, team: TeamRef, now: Date): Promise<Record<string, number>>;
}

/** D1 binds at most 100 parameters per statement. */
function chunks<T>(xs: T[], size = 90): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export const markStaleLeads: TeamJob = {
  name: "mark-stale-leads",
  async runForTeam(db, team, now) {
    const { staleLeadDays } = adaptiveSettings(team.settings);
    const leads = await db.all<{ id: string; activity_at: string; stale_since: string | null }>(
      "SELECT id, coalesce(activity_at, updated_at) AS activity_at, stale_since FROM leads WHERE team_id = ? AND status = 'open'",
      team.id,
    );
    const { mark, clear } = staleLeadChanges(
      leads.map((l) => ({ id: l.id, activityAt: l.activity_at, staleSince: l.stale_since })),
      now,
      staleLeadDays,
    );
    const at = now.toISOString();
    await db.batch([
      ...chunks(mark).map((ids) => db.stmt(`UPDATE leads SET stale_since = ? WHERE id IN (${ids.map(() => "?").join(", ")})`, at, ...ids)),
      ...chunks(clear).map((ids) => db.stmt(`UPDATE leads SET stale_since = NULL WHERE id IN (${ids.map(() => "?").join(", ")})`, ...ids)),
      // A closed lead is not stale.
      db.stmt("UPDATE leads SET stale_since = NULL WHERE team_id = ? AND status <> 'open' AND stale_since IS NOT NULL", team.id),
    ]);
    return { marked: mark.length, cleared: clear.length, open: leads.length };
  },
};

export const draftTeamScenarios: TeamJob = {
  name: "draft-team-scenarios",
  async runForTeam(db, team, now) {
    const [deals, knowledge, existing] = await db.batch([
      db.stmt(
        `SELECT o.responded, o.meeting_booked, o.result, o.lost_reason, o.tactics, l.persona, l.industry FROM outcomes o JOIN leads l ON l.id = o.lead_id
         WHERE o.team_id = ? AND o.closed_at >= ? AND o.created_at = (SELECT max(o2.created_at) FROM outcomes o2 WHERE o2.lead_id = o.lead_id)`,
        team.id,
        isoDaysAgo(now, 180),
      ),
      db.stmt("SELECT id, kind, title, body, answer FROM knowledge WHERE team_id = ? ORDER BY created_at", team.id),
      db.stmt("SELECT slug, status FROM scenarios WHERE team_id = ? AND source IN ('casebook', 'knowledge')", team.id),
    ]);
    type DealRow = { responded: number; meeting_booked: number; result: "won" | "lost" | "ghosted"; lost_reason: string | null; tactics: string; persona: string | null; industry: string | null };
    const lessons = casebookLessons(
      (deals!.results as DealRow[]).map((d) => ({
        responded: d.responded === 1,
        meetingBooked: d.meeting_booked === 1,
        result: d.result,
        lostReason: d.lost_reason as never,
        tactics: JSON.parse(d.tactics) as string[],
        persona: d.persona as never,
        industry: d.industry as never,
      })),
    );
    const drafts = draftsToCreate({
      lessons,
      knowledge: knowledge!.results as unknown as KnowledgeForScenario[],
      existingSlugs: new Set((existing!.results as { slug: string }[]).map((r) => r.slug)),
      pending: (existing!.results as { status: string }[]).filter((r) => r.status === "draft").length,
    });
    const at = now.toISOString();
    // INSERT OR IGNORE on (team, slug): a concurrent run cannot draft the same lesson twice.
    await db.batch(
      drafts.map((d) =>
        insertScenarioStatement(
          db,
          {
            id: `sc_${crypto.randomUUID()}`,
            team_id: team.id,
            slug: d.slug,
            source: d.slug.startsWith("casebook-") ? "casebook" : "knowledge",
            status: "draft",
            title: d.title,
            category: d.category,
            difficulty: d.difficulty,
            persona: d.persona,
            industry: d.industry,
            situation: d.situation,
            buyer_line: d.buyerLine,
            ideal_response: d.idealResponse,
            rubric: JSON.stringify(d.rubric),
            pitfalls: JSON.stringify(d.pitfalls),
            closing_line: d.closingLine ?? null,
            author_id: null,
            lead_id: null,
            created_at: at,
            updated_at: at,
          } satisfies ScenarioRow & { closing_line: string | null },
          true,
        ),
      ),
    );
    return { lessons: lessons.length, drafted: drafts.length };
  },
};

export const evaluateNudges: TeamJob = {
  name: "evaluate-nudges",
  async runForTeam(db, team, now) {
    const settings = adaptiveSettings(team.settings);
    const experiment = storedExperiment(team.settings);
    const block = currentBlock(experiment, now);
    const reads = await db.batch([...teamContextStatements(db, team.id, now), ...(block ? [teamArmsStatement(db, team.id, block.start)] : [])]);
    const ctx = readTeamContext(reads);
    const tallies = talliesOf(ctx.deals);
    const staleBefore = isoDaysAgo(now, settings.staleLeadDays);
    const teamOpen = { openLeads: ctx.openLeads.length, staleOpenLeads: ctx.openLeads.filter((l) => l.activity_at <= staleBefore).length };
    const byOwner = new Map<string, OpenLeadRow[]>();
    for (const l of ctx.openLeads) if (l.owner_id) byOwner.set(l.owner_id, [...(byOwner.get(l.owner_id) ?? []), l]);

    const writes: D1PreparedStatement[] = [];
    // Experiment mode: every rep's arms in this block, drawn now where not stored yet (and stored below).
    const experimentArms = block ? armsInBlock(experiment, team.id, ctx.reps.map((r) => r.id), block.start, readArms(reads.at(-1))) : null;
    for (const a of experimentArms?.toStore ?? []) writes.push(insertAssignmentStatement(db, a, now.toISOString()));
    let nudges = 0;
    for (const rep of ctx.reps) {
      const planned = nudgesForRep({
        now,
        settings,
        member: { createdAt: rep.created_at, lastPracticedAt: rep.last_practiced_at },
        attempts: ctx.attempts.filter((a) => a.memberId === rep.id),
        deals: ctx.deals.filter((d) => d.memberId === rep.id),
        openLeads: (byOwner.get(rep.id) ?? []).map((l) => ({ id: l.id, name: l.company ?? l.name, persona: l.persona, industry: l.industry, activityAt: l.activity_at })),
        team: { deals: tallies, ...teamOpen },
        scenarios: ctx.scenarios,
        existing: ctx.nudges
          .filter((n) => n.member_id === rep.id)
          .map((n) => ({ kind: n.kind, dedupeKey: n.dedupe_key, scenarioId: n.scenario_id, leadId: n.lead_id, status: n.status, createdAt: n.created_at, expiresAt: n.expires_at })),
        heldOut: heldOutOf(experimentArms?.arms.get(rep.id)),
      });
      nudges += planned.length;
      for (const n of planned)
        writes.push(
          insertNudgeStatement(db, { id: crypto.randomUUID(), teamId: team.id, memberId: rep.id, kind: n.kind, dedupeKey: n.dedupeKey, leadId: n.leadId, scenarioId: n.scenario.id, message: n.message, createdAt: n.createdAt, expiresAt: n.expiresAt }),
        );
    }
    await db.batch(writes);
    return { reps: ctx.reps.length, nudges, ...(experimentArms ? { assigned: experimentArms.toStore.length } : {}) };
  },
};

/** The adaptive jobs in the order they run: stale marks first (nudges read them), drafts, nudges. */
export const adaptiveJobs: TeamJob[] = [markStaleLeads, draftTeamScenarios, evaluateNudges];

/** Runs one job for one team and records the run (schedule_runs); old records are pruned. */
export async function runTeamJob(db: Db, job: TeamJob, team: TeamRef, now: Date, trigger: Trigger): Promise<Record<string, number> | string> {
  // Run times on the injected clock: the 30-day pruning below compares them with `now`.
  const began = Date.now();
  const startedAt = now.toISOString();
  let summary: Record<string, number> | string;
  try {
    summary = await job.runForTeam(db, team, now);
  } catch (err) {
    console.error(`job ${job.name} failed for team ${team.id}`, err);
    summary = `failed: ${String(err)}`;
  }
  await db.batch([
    db.stmt(
      "INSERT INTO schedule_runs (id, team_id, job, trigger, started_at, finished_at, summary) VALUES (?, ?, ?, ?, ?, ?, ?)",
      crypto.randomUUID(),
      team.id,
      job.name,
      trigger,
      startedAt,
      new Date(now.getTime() + (Date.now() - began)).toISOString(),
      JSON.stringify(typeof summary === "string" ? { error: summary } : summary),
    ),
    db.stmt("DELETE FROM schedule_runs WHERE team_id = ? AND job = ? AND started_at < ?", team.id, job.name, isoDaysAgo(now, 30)),
  ]);
  return summary;
}

/** A team job as a scheduled job: the cron runs it for every team. */
export function forEveryTeam(job: TeamJob): ScheduledJob {
  return {
    name: job.name,
    async run(env: Env, now: Date) {
      const teams = await new Db(databaseFor(env, null)).all<TeamRef>("SELECT id, settings FROM teams ORDER BY id");
      const failed: string[] = [];
      for (const team of teams) {
        const summary = await runTeamJob(new Db(databaseFor(env, team.id)), job, team, now, "cron");
        if (typeof summary === "string") failed.push(team.id);
      }
      if (failed.length) throw new Error(`${job.name} failed for ${failed.length} team(s): ${failed.join(", ")}`);
    },
  };
}
