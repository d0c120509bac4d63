import { describe, expect, it } from "vitest";
import lostBulk from "../../../test/fixtures/webhooks/pipedrive-v2-deal-lost-bulk.json";
import won from "../../../test/fixtures/webhooks/pipedrive-v2-deal-won.json";
import personChange from "../../../test/fixtures/webhooks/pipedrive-v2-person-change.json";
import v1 from "../../../test/fixtures/webhooks/pipedrive-v1-deal-updated.json";
import { WebhookPayloadError } from "./closures.ts";
import { credentialsMatch, parseBasicAuth, parsePipedriveWebhook } from "./pipedrive.ts";

const NOW = "2026-11-24T12:00:00.000Z";

describe("Basic auth", () => {
  it("parses and compares both parts", () => {
    const header = `Basic ${btoa("dq-hook:s3cret:with:colons")}`;
    const given = parseBasicAuth(header);
    expect(given).toEqual({ username: "dq-hook", password: "s3cret:with:colons" });
    expect(credentialsMatch(given, { username: "dq-hook", password: "s3cret:with:colons" })).toBe(true);
    expect(credentialsMatch(given, { username: "dq-hook", password: "other" })).toBe(false);
    expect(credentialsMatch(given, { username: "other", password: "s3cret:with:colons" })).toBe(false);
    expect(credentialsMatch(null, { username: "", password: "" })).toBe(false);
    expect(parseBasicAuth("Bearer abc")).toBeNull();
    expect(parseBasicAuth(`Basic ${btoa("no-colon")}`)).toBeNull();
    expect(parseBasicAuth("Basic !!!")).toBeNull();
  });
});

describe("parsePipedriveWebhook", () => {
  it("reads a deal won (v2: data.status won, previous.status present)", () => {
    expect(parsePipedriveWebhook(won, NOW)).toEqual({
      events: [
        {
          eventKey: "8d6c3a0e-2b1f-4c7e-9b55-6f3e2d1c0b9a",
          externalId: "482",
          state: "won",
          occurredAt: "2026-11-24T10:02:11.512Z",
          ownerCrmUserId: "13540546",
          name: "Northwind Traders - 40 seats",
          amount: 18400,
          currency: "EUR",
          url: "https://northwind.pipedrive.com/deal/482",
        },
      ],
      ignored: 0,
    });
  });

  it("reads a lost deal from a bulk edit", () => {
    expect(parsePipedriveWebhook(lostBulk, NOW).events).toMatchObject([{ externalId: "483", state: "lost", ownerCrmUserId: "13540999" }]);
  });

  it("reads a reopening, and ignores changes that leave the status alone", () => {
    const reopened = { ...won, data: { ...won.data, status: "open" }, previous: { status: "won" } };
    expect(parsePipedriveWebhook(reopened, NOW).events).toMatchObject([{ state: "open" }]);
    const renamed = { ...won, previous: { title: "Old title" } };
    expect(parsePipedriveWebhook(renamed, NOW)).toEqual({ events: [], ignored: 1 });
    const openToOpen = { ...won, data: { ...won.data, status: "open" }, previous: { status: "open" } };
    expect(parsePipedriveWebhook(openToOpen, NOW)).toEqual({ events: [], ignored: 1 });
  });

  it("ignores other entities and actions", () => {
    expect(parsePipedriveWebhook(personChange, NOW)).toEqual({ events: [], ignored: 1 });
    expect(parsePipedriveWebhook({ ...won, meta: { ...won.meta, action: "create" } }, NOW)).toEqual({ events: [], ignored: 1 });
  });

  it("refuses v1 payloads and bodies without meta", () => {
    expect(() => parsePipedriveWebhook(v1, NOW)).toThrow(/version 2\.0/);
    expect(() => parsePipedriveWebhook({ data: {} }, NOW)).toThrow(WebhookPayloadError);
    expect(() => parsePipedriveWebhook([], NOW)).toThrow(WebhookPayloadError);
    expect(() => parsePipedriveWebhook({ ...won, data: { ...won.data, id: undefined }, meta: { ...won.meta, entity_id: undefined } }, NOW)).toThrow(/no id/);
  });

  it("does not build a URL from a host that is not Pipedrive's", () => {
    expect(parsePipedriveWebhook({ ...won, meta: { ...won.meta, host: "evil.example.com" } }, NOW).events[0]!.url).toBeNull();
  });
});
