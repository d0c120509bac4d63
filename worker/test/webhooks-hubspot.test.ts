// HubSpot webhooks through the worker and real D1: v3 signature checks, closures becoming leads and
// pending outcome prompts, retries and duplicates, out-of-order delivery, and what nobody may learn.
import { beforeAll, describe, expect, it } from "vitest";
import dealChange from "./fixtures/webhooks/hubspot-deal-property-change.json";
import objectChange from "./fixtures/webhooks/hubspot-object-property-change.json";
import {
  HUBSPOT_SECRET,
  connectHubSpot,
  count,
  dealStageEvent,
  hubspotDeliver,
  leadRow,
  pending,
  responseLog,
} from "./fixtures/webhooks/helpers.ts";
import { BASE, type TestTeam, call, createTeam } from "./helpers.ts";

let team: TestTeam;
const { responses, remember } = responseLog();

beforeAll(async () => {
  team = await createTeam();
  const res = remember(await connectHubSpot(team.manager.token));
  expect(res.status).toBe(200);
});

let nextDeal = 7_000_000;
const newDeal = () => String((nextDeal += 1));

describe("HubSpot signature (X-HubSpot-Signature-v3)", () => {
  it("accepts a correctly signed documented payload: the deal closes and the manager sees the prompt", async () => {
    const res = remember(await hubspotDeliver(team.teamId, dealChange));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ received: 2, applied: 1, duplicates: 0, stale: 0, ignored: 1 });
    const lead = await leadRow(team.teamId, "hubspot", "9182736451");
    expect(lead).toMatchObject({ status: "won", owner_id: null, closed_at: "2025-11-24T08:00:00.000Z" });
    expect(lead!.url).toBe("https://app.hubspot.com/contacts/62515/record/0-3/9182736451");
    const prompts = await pending(team.manager.token);
    expect(prompts).toEqual([
      expect.objectContaining({ leadId: lead!.id, crm: "hubspot", externalId: "9182736451", status: "won", ownerId: null, url: lead!.url }),
    ]);
  });

  it("reads generic object.propertyChange deal events", async () => {
    const res = remember(await hubspotDeliver(team.teamId, objectChange));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ applied: 1, ignored: 1 });
    expect(await leadRow(team.teamId, "hubspot", "9182736452")).toMatchObject({ status: "lost" });
  });

  const forged: [string, () => ReturnType<typeof hubspotDeliver>][] = [
    ["a wrong secret", () => hubspotDeliver(team.teamId, [dealStageEvent(newDeal(), "closedwon")], { secret: "not-the-secret" })],
    ["a stale timestamp", () => hubspotDeliver(team.teamId, [dealStageEvent(newDeal(), "closedwon")], { timestamp: Date.now() - 5 * 60 * 1000 - 5000 })],
    ["a timestamp from the future", () => hubspotDeliver(team.teamId, [dealStageEvent(newDeal(), "closedwon")], { timestamp: Date.now() + 10 * 60 * 1000 })],
    [
      "a tampered body",
      () => {
        const d = newDeal();
        return hubspotDeliver(team.teamId, [dealStageEvent(d, "closedlost")], { sentBody: JSON.stringify([dealStageEvent(d, "closedwon")]) });
      },
    ],
    ["a signature over another URI", () => hubspotDeliver(team.teamId, [dealStageEvent(newDeal(), "closedwon")], { signedUri: `${BASE}/v1/webhooks/hubspot/other-team` })],
    ["a signature without the query string", () => hubspotDeliver(team.teamId, [dealStageEvent(newDeal(), "closedwon")], { query: "?via=proxy", signedUri: `${BASE}/v1/webhooks/hubspot/${team.teamId}` })],
    ["no signature", () => hubspotDeliver(team.teamId, [dealStageEvent(newDeal(), "closedwon")], { headers: { "X-HubSpot-Signature-v3": "" } })],
  ];
  for (const [what, deliver] of forged) {
    it(`refuses ${what} with 401 and changes nothing`, async () => {
      const before = await count("SELECT count(*) AS n FROM leads WHERE team_id = ?", team.teamId);
      const res = remember(await deliver());
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
      expect(await count("SELECT count(*) AS n FROM leads WHERE team_id = ?", team.teamId)).toBe(before);
    });
  }

  it("signs the full URL HubSpot called, query string included", async () => {
    const deal = newDeal();
    // HubSpot signs the URI with some escapes decoded (%3A → ":"), as its validation guide says.
    const res = remember(
      await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedwon")], {
        query: "?source=hubspot%3Aprod&n=1%2C2",
        signedUri: `${BASE}/v1/webhooks/hubspot/${team.teamId}?source=hubspot:prod&n=1,2`,
      }),
    );
    expect(res.status).toBe(200);
    expect(await leadRow(team.teamId, "hubspot", deal)).toMatchObject({ status: "won" });
  });

  it("answers 400 for a signed body that is not HubSpot's shape, 401 (like a bad signature) for an unknown team", async () => {
    expect(remember(await hubspotDeliver(team.teamId, "{not json")).json.error.code).toBe("invalid_body");
    const shape = remember(await hubspotDeliver(team.teamId, { objectId: 1 }));
    expect(shape.status).toBe(400);
    expect(shape.json.error.code).toBe("bad_request");
    const unknown = remember(await hubspotDeliver("no-such-team", [dealStageEvent(newDeal(), "closedwon")]));
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe("unauthorized");
  });

  it("a team without HubSpot configured answers exactly like a bad signature", async () => {
    const other = await createTeam();
    const unconfigured = remember(await hubspotDeliver(other.teamId, [dealStageEvent(newDeal(), "closedwon")]));
    const badSignature = remember(await hubspotDeliver(team.teamId, [dealStageEvent(newDeal(), "closedwon")], { secret: "wrong" }));
    expect(unconfigured.status).toBe(401);
    expect(unconfigured.json).toEqual(badSignature.json);
  });
});

describe("HubSpot closures", () => {
  it("retries and duplicates change nothing", async () => {
    const deal = newDeal();
    const event = dealStageEvent(deal, "closedwon");
    const first = remember(await hubspotDeliver(team.teamId, [event]));
    expect(first.json).toMatchObject({ applied: 1 });
    const lead = await leadRow(team.teamId, "hubspot", deal);
    // HubSpot's retry: same eventId, next attempt number.
    const retry = remember(await hubspotDeliver(team.teamId, [{ ...event, attemptNumber: 1 }]));
    expect(retry.json).toMatchObject({ applied: 0, duplicates: 1 });
    // The same closure under another event id (e.g. a second subscription).
    const again = remember(await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedwon", event.occurredAt + 1000)]));
    expect(again.json).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await leadRow(team.teamId, "hubspot", deal)).toEqual(lead);
    expect(await count("SELECT count(*) AS n FROM pending_outcomes WHERE lead_id = ?", lead!.id)).toBe(1);
  });

  it("an out-of-order delivery never reopens or overrides a newer closure", async () => {
    const deal = newDeal();
    const t = Date.now() - 60_000;
    const won = dealStageEvent(deal, "closedwon", t);
    const reopenedEarlier = dealStageEvent(deal, "appointmentscheduled", t - 30_000);
    const lostEarlier = dealStageEvent(deal, "closedlost", t - 20_000);
    expect(remember(await hubspotDeliver(team.teamId, [won])).json).toMatchObject({ applied: 1 });
    const late = remember(await hubspotDeliver(team.teamId, [reopenedEarlier, lostEarlier]));
    expect(late.json).toMatchObject({ applied: 0, stale: 2 });
    const lead = await leadRow(team.teamId, "hubspot", deal);
    expect(lead!.status).toBe("won");
    expect(await pending(team.manager.token, `?crm=hubspot&externalId=${deal}`)).toMatchObject([{ status: "won" }]);
  });

  it("a real reopening clears the prompt; closing again prompts again", async () => {
    const deal = newDeal();
    const t = Date.now() - 60_000;
    await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedwon", t)]);
    expect(await pending(team.manager.token, `?crm=hubspot&externalId=${deal}`)).toHaveLength(1);
    expect(remember(await hubspotDeliver(team.teamId, [dealStageEvent(deal, "contractsent", t + 1000)])).json).toMatchObject({ applied: 1 });
    expect(await pending(team.manager.token, `?crm=hubspot&externalId=${deal}`)).toEqual([]);
    expect((await leadRow(team.teamId, "hubspot", deal))!.status).toBe("won");
    await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedlost", t + 2000)]);
    expect(await pending(team.manager.token, `?crm=hubspot&externalId=${deal}`)).toMatchObject([{ status: "lost" }]);
  });

  it("the rep who opens an unassigned record claims it and its prompt; answering clears it", async () => {
    const deal = newDeal();
    await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedwon")]);
    // Not in the rep's list (not theirs yet), but found by the record they are looking at.
    expect((await pending(team.rep.token)).map((p) => p.externalId)).not.toContain(deal);
    const onPage = await pending(team.rep.token, `?crm=hubspot&externalId=${deal}`);
    expect(onPage).toMatchObject([{ externalId: deal, status: "won", ownerId: null }]);
    // The page's upsert claims the lead: the prompt follows.
    const put = await call("PUT", "/v1/leads", { token: team.rep.token, body: { crm: "hubspot", externalId: deal, name: "Initech - 200 seats" } });
    expect(put.status).toBe(200);
    expect(put.json.lead).toMatchObject({ id: onPage[0].leadId, ownerId: team.rep.id, status: "won" });
    expect(await pending(team.rep.token)).toEqual(expect.arrayContaining([expect.objectContaining({ externalId: deal, ownerId: team.rep.id, name: "Initech - 200 seats" })]));
    expect(await pending(team.rep2.token, `?crm=hubspot&externalId=${deal}`)).toEqual([]);
    const answered = await call("POST", `/v1/leads/${onPage[0].leadId}/outcomes`, {
      token: team.rep.token,
      body: { responded: true, meetingBooked: true, result: "won" },
    });
    expect(answered.status).toBe(201);
    expect(await pending(team.rep.token, `?crm=hubspot&externalId=${deal}`)).toEqual([]);
    // The CRM reporting the same closure later changes nothing.
    expect(remember(await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedwon")])).json).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await pending(team.rep.token, `?crm=hubspot&externalId=${deal}`)).toEqual([]);
  });

  it("a closure the page saw and the rep answered before the webhook arrives leaves no prompt", async () => {
    const deal = newDeal();
    const put = await call("PUT", "/v1/leads", { token: team.rep2.token, body: { crm: "hubspot", externalId: deal, status: "won" } });
    await call("POST", `/v1/leads/${put.json.lead.id}/outcomes`, { token: team.rep2.token, body: { responded: true, meetingBooked: false, result: "won" } });
    const res = remember(await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedwon")]));
    expect(res.json).toMatchObject({ applied: 1 });
    expect(await pending(team.rep2.token, `?crm=hubspot&externalId=${deal}`)).toEqual([]);
    expect((await leadRow(team.teamId, "hubspot", deal))!.owner_id).toBe(team.rep2.id);
  });

  it("a known lead keeps its owner, who gets the prompt", async () => {
    const deal = newDeal();
    await call("PUT", "/v1/leads", { token: team.rep2.token, body: { crm: "hubspot", externalId: deal, name: "Umbrella renewal" } });
    await hubspotDeliver(team.teamId, [dealStageEvent(deal, "closedlost")]);
    expect(await pending(team.rep2.token)).toEqual(
      expect.arrayContaining([expect.objectContaining({ externalId: deal, status: "lost", ownerId: team.rep2.id, name: "Umbrella renewal" })]),
    );
    expect((await pending(team.rep.token)).map((p) => p.externalId)).not.toContain(deal);
  });

  it("maps the owner named in the same batch through the user map", async () => {
    const mapped = await createTeam();
    expect((await connectHubSpot(mapped.manager.token, { userMap: { "55501": mapped.rep.id } })).status).toBe(200);
    const deal = newDeal();
    await hubspotDeliver(mapped.teamId, [
      dealStageEvent(deal, "closedwon"),
      { ...dealStageEvent(deal, "x"), propertyName: "hubspot_owner_id", propertyValue: "55501" },
    ]);
    expect(await leadRow(mapped.teamId, "hubspot", deal)).toMatchObject({ owner_id: mapped.rep.id, status: "won" });
    expect(await pending(mapped.rep.token)).toMatchObject([{ externalId: deal, ownerId: mapped.rep.id }]);
  });

  it("custom won/lost stage ids; other portals are ignored", async () => {
    const custom = await createTeam();
    await connectHubSpot(custom.manager.token, { wonStages: ["1034567"], lostStages: ["1034568"] });
    const [a, b, c] = [newDeal(), newDeal(), newDeal()];
    const res = remember(
      await hubspotDeliver(custom.teamId, [
        dealStageEvent(a, "1034567"),
        dealStageEvent(b, "closedwon"),
        dealStageEvent(c, "1034568", Date.now(), { portalId: 777 }),
      ]),
    );
    expect(res.json).toEqual({ received: 3, applied: 1, duplicates: 0, stale: 0, ignored: 2 });
    expect(await leadRow(custom.teamId, "hubspot", a)).toMatchObject({ status: "won" });
    expect(await leadRow(custom.teamId, "hubspot", b)).toBeNull();
    expect(await leadRow(custom.teamId, "hubspot", c)).toBeNull();
  });

  it("a 100-event batch costs a fixed number of D1 round trips", async () => {
    const batch = Array.from({ length: 100 }, (_, i) => dealStageEvent(newDeal(), i % 2 ? "closedwon" : "closedlost"));
    const res = remember(await hubspotDeliver(team.teamId, batch));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: 100, applied: 100 });
    expect(Number(res.headers.get("X-D1-Round-Trips"))).toBe(3);
    const replay = remember(await hubspotDeliver(team.teamId, batch));
    expect(replay.json).toMatchObject({ applied: 0, duplicates: 100 });
    expect(Number(replay.headers.get("X-D1-Round-Trips"))).toBe(3);
  });

  it("another team's prompts are never visible", async () => {
    const other = await createTeam();
    expect(await pending(other.manager.token)).toEqual([]);
    expect(await pending(other.rep.token, "?crm=hubspot&externalId=9182736451")).toEqual([]);
  });

  it("no response ever carries the client secret", () => {
    expect(responses.length).toBeGreaterThan(20);
    for (const text of responses) expect(text).not.toContain(HUBSPOT_SECRET);
  });
});
