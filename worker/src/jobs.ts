// Scheduled work (cron every 6 hours, or POST /cdn-cgi/local/scheduled locally). Each job is
// idempotent: running the schedule twice changes nothing the second time.
import type { Env } from "./env.ts";
import { draftTeamScenarios, evaluateNudges, forEveryTeam, markStaleLeads } from "./jobs/adaptive.ts";
import { expireIdempotency } from "./jobs/idempotency.ts";
import { expirePracticeSessions } from "./jobs/sessions.ts";

export interface ScheduledJob {
  name: string;
  run(env: Env, now: Date): Promise<void>;
}

/** The registry of scheduled jobs; adding a job is one entry. */
export const scheduledJobs: ScheduledJob[] = [
  forEveryTeam(markStaleLeads),
  forEveryTeam(draftTeamScenarios),
  forEveryTeam(evaluateNudges),
  expireIdempotency,
  expirePracticeSessions,
];

export async function runScheduledJobs(env: Env, now: Date): Promise<Record<string, "ok" | string>> {
  const report: Record<string, string> = {};
  for (const job of scheduledJobs) {
    try {
      await job.run(env, now);
      report[job.name] = "ok";
    } catch (err) {
      // One failing job must not stop the others; the next run retries it.
      console.error(`scheduled job ${job.name} failed`, err);
      report[job.name] = String(err);
    }
  }
  return report;
}
