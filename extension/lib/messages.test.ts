// The extension's message contract (shared/src/messages.ts).
import { describe, expect, it } from "vitest";
import { AttemptStatus, ExtensionMessage, LeadView, messageResults } from "@dq/shared";

describe("extension messages", () => {
  it("accepts each well-formed message", () => {
    const good = [
      { type: "ui.inject" },
      { type: "lead.seen", lead: { crm: "hubspot", externalId: "1", name: "Acme", amount: 10 } },
      { type: "lead.answer", lead: { crm: "sandbox", externalId: "L-1" }, answers: { persona: "executive" } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: true, meetingBooked: false, result: "lost", lostReason: "price" } },
      { type: "scenarios.list", query: { category: "pricing", difficulty: "hard" } },
      { type: "attempt.submit", attempt: { scenarioId: "s1", response: "hi", durationSec: 5 } },
      { type: "sidepanel.open", hash: "#/scenario/s1" },
      { type: "settings.save", serverUrl: "http://127.0.0.1:8787", token: "dq_x" },
    ];
    for (const m of good) expect(ExtensionMessage.safeParse(m).success, JSON.stringify(m)).toBe(true);
  });

  it("rejects what the worker would reject, before it is queued", () => {
    const bad = [
      { type: "lead.seen", lead: { crm: "zoho", externalId: "1" } },
      { type: "lead.seen", lead: { crm: "hubspot", externalId: "" } },
      { type: "lead.seen", lead: { crm: "hubspot", externalId: "1", amount: -5 } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: false, meetingBooked: true, result: "won" } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: true, meetingBooked: true, result: "won", lostReason: "price" } },
      { type: "outcome.record", lead: { crm: "sandbox", externalId: "L-1" }, outcome: { responded: true, meetingBooked: true, result: "lost", scenarioConsent: true } },
      { type: "sidepanel.open", hash: "javascript:alert(1)" },
      { type: "settings.save", serverUrl: "not a url" },
      { type: "unknown" },
    ];
    for (const m of bad) expect(ExtensionMessage.safeParse(m).success, JSON.stringify(m)).toBe(false);
  });

  it("has an answer schema for every message type", () => {
    const types = ExtensionMessage.options.map((o) => o.shape.type.value).sort();
    expect(Object.keys(messageResults).sort()).toEqual(types);
  });

  it("describes lead views and attempt states", () => {
    expect(
      LeadView.safeParse({ crm: "sandbox", externalId: "L", serverId: null, name: null, company: null, stage: null, amount: null, currency: null, persona: null, status: "open", outcome: null, autoPrompts: 0, waiting: 0, syncedAt: null }).success,
    ).toBe(true);
    expect(AttemptStatus.safeParse({ status: "queued", id: "x" }).success).toBe(true);
    expect(AttemptStatus.safeParse({ status: "scored", id: "x" }).success).toBe(false);
  });
});
