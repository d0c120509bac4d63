// Analytics read through the background (which owns the token and the network, and caches for offline).
import { useQuery } from "@tanstack/react-query";
import type { AnalyticsQuery } from "@dq/shared";
import { MessageError, send } from "../../lib/messaging.ts";

/** Retry only what may work next time (not a refusal, a bad period or a missing token). */
const retry = (count: number, err: unknown) =>
  !(err instanceof MessageError && (err.code === "no_token" || (err.status !== undefined && err.status >= 400 && err.status < 500))) && count < 2;

export function useTeamAnalytics(query: AnalyticsQuery) {
  return useQuery({
    queryKey: ["analytics", "team", query.from ?? null, query.to ?? null],
    queryFn: () => send({ type: "analytics.team", query }),
    staleTime: 60_000,
    retry,
  });
}

export function useMyAnalytics(query: AnalyticsQuery) {
  return useQuery({
    queryKey: ["analytics", "me", query.from ?? null, query.to ?? null],
    queryFn: () => send({ type: "analytics.me", query }),
    staleTime: 60_000,
    retry,
  });
}

export interface Explained {
  title: string;
  body: string;
  action?: "options";
}

/** Why analytics could not be read, in words a manager or rep can act on. */
export function explainError(err: unknown): Explained {
  if (err instanceof MessageError) {
    if (err.status === 403) return { title: "This dashboard is for managers", body: "Your token belongs to a rep. Your own progress is in the side panel's Progress tab." };
    if (err.code === "no_token" || err.status === 401)
      return { title: "Connect Deal Quest first", body: "Add your Deal Quest token in the extension's options, then come back here.", action: "options" };
    if (err.status === 400) return { title: "That period does not work", body: err.issues?.map((i) => i.message).join(" ") || err.message };
    if (err.status === 0 || err.code === "network" || err.code === "timeout")
      return { title: "The Deal Quest server cannot be reached", body: `${err.message} Figures appear here once it answers (and are kept for reading offline after that).` };
    return { title: "Analytics could not be loaded", body: err.message };
  }
  return { title: "Analytics could not be loaded", body: err instanceof Error ? err.message : String(err) };
}
