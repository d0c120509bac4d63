// The side panel's Today tab: "Practice now" marks the nudge done (outbox) and opens its scenario
// here; a closure opens its CRM record in a tab (the outcome popup waits there), or the outcome form
// here when the record has no address.
import { useQueryClient } from "@tanstack/react-query";
import { browser } from "wxt/browser";
import type { Nudge, PendingOutcomeView } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { routeHash } from "../../lib/routes.ts";
import { loopKeys } from "../training/queries.ts";
import { TodayList } from "./TodayList.tsx";

/** Only web addresses are opened (a record URL comes from a CRM page or webhook). */
export function recordUrl(p: Pick<PendingOutcomeView, "url">): string | null {
  if (!p.url) return null;
  try {
    const u = new URL(p.url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.href : null;
  } catch {
    return null;
  }
}

export function TodayView() {
  const qc = useQueryClient();
  const practice = (n: Nudge) => {
    void send({ type: "nudge.done", id: n.id })
      .catch((err) => console.warn("[Deal Quest] could not save the nudge action", err))
      .finally(() => void qc.invalidateQueries({ queryKey: loopKeys.nudges }));
    location.hash = routeHash({ name: "scenario", id: n.scenario.id });
  };
  const logOutcome = (p: PendingOutcomeView) => {
    const url = recordUrl(p);
    if (url) void browser.tabs.create({ url });
    else location.hash = routeHash({ name: "outcome", leadId: p.leadId });
  };
  return <TodayList actions={{ practice, logOutcome }} level={1} />;
}
