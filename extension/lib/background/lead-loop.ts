// The adaptive loop on CRM record pages, background side: a closure a CRM webhook reported for the
// record (its outcome prompt), the rep's nudges about the lead and "Practice now", and the team
// scenario a rep agrees to make from a won deal — queued behind the outcome it comes from.
import { CreateScenarioDraftRequest, type CreateScenarioDraftResponse, type LeadKey, type ScenarioDraftState } from "@dq/shared";
import { cachedValue } from "../cache.ts";
import type { OutboxItem } from "../db.ts";
import { leadKeyOf, upsertBody } from "../leads.ts";
import { routeHash } from "../routes.ts";
import { DispatchError, type HandlerGroup } from "./dispatch.ts";
import type { HandlerDeps } from "./handler-groups.ts";
import { handledHere } from "./loop.ts";

/** How long a request waits for the outbox before answering with the local state (as core handlers do). */
const SYNC_WAIT_MS = 2500;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function draftState(item: OutboxItem): ScenarioDraftState {
  const made = item.state === "sent" ? (item.result as CreateScenarioDraftResponse | null)?.scenario : undefined;
  return {
    state: item.state,
    scenario: made ? { id: made.id, title: made.title } : null,
    error: item.state === "sent" ? null : item.lastError,
  };
}

export function leadLoopHandlers(deps: HandlerDeps): HandlerGroup {
  const { db, api, outbox, leads, now, platform } = deps;

  /** Sends what is due, waiting at most `ms`; the next retry is scheduled either way. */
  async function syncFor(ms: number) {
    const run = outbox
      .flush()
      .catch((err) => console.warn("[Deal Quest] sync failed", err))
      .finally(async () => platform.scheduleRetry(await outbox.nextDueAt()));
    await Promise.race([run, sleep(ms)]);
  }

  /** The newest scenario-draft item queued for a lead. */
  async function latestDraft(key: LeadKey): Promise<OutboxItem | undefined> {
    const leadKey = leadKeyOf(key);
    const items = (await outbox.own()).filter((i) => i.leadKey === leadKey && i.kind === "scenario.draft");
    return items.at(-1);
  }


  return {
    async "lead.pending"(m) {
      const client = await api();
      return cachedValue(
        db,
        `pending:${leadKeyOf(m.lead)}`,
        async () => (await client.pendingOutcomes({ crm: m.lead.crm, externalId: m.lead.externalId })).pendingOutcomes[0] ?? null,
        now,
      );
    },

    async "lead.nudges"(m) {
      const key = leadKeyOf(m.lead);
      const serverId = await leads.serverId(key);
      // Nudges are about leads the worker knows; until it acknowledged this one there are none.
      if (!serverId) return { data: [], offline: false, cachedAt: null };
      const client = await api();
      const fetched = await cachedValue(db, `nudges:${key}`, async () => (await client.lead(serverId)).nudges, now);
      // Acted on, dismissed or snoozed in this browser: the worker may not have heard yet.
      const hidden = handledHere(await outbox.own(), now());
      return { ...fetched, data: fetched.data.filter((n) => !hidden.has(n.id)) };
    },

    async "nudge.act"(m, from) {
      // No await before this call: the click's user gesture must still be active.
      const hash = routeHash({ name: "scenario", id: m.scenarioId });
      const opened = platform.openSidePanel({ tabId: from.tab?.id, windowId: from.tab?.windowId }, hash);
      platform.broadcast({ type: "sidepanel.navigate", hash });
      // Acted on only when the scenario is in front of the rep (else the nudge stays for later).
      if (!(await opened)) return { opened: false };
      const already = (await outbox.own()).filter((i) => i.kind === "nudge.act" && i.target === m.id && i.state === "waiting").length;
      if (already === 0) {
        await outbox.enqueue({ kind: "nudge.act", body: "", target: m.id, label: m.title ? `Practice now: ${m.title}` : "Practice now (nudge)" });
        void syncFor(0);
      }
      return { opened: true };
    },

    async "outcome.share"(m) {
      if (m.outcome.result !== "won" || m.outcome.scenarioConsent !== true)
        throw new DispatchError({ code: "invalid_message", message: "Only a won deal the rep agreed to share can become a team scenario." });
      const request = CreateScenarioDraftRequest.safeParse({ consent: true, winningApproach: m.outcome.winningApproach });
      if (!request.success)
        throw new DispatchError({
          code: "invalid_message",
          message: "Describe your winning approach in a few sentences (at least 20 characters), so the scenario can teach it.",
          issues: [{ path: ["outcome", "winningApproach"], message: request.error.issues[0]?.message ?? "Too short." }],
        });
      // The outcome first (it is what the rep must never lose), then the draft that follows it.
      const lead = await leads.recordOutcome(m.lead, m.outcome);
      const outcomeItem = lead.outcome!.outboxId;
      const earlier = await latestDraft(m.lead);
      let draft = earlier && earlier.state !== "failed" ? earlier : undefined; // the worker makes one scenario per deal
      if (!draft) {
        draft = await outbox.enqueue({
          id: `${outcomeItem}.draft`,
          kind: "scenario.draft",
          body: request.data,
          label: `Team scenario from ${lead.seen.name ?? lead.answers.name ?? `record ${lead.externalId}`}`,
          leadKey: lead.key,
          lead: upsertBody(lead),
          after: outcomeItem,
        });
      }
      await syncFor(SYNC_WAIT_MS);
      const view = await leads.view(m.lead);
      const current = (await outbox.get(draft.id)) ?? draft;
      return { lead: view!, draft: draftState(current) };
    },

    async "lead.draft"(m) {
      const item = await latestDraft(m.lead);
      return item ? draftState(item) : null;
    },
  };
}
