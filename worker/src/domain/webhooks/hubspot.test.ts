// Signature vectors come from a hand-built HMAC (RFC 2104 on SHA-256), not from the WebCrypto HMAC
// under test; the HMAC itself is checked against RFC 4231's published vector.
import { describe, expect, it } from "vitest";
import dealChange from "../../../test/fixtures/webhooks/hubspot-deal-property-change.json";
import objectChange from "../../../test/fixtures/webhooks/hubspot-object-property-change.json";
import { hmacSha256, hubspotSignatureOf, toHex } from "../../../test/fixtures/webhooks/hmac.ts";
import { WebhookPayloadError } from "./closures.ts";
import { hubspotSignature, hubspotSignedUri, parseHubSpotBatch, verifyHubSpotRequest } from "./hubspot.ts";

const SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
/** Signs a whole source string (method + uri + body + timestamp, already concatenated). */
const sign = (secret: string, source: string) => hubspotSignatureOf(secret, "", "", source, "");
const settings = { portalId: "62515", wonStages: ["closedwon"], lostStages: ["closedlost"] };

describe("HMAC-SHA256", () => {
  it("matches RFC 4231 test case 2, by hand and in the worker", async () => {
    const expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    expect(toHex(await hmacSha256("Jefe", "what do ya want for nothing?"))).toBe(expected);
    const worker = await hubspotSignature("Jefe", "what do ", "ya want ", "for nothing", "?");
    expect(toHex(Uint8Array.from(atob(worker), (c) => c.charCodeAt(0)))).toBe(expected);
  });

  it("hashes long keys first, like any HMAC", async () => {
    const key = "k".repeat(100);
    expect(await hubspotSignature(key, "POST", "u", "b", "1")).toBe(await hubspotSignatureOf(key, "POST", "u", "b", "1"));
  });
});

describe("verifyHubSpotRequest", () => {
  const now = 1_763_971_200_000;
  const url = "https://dq.example.com/v1/webhooks/hubspot/team-1";
  const body = '[{"eventId":1}]';
  const ts = String(now - 1000);
  const base = { secret: SECRET, method: "POST", url, body, timestamp: ts, now };

  it("accepts the documented source string: method + URI + body + timestamp", async () => {
    expect(await verifyHubSpotRequest({ ...base, signature: await sign(SECRET, `POST${url}${body}${ts}`) })).toBe("valid");
  });

  it("rejects a wrong secret, a tampered body, another URI, a missing header", async () => {
    expect(await verifyHubSpotRequest({ ...base, signature: await sign("other-secret", `POST${url}${body}${ts}`) })).toBe("mismatch");
    expect(await verifyHubSpotRequest({ ...base, body: '[{"eventId":2}]', signature: await sign(SECRET, `POST${url}${body}${ts}`) })).toBe("mismatch");
    expect(await verifyHubSpotRequest({ ...base, url: `${url}x`, signature: await sign(SECRET, `POST${url}${body}${ts}`) })).toBe("mismatch");
    expect(await verifyHubSpotRequest({ ...base, signature: undefined })).toBe("missing");
    expect(await verifyHubSpotRequest({ ...base, timestamp: "soon", signature: "x" })).toBe("missing");
  });

  it("rejects timestamps more than 5 minutes off, even when correctly signed", async () => {
    const old = String(now - 5 * 60 * 1000 - 1);
    expect(await verifyHubSpotRequest({ ...base, timestamp: old, signature: await sign(SECRET, `POST${url}${body}${old}`) })).toBe("stale");
    const edge = String(now - 5 * 60 * 1000);
    expect(await verifyHubSpotRequest({ ...base, timestamp: edge, signature: await sign(SECRET, `POST${url}${body}${edge}`) })).toBe("valid");
    const future = String(now + 6 * 60 * 1000);
    expect(await verifyHubSpotRequest({ ...base, timestamp: future, signature: await sign(SECRET, `POST${url}${body}${future}`) })).toBe("stale");
  });

  it("signs the URL with HubSpot's listed percent-escapes decoded, query string included", async () => {
    const called = "https://dq.example.com/v1/webhooks/hubspot/team-1?src=hub%3Aspot%2Cv3&x=%20y";
    expect(hubspotSignedUri(called)).toBe("https://dq.example.com/v1/webhooks/hubspot/team-1?src=hub:spot,v3&x=%20y");
    const signature = await sign(SECRET, `POST${"https://dq.example.com/v1/webhooks/hubspot/team-1?src=hub:spot,v3&x=%20y"}${body}${ts}`);
    expect(await verifyHubSpotRequest({ ...base, url: called, signature })).toBe("valid");
  });
});

describe("parseHubSpotBatch", () => {
  it("reads legacy deal.propertyChange events and ignores other objects", () => {
    const { events, ignored } = parseHubSpotBatch(dealChange, settings);
    expect(ignored).toBe(1);
    expect(events).toEqual([
      {
        eventKey: "1817462301",
        externalId: "9182736451",
        state: "won",
        occurredAt: "2025-11-24T08:00:00.000Z",
        ownerCrmUserId: null,
        url: "https://app.hubspot.com/contacts/62515/record/0-3/9182736451",
      },
    ]);
  });

  it("reads generic object.propertyChange events on deals (objectTypeId 0-3) only", () => {
    const { events, ignored } = parseHubSpotBatch(objectChange, settings);
    expect(ignored).toBe(1);
    expect(events).toMatchObject([{ eventKey: "100", externalId: "9182736452", state: "lost" }]);
  });

  it("maps custom pipeline stage ids, and treats other stages as open", () => {
    const custom = { portalId: "62515", wonStages: ["1034567"], lostStages: ["1034568"] };
    const batch = [
      { ...dealChange[0], eventId: 1, propertyValue: "1034567" },
      { ...dealChange[0], eventId: 2, objectId: 2, propertyValue: "1034568" },
      { ...dealChange[0], eventId: 3, objectId: 3, propertyValue: "closedwon" },
    ];
    expect(parseHubSpotBatch(batch, custom).events.map((e) => e.state)).toEqual(["won", "lost", "open"]);
  });

  it("ignores other portals and other properties; takes the owner from the same batch", () => {
    const batch = [
      { ...dealChange[0], portalId: 999 },
      { ...dealChange[0], eventId: 7, propertyName: "amount", propertyValue: "100" },
      { ...dealChange[0], eventId: 8, propertyName: "hubspot_owner_id", propertyValue: "55501" },
      dealChange[0],
    ];
    const { events, ignored } = parseHubSpotBatch(batch, settings);
    expect(ignored).toBe(3);
    expect(events).toMatchObject([{ externalId: "9182736451", ownerCrmUserId: "55501" }]);
  });

  it("rejects bodies that are not HubSpot event arrays", () => {
    expect(() => parseHubSpotBatch({ events: [] }, settings)).toThrow(WebhookPayloadError);
    expect(() => parseHubSpotBatch([], settings)).toThrow(WebhookPayloadError);
    expect(() => parseHubSpotBatch([{ objectId: 1 }], settings)).toThrow(WebhookPayloadError);
  });

  it("falls back to the change itself as dedupe key without an eventId", () => {
    const { eventId: _drop, ...noId } = dealChange[0]!;
    const [a] = parseHubSpotBatch([noId], settings).events;
    const [b] = parseHubSpotBatch([{ ...noId, attemptNumber: 3 }], settings).events;
    expect(a!.eventKey).toBe(b!.eventKey);
  });
});
