// The background service worker: owns the token, the network and the outbox. It may be stopped
// whenever idle, so all state lives in IndexedDB; every wake-up (message, alarm, startup) syncs.
import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { isRequest } from "../background/dispatch.ts";
import { chromePlatform, RETRY_ALARM, SWEEP_ALARM } from "../background/platform.ts";
import { createBackgroundService } from "../background/service.ts";
import { openDb } from "../background/db.ts";

export default defineBackground(() => {
  const service = createBackgroundService({ db: openDb(), platform: chromePlatform() });
  const sync = () => service.sync().catch((err) => console.warn("[Deal Quest] sync failed", err));

  browser.runtime.onMessage.addListener((raw, sender, sendResponse) => {
    if (!isRequest(raw)) return false;
    void service.handle(raw, sender).then(sendResponse);
    return true; // answers asynchronously
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RETRY_ALARM || alarm.name === SWEEP_ALARM) void sync();
  });
  // A safety net besides the exact retry alarm (which a browser restart may drop).
  void browser.alarms.create(SWEEP_ALARM, { periodInMinutes: 1 });
  // The browser was (re)started: what waited through the restart is retried now, not at its backoff time.
  browser.runtime.onStartup.addListener(() => void service.reconnect().catch((err) => console.warn("[Deal Quest] sync failed", err)));
  browser.runtime.onInstalled.addListener(() => void sync());
  // The network is back: retry everything now rather than at its backoff time.
  globalThis.addEventListener?.("online", () => void service.reconnect());

  void sync();
});
