// Hooks for extension pages: server state through the background (TanStack Query) and the live
// outbox summary.
import { useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { SYNC_SUMMARY_KEY, type SyncSummary } from "@dq/shared";
import { send } from "../../lib/messaging.ts";

/** The outbox summary, updated live as the background mirrors it into storage. */
export function useSyncSummary(): SyncSummary | null {
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  useEffect(() => {
    let alive = true;
    send({ type: "sync.summary" })
      .then((s) => alive && setSummary(s))
      .catch(() => {});
    const onChange = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === "local" && changes[SYNC_SUMMARY_KEY]) setSummary((changes[SYNC_SUMMARY_KEY].newValue as SyncSummary | undefined) ?? null);
    };
    browser.storage.onChanged.addListener(onChange);
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChange);
    };
  }, []);
  return summary;
}

export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return "never";
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}
