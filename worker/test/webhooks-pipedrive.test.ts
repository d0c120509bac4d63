// Pipedrive webhooks v2 through the worker and real D1: Basic auth, documented payloads, owner
// mapping, retries, out-of-order delivery, reopenings.
import { beforeAll, describe, expect, it } from "vitest";
import lostBulk from "./fixtures/webhooks/pipedrive-v2-deal-lost-bulk.json";
import won from "./fixtures/webhooks/pipedrive-v2-deal-won.json";
import personChange from "./fixtures/webhooks/pipedrive-v2-person-change.json";
import v1 from "./fixtures/webhooks/pipedrive-v1-deal-updated.json";
import { PIPEDRIVE, connectPipedrive, count, leadRow, pending, pipedriveDeliver, responseLog } from "./fixtures/webhooks/helpers.ts";
import { type TestTeam, createTeam } from "./helpers.ts";

let team: TestTeam;
const { responses, remember } = responseLog();

beforeAll(async () => {
  team = await createTeam();
  // Pipedrive user 13540546 is the rep; 13540999 is nobody we know.
  const res = remember(await connectPipedrive(team.manager.token, { userMap: { "13540546": team.rep.id } }));
  expect(res.status).toBe(200);
});

let nextDeal = 900;
/** The documented "won" payload for a fresh deal, with a fresh event id and the given time. */
function wonPayload(over: { id?: number; status?: string; previous?: Record<string, unknown>; timestamp?: string; eventId?: string } = {}) {
  const id = over.id ?? (nextDeal += 1);
  return {
    ...won,
    data: { ...won.data, id, status: over.status ?? "won" },
    previous: over.previous ?? won.previous,
    meta: { ...won.meta, id: over.eventId ?? crypto.randomUUID(), entity_id: String(id), timestamp: over.timestamp ?? won.meta.timestamp },
  };
}

describe("Pipedrive authentication (HTTP Basic)", () => {
  it("accepts the documented v2 payload: the deal closes for its mapped owner", async () => {
    const res = remember(await pipedriveDeliver(team.teamId, won));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: 1, applied: 1, duplicates: 0, stale: 0, ignored: 0 });
    expect(await leadRow(team.teamId, "pipedrive", "482")).toMatchObject({
      owner_id: team.rep.id,
      status: "won",
      name: "Northwind Traders - 40 seats",
      amount: 18400,
      currency: "EUR",
      url: "https://northwind.pipedrive.com/deal/482",
      closed_at: "2026-11-24T10:02:11.512Z",
    });
    expect(await pending(team.rep.token)).toMatchObject([{ externalId: "482", status: "won", ownerId: team.rep.id, name: "Northwind Traders - 40 seats" }]);
  });

  it("an unmapped owner's deal (from a bulk edit) arrives unassigned, for the manager", async () => {
    remember(await pipedriveDeliver(team.teamId, lostBulk));
    expect(await leadRow(team.teamId, "pipedrive", "483")).toMatchObject({ owner_id: null, status: "lost" });
    expect((await pending(team.manager.token)).map((p) => p.externalId)).toContain("483");
    expect((await pending(team.rep.token)).map((p) => p.externalId)).not.toContain("483");
  });

  it("refuses wrong, partial or missing credentials with 401 and a Basic challenge", async () => {
    for (const credentials of [{ ...PIPEDRIVE, password: "wrong" }, { ...PIPEDRIVE, username: "wrong" }, { username: "", password: "" }, null]) {
      const res = remember(await pipedriveDeliver(team.teamId, wonPayload(), credentials));
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
      expect(res.headers.get("WWW-Authenticate")).toMatch(/^Basic realm=/);
    }
    expect(await count("SELECT count(*) AS n FROM leads WHERE team_id = ? AND crm = 'pipedrive'", team.teamId)).toBe(2);
  });

  it("an unknown team and an unconfigured team answer like wrong credentials", async () => {
    const unknown = remember(await pipedriveDeliver("no-such-team", won));
    const other = await createTeam();
    const unconfigured = remember(await pipedriveDeliver(other.teamId, won));
    const wrong = remember(await pipedriveDeliver(team.teamId, won, { ...PIPEDRIVE, password: "nope" }));
    expect(unconfigured.status).toBe(401);
    expect(unconfigured.json).toEqual(wrong.json);
    expect([unknown.status, unknown.json]).toEqual([401, wrong.json]);
  });

  it("400 for malformed bodies and v1 payloads; other entities are acknowledged and ignored", async () => {
    const notJson = remember(await pipedriveDeliver(team.teamId, "{nope"));
    expect([notJson.status, notJson.json.error.code]).toEqual([400, "invalid_body"]);
    const legacy = remember(await pipedriveDeliver(team.teamId, v1));
    expect(legacy.status).toBe(400);
    expect(legacy.json.error.message).toMatch(/version 2\.0/);
    const noMeta = remember(await pipedriveDeliver(team.teamId, { data: {} }));
    expect(noMeta.status).toBe(400);
    expect(noMeta.json.error.issues.length).toBeGreaterThan(0);
    const person = remember(await pipedriveDeliver(team.teamId, personChange));
    expect(person.json).toEqual({ received: 1, applied: 0, duplicates: 0, stale: 0, ignored: 1 });
  });
});

describe("Pipedrive closures", () => {
  it("a retry (same meta.id) changes nothing", async () => {
    const body = wonPayload();
    expect(remember(await pipedriveDeliver(team.teamId, body)).json).toMatchObject({ applied: 1 });
    const lead = await leadRow(team.teamId, "pipedrive", String(body.data.id));
    const retry = remember(await pipedriveDeliver(team.teamId, { ...body, meta: { ...body.meta, attempt: 2 } }));
    expect(retry.json).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await leadRow(team.teamId, "pipedrive", String(body.data.id))).toEqual(lead);
    expect(await count("SELECT count(*) AS n FROM pending_outcomes WHERE lead_id = ?", lead!.id)).toBe(1);
  });

  it("a late delivery of an older change never overrides a newer one", async () => {
    const id = (nextDeal += 1);
    const lost = wonPayload({ id, status: "lost", timestamp: "2026-11-24T12:00:00.000Z" });
    const earlierWin = wonPayload({ id, status: "won", timestamp: "2026-11-24T11:00:00.000Z" });
    remember(await pipedriveDeliver(team.teamId, lost));
    const late = remember(await pipedriveDeliver(team.teamId, earlierWin));
    expect(late.json).toMatchObject({ applied: 0, stale: 1 });
    expect(await leadRow(team.teamId, "pipedrive", String(id))).toMatchObject({ status: "lost" });
    expect(await pending(team.rep.token, `?crm=pipedrive&externalId=${id}`)).toMatchObject([{ status: "lost" }]);
  });

  it("a reopening clears the prompt; a late reopening does not", async () => {
    const id = (nextDeal += 1);
    remember(await pipedriveDeliver(team.teamId, wonPayload({ id, timestamp: "2026-11-24T12:00:00.000Z" })));
    const lateReopen = wonPayload({ id, status: "open", previous: { status: "won" }, timestamp: "2026-11-24T11:59:00.000Z" });
    expect(remember(await pipedriveDeliver(team.teamId, lateReopen)).json).toMatchObject({ stale: 1 });
    expect(await pending(team.rep.token, `?crm=pipedrive&externalId=${id}`)).toHaveLength(1);
    const reopen = wonPayload({ id, status: "open", previous: { status: "won" }, timestamp: "2026-11-24T12:01:00.000Z" });
    expect(remember(await pipedriveDeliver(team.teamId, reopen)).json).toMatchObject({ applied: 1 });
    expect(await pending(team.rep.token, `?crm=pipedrive&externalId=${id}`)).toEqual([]);
  });

  it("a change that is not a status change is ignored", async () => {
    const body = wonPayload({ previous: { title: "Old title" } });
    expect(remember(await pipedriveDeliver(team.teamId, body)).json).toMatchObject({ applied: 0, ignored: 1 });
    expect(await leadRow(team.teamId, "pipedrive", String(body.data.id))).toBeNull();
  });

  it("no response carries the webhook password", () => {
    for (const text of responses) expect(text).not.toContain(PIPEDRIVE.password);
  });
});
