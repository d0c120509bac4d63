import { describe, expect, it } from "vitest";
import xml from "../../../test/fixtures/webhooks/salesforce-opportunities.xml?raw";
import { WebhookPayloadError } from "./closures.ts";
import { SOAP_ACK, opportunityUrl, parseOutboundMessage, sameOrganization } from "./salesforce.ts";

const NOW = "2026-11-24T12:00:00.000Z";

describe("parseOutboundMessage", () => {
  it("reads every notification of a message", () => {
    const m = parseOutboundMessage(xml, NOW);
    expect(m.organizationId).toBe("00D5g000004XyZ1EAK");
    expect(m.ignored).toBe(0);
    expect(m.events).toEqual([
      {
        eventKey: "04l5g00000D1aBcAAF",
        externalId: "0065g00000AbCdEAAV",
        state: "won",
        occurredAt: "2026-11-24T09:15:00.000Z",
        ownerCrmUserId: "0055g00000XyZaBAAV",
        name: "Acme & Sons - Platform renewal",
        amount: 120000,
        currency: null,
        stage: "Closed Won",
        url: "https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view",
      },
      expect.objectContaining({ eventKey: "04l5g00000D1aBdAAF", state: "lost", amount: null, name: "Globex pilot" }),
      expect.objectContaining({ eventKey: "04l5g00000D1aBeAAF", state: "open", stage: "Negotiation/Review" }),
    ]);
  });

  it("uses the send time without LastModifiedDate, and stage names without IsClosed", () => {
    const bare = xml.replace(/<sf:LastModifiedDate>[^<]*<\/sf:LastModifiedDate>/g, "").replace(/<sf:Is(Closed|Won)>[^<]*<\/sf:Is(Closed|Won)>/g, "");
    const m = parseOutboundMessage(bare, NOW);
    expect(m.events.map((e) => [e.state, e.occurredAt])).toEqual([
      ["won", NOW],
      ["lost", NOW],
    ]);
    expect(m.ignored).toBe(1);
  });

  it("ignores notifications about other objects", () => {
    const account = xml.replace('xsi:type="sf:Opportunity"', 'xsi:type="sf:Account"');
    expect(parseOutboundMessage(account, NOW).ignored).toBe(1);
  });

  it("refuses what is not an Outbound Message", () => {
    expect(() => parseOutboundMessage("not xml", NOW)).toThrow(WebhookPayloadError);
    expect(() => parseOutboundMessage("<a><b>1</a>", NOW)).toThrow(WebhookPayloadError);
    expect(() => parseOutboundMessage("<Envelope><Body><other/></Body></Envelope>", NOW)).toThrow(/notifications/);
    expect(() => parseOutboundMessage(xml.replace(/<OrganizationId>[^<]*</, "<OrganizationId><"), NOW)).toThrow(/OrganizationId/);
    expect(() => parseOutboundMessage(`<!DOCTYPE x [<!ENTITY a "aaaa">]>${xml.replace(/^<\?xml[^>]*>/, "")}`, NOW)).toThrow(/DTD/);
    expect(() => parseOutboundMessage(xml.replace("<sf:Id>0065g00000AbCdEAAV</sf:Id>", ""), NOW)).toThrow(/sObject with an Id/);
  });

  it("refuses more than 100 notifications", () => {
    const one = /<Notification>[\s\S]*?<\/Notification>/.exec(xml)![0];
    const many = xml.replace(one, Array.from({ length: 101 }, (_, i) => one.replace("04l5g00000D1aBcAAF", `04l5g00000D${String(i).padStart(4, "0")}AF`)).join(""));
    expect(() => parseOutboundMessage(many, NOW)).toThrow(/at most 100/);
  });
});

describe("helpers", () => {
  it("compares org ids on their 15-character form", () => {
    expect(sameOrganization("00D5g000004XyZ1EAK", "00D5g000004XyZ1")).toBe(true);
    expect(sameOrganization("00D5g000004XyZ1EAK", "00D5g000004xyz1")).toBe(false);
    expect(sameOrganization("", "")).toBe(false);
  });

  it("builds Lightning record URLs only for Salesforce hosts", () => {
    expect(opportunityUrl("https://acme--uat.sandbox.my.salesforce.com/services/Soap/u/62.0/x", "006A")).toBe(
      "https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/006A/view",
    );
    expect(opportunityUrl("https://na12.salesforce.com/services/Soap/u/62.0/x", "006A")).toBe("https://na12.salesforce.com/006A");
    expect(opportunityUrl("https://evil.example.com/x", "006A")).toBeNull();
    expect(opportunityUrl(null, "006A")).toBeNull();
  });

  it("acknowledges with <Ack>true</Ack> in the outbound namespace", () => {
    expect(SOAP_ACK).toContain('<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">');
    expect(SOAP_ACK).toContain("<Ack>true</Ack>");
  });
});
