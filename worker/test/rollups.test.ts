// The rollups (migration 0011) and running totals (0014) stay equal to a from-scratch recomputation after a random
// sequence of writes through the API: practice attempts on many days, leads seen and moved, outcomes recorded and
// re-answered (a re-answer moves its deal between days, strategies and results), an older answer arriving late, a
// lead's creation date corrected, a practised scenario's category edited.
import { defaultStrategies, defaultTactics, lostReasons, DAY_MS } from "@dq/shared";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recomputeSql, storedSql } from "../src/db/rollups.ts";
import { rng } from "../src/domain/random.ts";
import { call, createTeam, insertScenario, uniq } from "./helpers.ts";


const round = (rows: Record<string, unknown>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v])));

async function compare(teamId: string) {
  for (const table of Object.keys(recomputeSql) as (keyof typeof recomputeSql)[]) {
    const expected = await env.DB.prepare(recomputeSql[table]).bind(teamId).all();
    const stored = await env.DB.prepare(storedSql[table]).bind(teamId).all();
    expect(round(stored.results), table).toEqual(round(expected.results));
  }
}

describe("rollups", () => {
  it("equal a from-scratch recomputation after random attempts, leads, outcomes and re-answers", async () => {
    const r = rng(1107);
    const team = await createTeam();
    const scenarios = [
      await insertScenario(env.DB, { category: "cold_outreach" }),
      await insertScenario(env.DB, { category: "meeting_booking" }),
      await insertScenario(env.DB, { category: "pricing", difficulty: "hard" }),
      await insertScenario(env.DB, { category: "discovery" }),
    ];
    const reps = [team.rep, team.rep2];
    const start = Date.parse("2026-09-01T00:00:00.000Z");
    const at = () => new Date(start + r.int(0, 75 * 24) * 3_600_000 + r.int(0, 3_599_999));
    const leads: { id: string; token: string; externalId: string }[] = [];
    const answer = () => {
      const result = r.pick(["won", "lost", "ghosted"] as const);
      const tactics = defaultTactics.map((t) => t.id).filter(() => r.next() < 0.3);
      const responded = r.next() < 0.6;
      return {
        responded,
        meetingBooked: responded && r.next() < 0.6,
        result,
        ...(result === "lost" && r.next() < 0.7 ? { lostReason: r.pick(lostReasons) } : {}),
        ...(r.next() < 0.8 ? { strategy: r.pick(defaultStrategies).id } : {}),
        tactics,
        closedAt: at().toISOString(),
      };
    };

    for (let step = 0; step < 140; step++) {
      const rep = r.pick(reps);
      const roll = r.next();
      if (roll < 0.4) {
        const res = await call("POST", "/v1/training/attempts", {
          token: rep.token,
          at: at(),
          idempotencyKey: crypto.randomUUID(),
          body: { scenarioId: r.pick(scenarios), response: "Could we book 15 minutes on Thursday to walk through the numbers?", durationSec: r.int(5, 4000) },
        });
        expect(res.status, res.text).toBe(201);
      } else if (roll < 0.6 || leads.length === 0) {
        const externalId = uniq("deal");
        const res = await call("PUT", "/v1/leads", { token: rep.token, at: at(), idempotencyKey: crypto.randomUUID(), body: { crm: "sandbox", externalId, company: "Harbor", stage: "Qualified" } });
        expect(res.status, res.text).toBe(200);
        leads.push({ id: res.json.lead.id, token: rep.token, externalId });
      } else if (roll < 0.68) {
        // The lead moves (its activity day changes) or its CRM creation date is corrected (its cycle time changes).
        const lead = r.pick(leads);
        const body = r.next() < 0.5 ? { stage: uniq("Stage") } : { createdAt: new Date(start - r.int(1, 90) * DAY_MS).toISOString() };
        const res = await call("PUT", "/v1/leads", { token: lead.token, at: at(), idempotencyKey: crypto.randomUUID(), body: { crm: "sandbox", externalId: lead.externalId, ...body } });
        expect(res.status, res.text).toBe(200);
      } else if (roll < 0.95) {
        // A first answer or a re-answer (the deal moves: day, strategy, result).
        const lead = r.pick(leads);
        const res = await call("POST", `/v1/leads/${lead.id}/outcomes`, { token: lead.token, at: at(), idempotencyKey: crypto.randomUUID(), body: answer() });
        expect(res.status, res.text).toBe(201);
      } else {
        // An older answer arriving late (written directly, as an import would): it must not move the deal.
        const lead = r.pick(leads);
        const a = answer();
        await env.DB.prepare(
          `INSERT INTO outcomes (id, team_id, lead_id, member_id, responded, meeting_booked, result, strategy, tactics, closed_at, created_at)
           SELECT ?, team_id, id, owner_id, ?, ?, ?, ?, ?, ?, ? FROM leads WHERE id = ?`,
        )
          .bind(uniq("oc_"), Number(a.responded), Number(a.meetingBooked), a.result, a.strategy ?? null, JSON.stringify(a.tactics), a.closedAt, new Date(start - DAY_MS).toISOString(), lead.id)
          .run();
      }
      if (step % 35 === 34) await compare(team.teamId);
    }
    await compare(team.teamId);
    const counts = await env.DB.prepare("SELECT (SELECT count(*) FROM deals WHERE team_id = ?1) AS deals, (SELECT count(*) FROM outcomes WHERE team_id = ?1) AS outcomes").bind(team.teamId).first<{ deals: number; outcomes: number }>();
    // Re-answers happened (more answers than deals) and moved deals out of buckets (rows counted down to zero).
    expect(counts!.outcomes).toBeGreaterThan(counts!.deals);
    const emptied = await env.DB.prepare("SELECT count(*) AS n FROM deal_rollup WHERE team_id = ? AND n = 0").bind(team.teamId).first<{ n: number }>();
    expect(emptied!.n).toBeGreaterThan(0);
    // … and out of days in the running totals (a day's row left holding the days before it).
    const left = await env.DB.prepare(
      "SELECT count(*) AS n FROM (SELECT n - lag(n, 1, 0) OVER (PARTITION BY member_id, dim, key ORDER BY day) AS added FROM deal_running WHERE team_id = ?) WHERE added = 0",
    )
      .bind(team.teamId)
      .first<{ n: number }>();
    expect(left!.n).toBeGreaterThan(0);
    // A practised scenario's category and difficulty change: its attempts follow.
    await env.DB.prepare("UPDATE scenarios SET category = 'discovery', difficulty = 'easy' WHERE id = ?").bind(scenarios[2]).run();
    await compare(team.teamId);
    // A latest answer naming a tactic twice (written directly): it counts twice under that tactic, then leaves it.
    const lead = leads[0]!;
    for (const [tactics, hour] of [[[defaultTactics[0]!.id, defaultTactics[0]!.id], 1], [[defaultTactics[1]!.id], 2]] as const) {
      await env.DB.prepare(
        `INSERT INTO outcomes (id, team_id, lead_id, member_id, responded, meeting_booked, result, strategy, tactics, closed_at, created_at)
         SELECT ?, team_id, id, owner_id, 1, 0, 'lost', NULL, ?, ?, ? FROM leads WHERE id = ?`,
      )
        .bind(uniq("oc_"), JSON.stringify(tactics), new Date(start + hour * 3_600_000).toISOString(), new Date(start + 200 * DAY_MS + hour * 3_600_000).toISOString(), lead.id)
        .run();
      await compare(team.teamId);
    }
  }, 60_000);
});
