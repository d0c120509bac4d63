// The side panel: training today; each view is one entry in `views`, each tab one entry in `tabs`
// (later: Today, Progress, Recommended), so new views are additions.
import type { ComponentType } from "react";
import type { SidePanelRoute } from "../../lib/routes.ts";
import { PracticeResolver } from "./PracticeResolver.tsx";
import { ScenarioPlay } from "./ScenarioPlay.tsx";
import { TrainList } from "./TrainList.tsx";
import { useHashRoute } from "./useHashRoute.ts";

type ViewFor<N extends SidePanelRoute["name"]> = ComponentType<{ route: Extract<SidePanelRoute, { name: N }> }>;

export const views: { [N in SidePanelRoute["name"]]: ViewFor<N> } = {
  train: TrainList,
  scenario: ScenarioPlay,
  practice: PracticeResolver,
};

export const tabs: Array<{ id: string; label: string; href: string; routes: SidePanelRoute["name"][] }> = [{ id: "train", label: "Train", href: "#/train", routes: ["train", "scenario", "practice"] }];

export function SidePanelApp() {
  const route = useHashRoute();
  const View = views[route.name] as ComponentType<{ route: SidePanelRoute }>;
  return (
    <>
      <nav className="tabs" aria-label="Deal Quest">
        {tabs.map((t) => (
          <a key={t.id} href={t.href} aria-current={t.routes.includes(route.name) ? "page" : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      <main className="page">
        <View route={route} key={route.name === "scenario" ? route.id : route.name} />
      </main>
    </>
  );
}
