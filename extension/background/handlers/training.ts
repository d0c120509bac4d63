// Practice in the side panel: scenarios (cached for offline reading), answers through the outbox,
// conversations (straight to the worker: the buyer answers from there), weak areas, recommendations,
// analytics and the experiment.
import type { AttemptStatus } from "@dq/shared";
import { CACHE_KEYS, cachedScenario, cachedScenarioList, cachedValue } from "../cache.ts";
import { DispatchError, type BackgroundContext, type Handlers } from "../context.ts";
import type { OutboxItem } from "../db.ts";

function attemptStatus(item: OutboxItem | undefined, id: string): AttemptStatus {
  if (!item) throw new DispatchError({ code: "not_found", message: "This practice answer is not in the outbox." });
  if (item.state === "sent") return { status: "scored", id, result: item.result as never };
  if (item.state === "failed") return { status: "failed", id, error: item.lastError! };
  return { status: "queued", id };
}

export function trainingHandlers(ctx: BackgroundContext) {
  const { db, outbox, now } = ctx;
  return {
    async "scenarios.list"(m) {
      const client = await ctx.api();
      return cachedScenarioList(db, m.query, async () => (await client.scenarios(m.query)).scenarios, now);
    },
    async "scenario.get"(m) {
      const client = await ctx.api();
      return cachedScenario(db, m.id, () => client.scenario(m.id), now);
    },
    async "attempt.submit"(m) {
      const item = await outbox.enqueue({ kind: "attempt.create", body: m.attempt, label: "Practice answer" });
      await ctx.syncFor(ctx.scoreWaitMs);
      return attemptStatus(await outbox.get(item.id), item.id);
    },
    async "attempt.status"(m) {
      return attemptStatus(await outbox.get(m.id), m.id);
    },
    async "weakAreas.get"() {
      const client = await ctx.api();
      return cachedValue(db, CACHE_KEYS.weakAreas, () => client.weakAreas(), now);
    },
    async "recommendations.get"() {
      const client = await ctx.api();
      return cachedValue(db, CACHE_KEYS.recommendations, () => client.recommendations(20), now);
    },
    async "analytics.team"(m) {
      const client = await ctx.api();
      return cachedValue(db, CACHE_KEYS.analytics("team", m.query), () => client.teamAnalytics(m.query), now);
    },
    async "analytics.me"(m) {
      const client = await ctx.api();
      return cachedValue(db, CACHE_KEYS.analytics("me", m.query), () => client.myAnalytics(m.query), now);
    },
    async "experiment.get"() {
      const client = await ctx.api();
      return cachedValue(db, CACHE_KEYS.experiment, () => client.experiment(), now);
    },
    async "experiment.set"(m) {
      return (await ctx.api()).patchExperiment(m.change);
    },
    async "session.start"(m) {
      return (await ctx.api()).startSession({ scenarioId: m.scenarioId });
    },
    async "session.get"(m) {
      return (await ctx.api()).session(m.id);
    },
    async "session.turn"(m) {
      return (await ctx.api()).sessionTurn(m.id, m.turn);
    },
  } satisfies Partial<Handlers>;
}
