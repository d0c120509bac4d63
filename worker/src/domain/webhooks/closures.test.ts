import { describe, expect, it } from "vitest";
import { type DealEvent, type DeliveryState, isoTime, ownerResolver, planDelivery } from "./closures.ts";

const empty: DeliveryState = { seen: new Set(), deals: new Map(), leads: new Map() };
const noOwners = () => null;
const ev = (over: Partial<DealEvent> & Pick<DealEvent, "eventKey" | "externalId" | "state" | "occurredAt">): DealEvent => ({ ...over });

describe("planDelivery", () => {
  it("closes an unknown deal and prompts", () => {
    const plan = planDelivery([ev({ eventKey: "e1", externalId: "d1", state: "won", occurredAt: "2026-11-24T10:00:00.000Z", name: "Acme" })], empty, noOwners);
    expect(plan.newKeys).toEqual(["e1"]);
    expect(plan.states).toEqual([{ externalId: "d1", status: "won", occurredAt: "2026-11-24T10:00:00.000Z" }]);
    expect(plan.closures).toMatchObject([{ externalId: "d1", status: "won", prompt: true, ownerId: null, name: "Acme" }]);
    expect(plan.counts).toEqual({ received: 1, applied: 1, duplicates: 0, stale: 0, ignored: 0 });
  });

  it("changes nothing for an event key seen before, or twice in one delivery", () => {
    const e = ev({ eventKey: "e1", externalId: "d1", state: "won", occurredAt: "2026-11-24T10:00:00.000Z" });
    const again = planDelivery([e], { ...empty, seen: new Set(["e1"]) }, noOwners);
    expect(again.closures).toEqual([]);
    expect(again.newKeys).toEqual([]);
    expect(again.counts.duplicates).toBe(1);
    const twice = planDelivery([e, { ...e }], empty, noOwners);
    expect(twice.closures).toHaveLength(1);
    expect(twice.counts).toMatchObject({ applied: 1, duplicates: 1 });
  });

  it("treats the same deal and status under a new event id as one closure", () => {
    const known: DeliveryState = { ...empty, deals: new Map([["d1", { status: "won", occurredAt: "2026-11-24T10:00:00.000Z" }]]) };
    const plan = planDelivery([ev({ eventKey: "e2", externalId: "d1", state: "won", occurredAt: "2026-11-24T10:05:00.000Z" })], known, noOwners);
    expect(plan.closures).toEqual([]);
    expect(plan.newKeys).toEqual(["e2"]);
    expect(plan.counts.duplicates).toBe(1);
  });

  it("ignores an event older than the deal's newest known state (a late reopen never reopens)", () => {
    const known: DeliveryState = { ...empty, deals: new Map([["d1", { status: "lost", occurredAt: "2026-11-24T10:00:00.000Z" }]]) };
    const lateWin = planDelivery([ev({ eventKey: "e0", externalId: "d1", state: "won", occurredAt: "2026-11-24T09:00:00.000Z" })], known, noOwners);
    expect(lateWin.closures).toEqual([]);
    expect(lateWin.states).toEqual([]);
    expect(lateWin.counts.stale).toBe(1);
    const lateOpen = planDelivery([ev({ eventKey: "e-1", externalId: "d1", state: "open", occurredAt: "2026-11-24T08:00:00.000Z" })], known, noOwners);
    expect(lateOpen.reopened).toEqual([]);
    expect(lateOpen.counts.stale).toBe(1);
  });

  it("orders events of one delivery by when they happened, whatever their order in the body", () => {
    const plan = planDelivery(
      [
        ev({ eventKey: "b", externalId: "d1", state: "lost", occurredAt: "2026-11-24T11:00:00.000Z" }),
        ev({ eventKey: "a", externalId: "d1", state: "won", occurredAt: "2026-11-24T10:00:00.000Z" }),
      ],
      empty,
      noOwners,
    );
    expect(plan.closures).toMatchObject([{ externalId: "d1", status: "lost" }]);
    expect(plan.states).toEqual([{ externalId: "d1", status: "lost", occurredAt: "2026-11-24T11:00:00.000Z" }]);
  });

  it("a newer reopen clears the prompt of a known lead; a re-close after it prompts again", () => {
    const known: DeliveryState = {
      seen: new Set(),
      deals: new Map([["d1", { status: "won", occurredAt: "2026-11-24T10:00:00.000Z" }]]),
      leads: new Map([["d1", { id: "ld1", ownerId: "m1", status: "won", lastResult: null }]]),
    };
    const reopen = planDelivery([ev({ eventKey: "r", externalId: "d1", state: "open", occurredAt: "2026-11-25T10:00:00.000Z" })], known, noOwners);
    expect(reopen.reopened).toEqual(["d1"]);
    expect(reopen.closures).toEqual([]);
    expect(reopen.counts.applied).toBe(1);
    const reclosed = planDelivery(
      [ev({ eventKey: "w2", externalId: "d1", state: "won", occurredAt: "2026-11-26T10:00:00.000Z" })],
      { ...known, deals: new Map([["d1", { status: "open", occurredAt: "2026-11-25T10:00:00.000Z" }]]) },
      noOwners,
    );
    expect(reclosed.closures).toMatchObject([{ status: "won", prompt: true }]);
  });

  it("moves between open stages are remembered but change no lead", () => {
    const plan = planDelivery([ev({ eventKey: "s", externalId: "d9", state: "open", occurredAt: "2026-11-24T10:00:00.000Z" })], empty, noOwners);
    expect(plan.states).toHaveLength(1);
    expect(plan.closures).toEqual([]);
    expect(plan.reopened).toEqual([]);
    expect(plan.counts).toMatchObject({ applied: 0, ignored: 1 });
  });

  it("does not prompt when the owner already recorded this result", () => {
    const known: DeliveryState = { ...empty, leads: new Map([["d1", { id: "ld1", ownerId: "m1", status: "won", lastResult: "won" }]]) };
    const plan = planDelivery([ev({ eventKey: "e", externalId: "d1", state: "won", occurredAt: "2026-11-24T10:00:00.000Z" })], known, noOwners);
    expect(plan.closures).toMatchObject([{ prompt: false }]);
    const other = planDelivery([ev({ eventKey: "e", externalId: "d1", state: "lost", occurredAt: "2026-11-24T10:00:00.000Z" })], known, noOwners);
    expect(other.closures).toMatchObject([{ prompt: true }]);
  });

  it("maps the CRM owner through the team's user map", () => {
    const plan = planDelivery(
      [ev({ eventKey: "e", externalId: "d1", state: "won", occurredAt: "2026-11-24T10:00:00.000Z", ownerCrmUserId: "42" })],
      empty,
      ownerResolver({ "42": "member-a" }),
    );
    expect(plan.closures[0]!.ownerId).toBe("member-a");
  });

  it("counts ignored events of the delivery", () => {
    expect(planDelivery([], empty, noOwners, 3).counts).toEqual({ received: 3, applied: 0, duplicates: 0, stale: 0, ignored: 3 });
  });
});

describe("ownerResolver", () => {
  it("matches Salesforce user ids in 15- and 18-character forms, case-sensitively", () => {
    const resolve = ownerResolver({ "0055g00000XyZaB": "m-15", "0055g00000QqQqQAAV": "m-18", "123": "m-pd" });
    expect(resolve("0055g00000XyZaBAAV")).toBe("m-15");
    expect(resolve("0055g00000QqQqQ")).toBe("m-18");
    expect(resolve("0055g00000xyzabAAV")).toBeNull();
    expect(resolve("123")).toBe("m-pd");
    expect(resolve("1234")).toBeNull();
    expect(resolve("constructor")).toBeNull();
  });
});

describe("isoTime", () => {
  it("reads epoch milliseconds and seconds, ISO strings and Pipedrive's zoneless UTC", () => {
    expect(isoTime(1763971200000)).toBe("2025-11-24T08:00:00.000Z");
    expect(isoTime(1763971200)).toBe("2025-11-24T08:00:00.000Z");
    expect(isoTime("1763971200000")).toBe("2025-11-24T08:00:00.000Z");
    expect(isoTime("2026-11-24T10:02:11.512Z")).toBe("2026-11-24T10:02:11.512Z");
    expect(isoTime("2025-02-17 21:22:41")).toBe("2025-02-17T21:22:41.000Z");
    expect(isoTime("yesterday")).toBeNull();
    expect(isoTime(null)).toBeNull();
    expect(isoTime(Number.NaN)).toBeNull();
  });
});
