// Worker entry: the API on fetch, the 6-hourly jobs on the cron trigger.
import { createApp } from "./app.ts";
import type { Env } from "./env.ts";
import { clockOffsetMs } from "./http/clock.ts";
import { runScheduledJobs } from "./jobs.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduledJobs(env, new Date(controller.scheduledTime + clockOffsetMs(env))));
  },
} satisfies ExportedHandler<Env>;
