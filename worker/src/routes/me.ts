// The caller's own profile: XP (training, support, total), streak and practice time; and the
// record-page features switched off per CRM (the extension already reads and caches this).
import { createRoute } from "@hono/zod-openapi";
import { Me } from "@dq/shared";
import { Db } from "../db/client.ts";
import { featuresOff } from "../db/crmFeatureSwitches.ts";
import { databaseFor } from "../db/placement.ts";
import { EMPTY_STATS, type MemberStatsRow } from "../db/stats.ts";
import { currentStreak, utcDay } from "../domain/streak.ts";
import { requireMember } from "../http/auth.ts";
import { bearer, jsonResponse, memberErrors, router } from "../http/openapi.ts";

export const me = router();

me.use("/v1/me", requireMember());
me.openapi(
  createRoute({
    method: "get",
    path: "/v1/me",
    tags: ["me"],
    summary: "Profile, XP, streak and practice time.",
    security: bearer,
    responses: { 200: jsonResponse(Me, "The caller."), ...memberErrors },
  }),
  async (c) => {
    const { member, team } = c.var.principal;
    const stats = (await c.var.db.first<MemberStatsRow>("SELECT * FROM member_stats WHERE member_id = ?", member.id)) ?? EMPTY_STATS(member.id);
    const today = utcDay(c.var.now.toISOString());
    return c.json(
      {
        member,
        team: { id: team.id, name: team.name, createdAt: team.createdAt },
        xp: { training: stats.training_xp, support: stats.support_xp, total: stats.training_xp + stats.support_xp },
        streak: currentStreak(stats.last_practice_day, stats.streak, today),
        lastPracticedAt: stats.last_practiced_at,
        practice: {
          attempts: stats.attempts,
          seconds: stats.practice_seconds,
          hours: Math.round((stats.practice_seconds / 3600) * 100) / 100,
        },
        outcomesLogged: stats.outcomes,
        // Operators switch features off for every team: the switches live in the directory.
        crmFeaturesOff: await featuresOff(new Db(databaseFor(c.env, null))),
      },
      200,
    );
  },
);
