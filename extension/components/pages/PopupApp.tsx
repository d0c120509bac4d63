// The toolbar popup: XP and streak, what waits to sync, and the way into training.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { send } from "../../lib/messaging.ts";
import { OutboxList } from "./OutboxList.tsx";
import { timeAgo, useSyncSummary } from "./hooks.ts";

export function PopupApp() {
  const settings = useQuery({ queryKey: ["settings"], queryFn: () => send({ type: "settings.get" }) });
  const me = useQuery({ queryKey: ["me"], queryFn: () => send({ type: "me.get" }), enabled: settings.data?.hasToken === true });
  const summary = useSyncSummary();
  const qc = useQueryClient();

  // Known before the click: sidePanel.open must be called straight from the user gesture.
  const [windowId, setWindowId] = useState<number | undefined>();
  useEffect(() => void browser.windows.getCurrent().then((w) => setWindowId(w.id)), []);
  const openTraining = async () => {
    if (windowId === undefined) return;
    await browser.sidePanel.open({ windowId });
    window.close();
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
      </section>
      <button type="button" className="primary" style={{ width: "100%" }} onClick={() => void openTraining()}>
        Open training
      </button>
    </main>
  );
}
