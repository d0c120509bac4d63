// "Practice" from a lead: the first scenario that fits the buyer's persona and the deal's stage,
// else the list filtered by the stage's category.
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { send } from "../../lib/messaging.ts";
import { routeHash, type SidePanelRoute } from "../../lib/routes.ts";

export async function fittingScenarioHash(route: Extract<SidePanelRoute, { name: "practice" }>, list = (q: object) => send({ type: "scenarios.list", query: q })): Promise<string> {
  const filtered = routeHash({ name: "train", ...(route.category ? { category: route.category } : {}) });
  if (!route.persona) return filtered;
  const both = await list({ ...(route.category ? { category: route.category } : {}), persona: route.persona });
  if (both.data[0]) return routeHash({ name: "scenario", id: both.data[0].id });
  return filtered;
}

export function PracticeResolver({ route }: { route: Extract<SidePanelRoute, { name: "practice" }> }) {
  const target = useQuery({ queryKey: ["practice", route], queryFn: () => fittingScenarioHash(route) });
  useEffect(() => {
    if (target.data) location.replace(target.data);
    else if (target.error) location.replace(routeHash({ name: "train", ...(route.category ? { category: route.category } : {}) }));
  }, [target.data, target.error, route.category]);
  return <p className="muted">Finding a scenario for this deal…</p>;
}
