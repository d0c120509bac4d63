// Every route with an `{id}` is scoped to the caller's team: another team's resource is a 404 — not a
// 403, never its data — and nothing changes. The meta-check at the end fails when a new `{id}` route
// is added without a case here.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTeam, type TestTeam, uniq } from "./helpers.ts";

interface Case {
  method: string;
  /** The OpenAPI path this case covers. */
  route: string;
  path: () => string;
  body?: unknown;
  /** Manager-only routes answer a rep's call by role (403) before looking at the id: that leaks nothing. */
  managerOnly?: boolean;
}

let owner: TestTeam;
let outsider: TestTeam;
const ids = { lead: "", draft: "", nudge: "", knowledge: "" };

beforeAll(async () => {
  owner = await createTeam();
  outsider = await createTeam();
  const put = (externalId: string, name: string) =>
    call("PUT", "/v1/leads", { token: owner.rep.token, body: { crm: "sandbox", externalId, name, company: "Harbor Logistics" } });
  ids.lead = (await put(uniq("L"), "Dana Reyes")).json.lead.id;

  // A won deal with consent becomes a draft scenario in the owner's team.
  const won = (await put(uniq("W"), "Jordan Ellis")).json.lead.id;
  const approach = "Mapped the rollout to their peak season and brought a customer reference from a similar warehouse.";
  expect((await call("POST", `/v1/leads/${won}/outcomes`, { token: owner.rep.token, body: { responded: true, meetingBooked: true, result: "won", winningApproach: approach, scenarioConsent: true } })).status).toBe(201);
  const draft = await call("POST", `/v1/leads/${won}/scenario-drafts`, { token: owner.rep.token, body: { consent: true } });
  expect(draft.status).toBe(201);
  ids.draft = draft.json.scenario?.id ?? draft.json.draft?.id ?? draft.json.id;

  // Responded but no meeting: a meeting-booking nudge for the owner's rep.
  const noMeeting = (await put(uniq("N"), "Sam Ortiz")).json.lead.id;
  await call("POST", `/v1/leads/${noMeeting}/outcomes`, { token: owner.rep.token, body: { responded: true, meetingBooked: false, result: "lost", lostReason: "timing" } });
  const nudges = await call("GET", "/v1/me/nudges", { token: owner.rep.token });
  ids.nudge = nudges.json.nudges[0]?.id;

  const knowledge = await call("POST", "/v1/knowledge", {
    token: owner.manager.token,
    body: { kind: "competitor", title: "Acme Route", body: "Cheaper per seat but no offline mode for drivers.", answer: "Ask how often their drivers lose signal on rural routes." },
  });
  expect(knowledge.status).toBe(201);
  ids.knowledge = knowledge.json.item?.id ?? knowledge.json.knowledge?.id ?? knowledge.json.id;
  for (const [k, v] of Object.entries(ids)) expect(v, k).toBeTruthy();
});

const cases: Case[] = [
  { method: "GET", route: "/v1/leads/{id}", path: () => `/v1/leads/${ids.lead}` },
  { method: "POST", route: "/v1/leads/{id}/outcomes", path: () => `/v1/leads/${ids.lead}/outcomes`, body: { responded: false, meetingBooked: false, result: "ghosted" } },
  { method: "POST", route: "/v1/leads/{id}/scenario-drafts", path: () => `/v1/leads/${ids.lead}/scenario-drafts`, body: { consent: true, winningApproach: "A long enough approach to pass validation, with details." } },
  { method: "GET", route: "/v1/scenarios/{id}", path: () => `/v1/scenarios/${ids.draft}` },
  { method: "PATCH", route: "/v1/scenarios/{id}", path: () => `/v1/scenarios/${ids.draft}`, body: { title: "Hijacked title here" } },
  { method: "POST", route: "/v1/scenarios/{id}/publish", path: () => `/v1/scenarios/${ids.draft}/publish` },
  { method: "POST", route: "/v1/nudges/{id}/act", path: () => `/v1/nudges/${ids.nudge}/act` },
  { method: "POST", route: "/v1/nudges/{id}/dismiss", path: () => `/v1/nudges/${ids.nudge}/dismiss` },
  { method: "POST", route: "/v1/nudges/{id}/snooze", path: () => `/v1/nudges/${ids.nudge}/snooze`, body: { hours: 2 } },
  { method: "DELETE", route: "/v1/knowledge/{id}", path: () => `/v1/knowledge/${ids.knowledge}`, managerOnly: true },
];

describe("another team's resources", () => {
  it.each(cases.map((c) => [`${c.method} ${c.route}`, c] as const))("%s is a 404 for the other team's manager and rep", async (_name, c) => {
    const before = await snapshot();
    for (const [token, expected] of [
      [outsider.manager.token, 404],
      [outsider.rep.token, c.managerOnly ? 403 : 404],
    ] as const) {
      const res = await call(c.method, c.path(), { token, body: c.body ?? (c.method === "GET" || c.method === "DELETE" ? undefined : {}) });
      expect(res.status, `${c.method} ${c.path()}`).toBe(expected);
      expect(res.text).not.toMatch(/Dana Reyes|Harbor|Acme Route/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("covers every {id} route the API serves", async () => {
    const doc = await call("GET", "/v1/openapi.json");
    const served = Object.entries(doc.json.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      path.includes("{id}") ? Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`) : [],
    );
    const covered = new Set(cases.map((c) => `${c.method} ${c.route}`));
    expect(served.filter((r) => !covered.has(r))).toEqual([]);
  });
});

async function snapshot() {
  const q = (sql: string) => env.DB.prepare(sql).all().then((r) => r.results);
  return {
    outcomes: await q("SELECT id FROM outcomes ORDER BY id"),
    scenarios: await q("SELECT id, title, status FROM scenarios WHERE team_id IS NOT NULL ORDER BY id"),
    nudges: await q("SELECT id, status, snoozed_until FROM nudges ORDER BY id"),
    knowledge: await q("SELECT id FROM knowledge ORDER BY id"),
  };
}
