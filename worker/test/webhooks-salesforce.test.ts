// Salesforce Outbound Messages through the worker and real D1: URL key and org checks, several
// notifications per message, the SOAP acknowledgement, redeliveries and out-of-order delivery.
import { beforeAll, describe, expect, it } from "vitest";
import fixture from "./fixtures/webhooks/salesforce-opportunities.xml?raw";
import { SF_KEY, SF_ORG, connectSalesforce, count, leadRow, outboundMessage, pending, salesforceDeliver, responseLog } from "./fixtures/webhooks/helpers.ts";
import { type TestTeam, createTeam } from "./helpers.ts";

let team: TestTeam;
const { responses, remember } = responseLog();

beforeAll(async () => {
  team = await createTeam();
  // The map uses the 15-character form of the rep's user id; messages carry 18 characters.
  const res = remember(await connectSalesforce(team.manager.token, { organizationId: SF_ORG.slice(0, 15), userMap: { "0055g00000XyZaB": team.rep.id } }));
  expect(res.status).toBe(200);
});

const expectAck = (res: { status: number; text: string; headers: Headers }) => {
  expect(res.status).toBe(200);
  expect(res.headers.get("Content-Type")).toMatch(/^text\/xml/);
  expect(res.text).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">');
  expect(res.text).toContain("<Ack>true</Ack>");
};

let nextOpp = 1000;
const oppId = () => `0065g00000Z${String((nextOpp += 1)).padStart(4, "0")}AAV`;
let nextNotification = 1000;
const notificationId = () => `04l5g00000N${String((nextNotification += 1)).padStart(4, "0")}AAF`;

describe("Salesforce Outbound Messages", () => {
  it("acknowledges a message with several notifications and applies each", async () => {
    const res = remember(await salesforceDeliver(team.teamId, fixture));
    expectAck(res);
    expect(await leadRow(team.teamId, "salesforce", "0065g00000AbCdEAAV")).toMatchObject({
      owner_id: team.rep.id,
      status: "won",
      name: "Acme & Sons - Platform renewal",
      amount: 120000,
      stage: "Closed Won",
      url: "https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view",
      closed_at: "2026-11-24T09:15:00.000Z",
    });
    expect(await leadRow(team.teamId, "salesforce", "0065g00000AbCdFAAV")).toMatchObject({ owner_id: null, status: "lost" });
    // Still open: nothing to ask about.
    expect(await leadRow(team.teamId, "salesforce", "0065g00000AbCdGAAV")).toBeNull();
    expect(await pending(team.rep.token)).toMatchObject([{ externalId: "0065g00000AbCdEAAV", status: "won" }]);
    expect((await pending(team.manager.token)).map((p) => p.externalId).sort()).toEqual(["0065g00000AbCdFAAV"]);
  });

  it("a redelivered message changes nothing and is acknowledged again", async () => {
    const before = await count("SELECT count(*) AS n FROM pending_outcomes WHERE team_id = ?", team.teamId);
    const leads = await count("SELECT count(*) AS n FROM leads WHERE team_id = ?", team.teamId);
    expectAck(remember(await salesforceDeliver(team.teamId, fixture)));
    expect(await count("SELECT count(*) AS n FROM pending_outcomes WHERE team_id = ?", team.teamId)).toBe(before);
    expect(await count("SELECT count(*) AS n FROM leads WHERE team_id = ?", team.teamId)).toBe(leads);
  });

  it("refuses a wrong or missing URL key, and another org's message, with 401", async () => {
    const msg = outboundMessage([{ id: notificationId(), opportunityId: oppId(), isClosed: true, isWon: true }]);
    for (const key of ["not-the-key-not-the-key-123", null, `${SF_KEY}x`]) {
      const res = remember(await salesforceDeliver(team.teamId, msg, key));
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
    const otherOrg = remember(await salesforceDeliver(team.teamId, outboundMessage([{ id: notificationId(), opportunityId: oppId(), isClosed: true, isWon: true }], "00D000000000001AAA")));
    expect(otherOrg.status).toBe(401);
    expect(otherOrg.json.error.message).toMatch(/OrganizationId/);
    expect(await count("SELECT count(*) AS n FROM leads WHERE team_id = ? AND external_id LIKE '0065g00000Z%'", team.teamId)).toBe(0);
  });

  it("400 for what is not an Outbound Message; 401 for an unknown team, as for an unconfigured one", async () => {
    for (const body of ["<not-xml", "<Envelope><Body><x/></Body></Envelope>", `<!DOCTYPE a [<!ENTITY b "c">]>${fixture.replace(/^<\?xml[^>]*>/, "")}`]) {
      const res = remember(await salesforceDeliver(team.teamId, body));
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("bad_request");
    }
    expect(remember(await salesforceDeliver("no-such-team", fixture)).status).toBe(401);
    const other = await createTeam();
    expect(remember(await salesforceDeliver(other.teamId, fixture)).status).toBe(401);
  });

  it("orders notifications by LastModifiedDate across messages", async () => {
    const id = oppId();
    const later = outboundMessage([{ id: notificationId(), opportunityId: id, isClosed: true, isWon: false, lastModified: "2026-11-24T10:00:00.000Z" }]);
    const earlier = outboundMessage([{ id: notificationId(), opportunityId: id, isClosed: true, isWon: true, lastModified: "2026-11-24T09:00:00.000Z" }]);
    expectAck(remember(await salesforceDeliver(team.teamId, later)));
    expectAck(remember(await salesforceDeliver(team.teamId, earlier)));
    expect(await leadRow(team.teamId, "salesforce", id)).toMatchObject({ status: "lost" });
  });

  it("one message may carry many notifications of several deals (fixed round trips)", async () => {
    const notes = Array.from({ length: 60 }, (_, i) => ({ id: notificationId(), opportunityId: oppId(), isClosed: true, isWon: i % 3 !== 0, name: `Deal ${i}` }));
    const res = remember(await salesforceDeliver(team.teamId, outboundMessage(notes)));
    expectAck(res);
    expect(Number(res.headers.get("X-D1-Round-Trips"))).toBe(3);
    expect(await count("SELECT count(*) AS n FROM leads WHERE team_id = ? AND name LIKE 'Deal %'", team.teamId)).toBe(60);
  });

  it("no response carries the URL key", () => {
    for (const text of responses) expect(text).not.toContain(SF_KEY);
  });
});
