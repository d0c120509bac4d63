// The rep's adaptive view: weak areas (practice + real deals) and recommendations. Each is one
// read batch after auth (2 round trips); the domain decides.
import { createRoute } from "@hono/zod-openapi";
import { RecommendationList, RecommendationQuery, WeakAreaList } from "@dq/shared";
import { publishedScenariosStatement, readRepContext, readScenarios, repContextStatements } from "../db/adaptive.ts";
import { memberArmsStatement, readArms } from "../db/experiment.ts";
import { armsInBlock, currentBlock, heldOutOf, storedExperiment } from "../domain/holdout.ts";
import { adaptiveSettings } from "../domain/nudges.ts";
import { historyFrom, recommend } from "../domain/recommendations.ts";
import { weakAreas } from "../domain/weakAreas.ts";
import { requireMember } from "../http/auth.ts";
import { bearer, jsonResponse, memberErrors, router } from "../http/openapi.ts";

export const adaptive = router();
adaptive.use("/v1/me/weak-areas", requireMember());
adaptive.use("/v1/me/recommendations", requireMember());

adaptive.openapi(
  createRoute({
    method: "get",
    path: "/v1/me/weak-areas",
    tags: ["adaptive"],
    summary: "Categories ranked by weakness, each with evidence from practice and from real deals.",
    description:
      "Practice: recent scores per category (decayed by age) against the rep's own mean. Real deals: where the rep's last deals died (no reply → cold outreach; reply but no meeting → meeting booking; lost on price → pricing; …), shrunk toward the team's rates so one deal cannot decide. Each area has a suggested difficulty and a side-panel link to practise it.",
    security: bearer,
    responses: { 200: jsonResponse(WeakAreaList, "Weak areas, strongest first."), ...memberErrors },
  }),
  async (c) => {
    const { member, team } = c.var.principal;
    const db = c.var.db;
    const now = c.var.now;
    const settings = adaptiveSettings(team.settings);
    const ctx = readRepContext(await db.batch(repContextStatements(db, member.id, team.id, now, settings.staleLeadDays)));
    const report = weakAreas({ now, attempts: ctx.attempts, deals: ctx.deals, openLeads: ctx.openLeads.map((l) => ({ activityAt: l.activity_at })), team: { deals: ctx.teamTallies, ...ctx.team }, staleLeadDays: settings.staleLeadDays });
    return c.json({ weakAreas: report.weakAreas, basis: report.basis, computedAt: now.toISOString() }, 200);
  },
);

adaptive.openapi(
  createRoute({
    method: "get",
    path: "/v1/me/recommendations",
    tags: ["adaptive"],
    summary: "Scenarios to practise next, each with a one-line reason and a side-panel link.",
    description:
      "Ranked by weakness of the category × fit of the difficulty × novelty (scenarios just done well drop; poorly scored ones come back after a spacing interval) × closeness to the rep's open deals (buyer persona, industry). In experiment mode, categories the rep is held out of in the current block are left out (see GET /v1/team/experiment).",
    security: bearer,
    request: { query: RecommendationQuery },
    responses: { 200: jsonResponse(RecommendationList, "Recommendations, best first."), ...memberErrors },
  }),
  async (c) => {
    const { limit } = c.req.valid("query");
    const { member, team } = c.var.principal;
    const db = c.var.db;
    const now = c.var.now;
    const settings = adaptiveSettings(team.settings);
    // Experiment mode: a category the rep is held out of in this block is not pushed (the library stays open).
    const experiment = storedExperiment(team.settings);
    const block = member.role === "rep" ? currentBlock(experiment, now) : null;
    const results = await db.batch([
      ...repContextStatements(db, member.id, team.id, now, settings.staleLeadDays),
      publishedScenariosStatement(db, team.id),
      ...(block ? [memberArmsStatement(db, member.id, block.start)] : []),
    ]);
    const ctx = readRepContext(results.slice(0, 5));
    const heldOut = block ? heldOutOf(armsInBlock(experiment, team.id, [member.id], block.start, readArms(results[6])).arms.get(member.id)) : new Set();
    const scenarios = readScenarios(results[5]!).filter((s) => !heldOut.has(s.category));
    const report = weakAreas({ now, attempts: ctx.attempts, deals: ctx.deals, openLeads: ctx.openLeads.map((l) => ({ activityAt: l.activity_at })), team: { deals: ctx.teamTallies, ...ctx.team }, staleLeadDays: settings.staleLeadDays });
    const recommendations = recommend({
      now,
      weakAreas: report.weakAreas,
      ownMean: report.ownMean,
      scenarios,
      history: historyFrom(ctx.attempts),
      openDeals: ctx.openLeads,
      limit,
    });
    return c.json({ recommendations, computedAt: now.toISOString() }, 200);
  },
);
