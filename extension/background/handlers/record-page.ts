// A CRM record page, background side: the lead UI's injection, the lead as the page read it and as
// the rep completed it, its outcome, a closure a CRM webhook reported for it, the rep's nudges about
// it ("Practice now"), and the team scenario a rep agrees to make from a won deal — queued behind the
// outcome it comes from.
import { CreateScenarioDraftRequest, type LeadKey, type Me } from "@dq/shared";
import { routeHash } from "../../lib/routes.ts";
import { CACHE_KEYS, cachedValue } from "../cache.ts";
import { DispatchError, type BackgroundContext, type Handlers } from "../context.ts";
import type { OutboxItem } from "../db.ts";
import { leadKeyOf, upsertBody } from "../leads.ts";
import { draftState, handledHere, markPractised } from "../overlays.ts";

/** How long the cached profile answers "which features are off" before /v1/me is asked again. */
export const SWITCHES_FRESH_MS = 5 * 60_000;
/** How long a record visit waits for /v1/me when nothing is cached yet (then everything runs). */
export const SWITCHES_WAIT_MS = 1500;

export function recordPageHandlers(ctx: BackgroundContext) {
  const { db, outbox, leads, now, platform, syncWaitMs } = ctx;

  const leadView = async (key: LeadKey) => {
    const view = await leads.view(key);
    if (!view) throw new DispatchError({ code: "not_found", message: "Deal Quest has not seen this lead yet." });
    return view;
  };

  /** The newest scenario-draft item queued for a lead. */
  async function latestDraft(key: LeadKey): Promise<OutboxItem | undefined> {
    const leadKey = leadKeyOf(key);
    return (await outbox.own()).filter((i) => i.leadKey === leadKey && i.kind === "scenario.draft").at(-1);
  }

  /** What was last mirrored for record pages (JSON), so an unchanged list is not written again. */
  let mirrored: string | null = null;
  /** Every profile the kill switch reads is mirrored: the next record page reads it before its first paint. */
  const mirror = (me: Partial<Me> | null) => {
    if (!me || !platform.publishFeaturesOff) return;
    // A profile cached by an older version has no list: nothing is off.
    const off = (me.crmFeaturesOff ?? []).map((f) => ({ crm: f.crm, feature: f.feature }));
    const json = JSON.stringify(off);
    if (json === mirrored) return;
    mirrored = json;
    platform.publishFeaturesOff(off);
  };

  /**
   * The rep's profile for the kill switch, without holding up the record page: the cached copy (a
   * stale one is refreshed for the next visit), else the worker's answer if it comes quickly.
   */
  async function recentMe(): Promise<Partial<Me> | null> {
    const row = await db.cache.get(CACHE_KEYS.me);
    if (row && now() - Date.parse(row.cachedAt) < SWITCHES_FRESH_MS) return row.value as Me;
    const refreshed = (async () => {
      try {
        const client = await ctx.api();
        const me = (await cachedValue(db, CACHE_KEYS.me, () => client.me(), now)).data;
        mirror(me);
        return me;
      } catch {
        return null; // offline, signed out: the cached copy (if any) stands
      }
    })();
    if (row) return row.value as Me;
    return Promise.race([refreshed, new Promise<null>((r) => setTimeout(() => r(null), SWITCHES_WAIT_MS))]);
  }

  return {
    async "crm.featuresOff"(m) {
      const me = await recentMe();
      mirror(me);
      const off = me?.crmFeaturesOff ?? [];
      return { off: off.filter((f) => f.crm === m.crm).map((f) => f.feature) };
    },
    async "ui.inject"(_m, from) {
      await platform.injectUi(from.tab!.id!, from.frameId ?? 0); // a crm-page sender has a tab
      return { injected: true };
    },
    async "lead.seen"(m) {
      await leads.seen(m.lead);
      await ctx.syncFor(syncWaitMs);
      return leadView(m.lead);
    },
    async "lead.get"(m) {
      return leads.view(m.lead);
    },
    async "lead.answer"(m) {
      await leads.answer(m.lead, m.answers);
      await ctx.syncFor(syncWaitMs);
      return leadView(m.lead);
    },
    async "outcome.record"(m) {
      await leads.recordOutcome(m.lead, m.outcome);
      await ctx.syncFor(syncWaitMs);
      return leadView(m.lead);
    },
    async "outcome.prompted"(m) {
      await leads.prompted(m.lead);
      return leadView(m.lead);
    },
    async "sidepanel.open"(m, from) {
      // No await before this call: the click's user gesture must still be active.
      const opened = platform.openSidePanel({ tabId: from.tab?.id, windowId: from.tab?.windowId }, m.hash);
      platform.broadcast({ type: "sidepanel.navigate", hash: m.hash });
      return { opened: await opened };
    },

    async "lead.pending"(m) {
      const client = await ctx.api();
      return cachedValue(
        db,
        CACHE_KEYS.leadPending(leadKeyOf(m.lead)),
        async () => (await client.pendingOutcomes({ crm: m.lead.crm, externalId: m.lead.externalId })).pendingOutcomes[0] ?? null,
        now,
      );
    },

    async "lead.nudges"(m) {
      const key = leadKeyOf(m.lead);
      const serverId = await leads.serverId(key);
      // Nudges are about leads the worker knows; until it acknowledged this one there are none.
      if (!serverId) return { data: [], offline: false, cachedAt: null };
      const client = await ctx.api();
      const fetched = await cachedValue(db, CACHE_KEYS.leadNudges(key), async () => (await client.lead(serverId)).nudges, now);
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
      await markPractised(ctx, m.id, m.title);
      void ctx.syncFor(0);
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
      await ctx.syncFor(syncWaitMs);
      const view = await leads.view(m.lead);
      const current = (await outbox.get(draft.id)) ?? draft;
      return { lead: view!, draft: draftState(current) };
    },

    async "lead.draft"(m) {
      const item = await latestDraft(m.lead);
      return item ? draftState(item) : null;
    },
  } satisfies Partial<Handlers>;
}
