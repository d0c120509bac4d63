// When the outcome popup opens by itself: closures seen on the page, closures the CRM reported
// (webhook), and the "asks again next visit, once" rule for both.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LeadView, PendingOutcome } from "@dq/shared";
import type { CrmAdapter } from "../crm/types.ts";
import { RecordEvents, type RecordEventMap } from "./events.ts";
import { MAX_AUTO_PROMPTS, PENDING_WAIT_MS, arrivalPrompt, stageWatcher } from "./stage-watcher.ts";
import { createLeadStore } from "./store.ts";
import type { RecordContext } from "./types.ts";

const view = (patch: Partial<LeadView> = {}): LeadView => ({
  crm: "hubspot",
  externalId: "4242",
  serverId: "ld_1",
  name: "Acme renewal",
  company: null,
  stage: "Contract Sent",
  amount: null,
  currency: null,
  persona: null,
  status: "open",
  outcome: null,
  autoPrompts: 0,
  waiting: 0,
  syncedAt: null,
  ...patch,
});

const reported: PendingOutcome = {
  leadId: "ld_1",
  crm: "hubspot",
  externalId: "4242",
  name: "Acme renewal",
  company: null,
  url: null,
  amount: null,
  currency: null,
  status: "won",
  closedAt: "2026-11-23T16:00:00.000Z",
  reportedAt: "2026-11-23T16:00:05.000Z",
  ownerId: "m1",
};

describe("arrivalPrompt", () => {
  it("asks about a closure the CRM reported, with the CRM's result, even when the page still shows it open", () => {
    expect(arrivalPrompt({ view: view(), reading: { stage: "Contract Sent" }, pending: reported })).toEqual({ reason: "crm", result: "won" });
  });

  it("asks about a closed stage on the page without an outcome (a revisit)", () => {
    expect(arrivalPrompt({ view: view(), reading: { closed: "lost" }, pending: null })).toEqual({ reason: "revisit", result: "lost" });
    expect(arrivalPrompt({ view: view(), reading: { stage: "New" }, pending: null })).toBeNull();
  });

  it("does not ask about what the rep answered here, even before the worker has it", () => {
    const answered = view({ outcome: { result: "won", recordedAt: "2026-11-23T16:00:00.000Z", state: "waiting" } });
    expect(arrivalPrompt({ view: answered, reading: { closed: "won" }, pending: reported })).toBeNull();
  });

  it("asks again when the CRM reports a different result after the rep's answer", () => {
    const earlier = view({ outcome: { result: "lost", recordedAt: "2026-11-20T09:00:00.000Z", state: "sent" } });
    expect(arrivalPrompt({ view: earlier, reading: {}, pending: reported })).toEqual({ reason: "crm", result: "won" });
    const later = view({ outcome: { result: "lost", recordedAt: "2026-11-24T09:00:00.000Z", state: "sent" } });
    expect(arrivalPrompt({ view: later, reading: {}, pending: reported })).toBeNull();
  });

  it("opens by itself at most MAX_AUTO_PROMPTS times (dismissed: asks again next visit, once)", () => {
    expect(arrivalPrompt({ view: view({ autoPrompts: MAX_AUTO_PROMPTS - 1 }), reading: {}, pending: reported })).not.toBeNull();
    expect(arrivalPrompt({ view: view({ autoPrompts: MAX_AUTO_PROMPTS }), reading: {}, pending: reported })).toBeNull();
    expect(arrivalPrompt({ view: view({ autoPrompts: MAX_AUTO_PROMPTS }), reading: { closed: "won" }, pending: null })).toBeNull();
  });

  it("waits for the page's reading and the background's view", () => {
    expect(arrivalPrompt({ view: null, reading: {}, pending: reported })).toBeNull();
    expect(arrivalPrompt({ view: view(), reading: null, pending: reported })).toBeNull();
  });
});

describe("stage watcher on arrival", () => {
  let opened: RecordEventMap["outcome:open"][];
  let ctx: RecordContext;
  let controller: AbortController;

  beforeEach(() => {
    vi.useFakeTimers();
    opened = [];
    controller = new AbortController();
    const adapter = { observeStage: () => {} } as unknown as CrmAdapter;
    ctx = { adapter, record: { crm: "hubspot", externalId: "4242", kind: "deal" }, doc: {} as Document, store: createLeadStore(), events: new RecordEvents(), wxt: {} as RecordContext["wxt"] };
    ctx.events.on("outcome:open", (r) => opened.push(r), controller.signal);
    void stageWatcher.init(ctx, controller.signal);
  });
  afterEach(() => {
    controller.abort();
    vi.useRealTimers();
  });

  it("waits for the CRM's report before deciding, then opens for it", () => {
    ctx.store.set({ view: view(), reading: { stage: "Contract Sent" } });
    expect(ctx.store.get().autoPrompt).toBe("pending");
    ctx.store.set({ pending: reported });
    expect(opened).toEqual([{ reason: "crm", result: "won" }]);
    expect(ctx.store.get().autoPrompt).toBe("opened");
  });

  it("decides on the page alone when the report is slow, and still asks if a closure arrives later", () => {
    ctx.store.set({ view: view(), reading: { stage: "Contract Sent" } });
    vi.advanceTimersByTime(PENDING_WAIT_MS);
    expect(ctx.store.get().autoPrompt).toBe("skipped");
    ctx.store.set({ pending: reported });
    expect(opened).toEqual([{ reason: "crm", result: "won" }]);
    ctx.store.set({ pending: null, view: view({ autoPrompts: 1 }) });
    expect(opened).toHaveLength(1);
  });

  it("opens once for a closed page with nothing reported", () => {
    ctx.store.set({ view: view(), reading: { closed: "lost" }, pending: null });
    ctx.store.set({ view: view({ autoPrompts: 1 }) });
    expect(opened).toEqual([{ reason: "revisit", result: "lost" }]);
  });
});
