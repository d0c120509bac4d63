// The toolbar popup: XP and streak, Today (nudges and closures to log), what waits to sync, and the
// ways into training and, for managers, the team dashboard.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { browser } from "wxt/browser";
import type { Nudge, PendingOutcomeView } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { routeHash } from "../../lib/routes.ts";
import { DashboardLink } from "../analytics/DashboardLink.tsx";
import { TodayList } from "../today/TodayList.tsx";
import { recordUrl } from "../today/TodayView.tsx";
import { OtherAccountItems } from "./OtherAccountItems.tsx";
import { OutboxList } from "./OutboxList.tsx";
import { timeAgo, useSyncSummary } from "./hooks.ts";

export function PopupApp() {
  const settings = useQuery({ queryKey: ["settings"], queryFn: () => send({ type: "settings.get" }) });
  const me = useQuery({ queryKey: ["me"], queryFn: () => send({ type: "me.get" }), enabled: settings.data?.hasToken === true });
  const summary = useSyncSummary();
  const qc = useQueryClient();

  // Known before the click: sidePanel.open must be called straight from the user gesture.
  const [windowId, setWindowId] = useState<number | undefined>();
  const [tabId, setTabId] = useState<number | undefined>();
  useEffect(() => {
    void browser.windows.getCurrent().then((w) => setWindowId(w.id));
    void browser.tabs.query({ active: true, currentWindow: true }).then(([t]) => setTabId(t?.id));
  }, []);
  const openTraining = async () => {
    if (windowId === undefined) return;
    await browser.sidePanel.open({ windowId });
    window.close();
  };

  /**
   * Opens the side panel at `hash` on this tab, through the background (as "Practice" on a CRM page
   * does). Called inside the click, before any await; without a side panel, the view opens in a tab.
   */
  const openPanelAt = (hash: string, then?: () => Promise<unknown>) => {
    const opening = send({ type: "sidepanel.openAt", hash, tabId, windowId }).catch(() => ({ opened: false }));
    const also = then?.().catch((err) => console.warn("[Deal Quest]", err));
    void (async () => {
      const [{ opened }] = await Promise.all([opening, also]);
      if (!opened) await browser.tabs.create({ url: browser.runtime.getURL(`/sidepanel.html${hash}`) });
      window.close();
    })();
  };
  const today = {
    practice: (n: Nudge) => openPanelAt(routeHash({ name: "scenario", id: n.scenario.id }), () => send({ type: "nudge.done", id: n.id })),
    logOutcome: (p: PendingOutcomeView) => {
      const url = recordUrl(p);
      if (url) void browser.tabs.create({ url }).then(() => window.close());
      else openPanelAt(routeHash({ name: "outcome", leadId: p.leadId }));
    },
    more: () => openPanelAt(routeHash({ name: "today" })),
  };

  return (
    <main className="page" style={{ width: 340 }}>
      <div className="row">
        <h1 className="grow">Deal Quest</h1>
        <button type="button" onClick={() => browser.runtime.openOptionsPage()}>
          Options
        </button>
      </div>
      {settings.data && !settings.data.hasToken && (
        <div className="banner">
          Connect to your team: paste your token in{" "}
          <button type="button" className="link" onClick={() => browser.runtime.openOptionsPage()}>
            Options
          </button>
          .
        </div>
      )}
      {me.data && (
        <section className="card" aria-label="Your progress">
          <div className="muted">
            {me.data.data.member.name} · {me.data.data.team.name}
            {me.data.offline ? ` · offline, as of ${timeAgo(me.data.cachedAt)}` : ""}
          </div>
          <div className="stats" style={{ marginTop: 8 }}>
            <div>
              <strong data-testid="xp-total">{me.data.data.xp.total}</strong>XP total
            </div>
            <div>
              <strong>{me.data.data.xp.training}</strong>training
            </div>
            <div>
              <strong>{me.data.data.xp.support}</strong>support
            </div>
          </div>
          <p style={{ margin: "8px 0 0" }}>
            🔥 Streak: <strong data-testid="streak">{me.data.data.streak}</strong> day{me.data.data.streak === 1 ? "" : "s"}
          </p>
        </section>
      )}
      {me.error && <p className="bad">{(me.error as Error).message}</p>}
      {settings.data?.hasToken && (
        <div style={{ margin: "12px 0" }}>
          <TodayList actions={today} limit={3} />
        </div>
      )}
      <section className="card" aria-label="Sync">
        <div className="row">
          <span className="grow" data-testid="popup-sync">
            {summary ? (summary.waiting || summary.failed ? `${summary.waiting} waiting, ${summary.failed} failed` : "All synced") : "…"}
          </span>
          <button type="button" onClick={() => void send({ type: "outbox.flush" }).then(() => qc.invalidateQueries())}>
            Sync now
          </button>
        </div>
        <div className="muted">Last sync {timeAgo(summary?.lastSyncAt)}</div>
        {summary?.lastError && summary.waiting > 0 && <div className="warn">{summary.lastError.message}</div>}
        {summary && summary.waiting + summary.failed > 0 && <OutboxList />}
        <OtherAccountItems summary={summary} />
      </section>
      <button type="button" className="primary" style={{ width: "100%" }} onClick={() => void openTraining()}>
        Open training
      </button>
      <DashboardLink className="dashboard-link" />
    </main>
  );
}
