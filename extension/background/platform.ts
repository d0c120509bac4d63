// The background's browser side: injection, the side panel, broadcasts, the sync mirror, alarms.
import { browser } from "wxt/browser";
import { SYNC_SUMMARY_KEY, type PageBroadcast, type SyncSummary } from "@dq/shared";
import { CRM_FEATURES_OFF_KEY } from "@dq/shared/terms";
import type { Platform } from "./context.ts";

export const RETRY_ALARM = "dq-outbox-retry";
export const SWEEP_ALARM = "dq-outbox-sweep";

export function chromePlatform(): Platform {
  return {
    extensionOrigin: browser.runtime.getURL("/"),
    async injectUi(tabId, frameId) {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: ["/content-scripts/lead-ui.js"] });
    },
    async openSidePanel(target, hash) {
      const path = `sidepanel.html${hash}`;
      try {
        // Both calls start now, inside the user gesture; setOptions first so the panel opens at `path`.
        const configured = target.tabId !== undefined ? browser.sidePanel.setOptions({ tabId: target.tabId, path, enabled: true }) : Promise.resolve();
        const opened =
          target.tabId !== undefined ? browser.sidePanel.open({ tabId: target.tabId }) : target.windowId !== undefined ? browser.sidePanel.open({ windowId: target.windowId }) : Promise.reject(new Error("no tab"));
        await Promise.all([configured, opened]);
        return true;
      } catch (err) {
        console.warn("[Deal Quest] could not open the side panel", err);
        return false;
      }
    },
    broadcast(message: PageBroadcast) {
      browser.runtime.sendMessage(message).catch(() => {
        // No extension page is open: nobody to tell.
      });
    },
    publishSummary(summary: SyncSummary) {
      void browser.storage.local.set({ [SYNC_SUMMARY_KEY]: summary });
    },
    publishFeaturesOff(off) {
      void browser.storage.local.set({ [CRM_FEATURES_OFF_KEY]: off });
    },
    scheduleRetry(at) {
      if (at === null) void browser.alarms.clear(RETRY_ALARM);
      else void browser.alarms.create(RETRY_ALARM, { when: Math.max(at, Date.now() + 1000) });
    },
  };
}
