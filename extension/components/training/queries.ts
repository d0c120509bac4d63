// The adaptive loop's server state for the side panel and the popup, read through the background
// (which caches it for offline reading). One query key per list, shared by every view that shows it.
import { useQuery } from "@tanstack/react-query";
import { MessageError, send } from "../../lib/messaging.ts";

/** Retry only what may work next time (not a refusal or a missing token). */
const retry = (count: number, err: unknown) => !(err instanceof MessageError && (err.code === "no_token" || (err.status !== undefined && err.status >= 400 && err.status < 500))) && count < 1;

export const loopKeys = {
  me: ["me"] as const,
  weakAreas: ["weakAreas"] as const,
  recommendations: ["recommendations"] as const,
  nudges: ["nudges"] as const,
  pendingOutcomes: ["pendingOutcomes"] as const,
  drafts: (scope: "team" | "mine") => ["drafts", scope] as const,
};

export const useMe = () => useQuery({ queryKey: loopKeys.me, queryFn: () => send({ type: "me.get" }), staleTime: 5 * 60_000, retry });
export const useWeakAreas = () => useQuery({ queryKey: loopKeys.weakAreas, queryFn: () => send({ type: "weakAreas.get" }), retry });
export const useRecommendations = () => useQuery({ queryKey: loopKeys.recommendations, queryFn: () => send({ type: "recommendations.get" }), retry });
// Today changes with what happens on CRM pages meanwhile: read again whenever a view shows it.
export const useNudges = () => useQuery({ queryKey: loopKeys.nudges, queryFn: () => send({ type: "nudges.list" }), staleTime: 0, retry });
export const usePendingOutcomes = () => useQuery({ queryKey: loopKeys.pendingOutcomes, queryFn: () => send({ type: "pendingOutcomes.list" }), staleTime: 0, retry });
export const useDrafts = (scope: "team" | "mine" | undefined) =>
  useQuery({ queryKey: loopKeys.drafts(scope ?? "mine"), queryFn: () => send({ type: "drafts.list", scope: scope ?? "mine" }), enabled: scope !== undefined, retry });
