// The side panel: training, Today, progress and the review queue. Each view is one entry in `views`,
// each tab one entry in `tabs`, so new views are additions.
import { type ComponentType, lazy, Suspense } from "react";
import type { SidePanelRoute } from "../../lib/routes.ts";
import { ReviewQueue } from "../review/ReviewQueue.tsx";
import { OutcomeView } from "../today/OutcomeView.tsx";
import { useTodayCount } from "../today/TodayList.tsx";
import { TodayView } from "../today/TodayView.tsx";
import { PracticeResolver } from "./PracticeResolver.tsx";
import { useMe } from "./queries.ts";
import { Conversation } from "./Conversation.tsx";
import { ScenarioPlay } from "./ScenarioPlay.tsx";
import { TrainList } from "./TrainList.tsx";
import { useHashRoute } from "./useHashRoute.ts";

type ViewFor<N extends SidePanelRoute["name"]> = ComponentType<{ route: Extract<SidePanelRoute, { name: N }> }>;

// Charts are heavy: the Progress tab loads them when it is first shown.
const Progress = lazy(() => import("../analytics/Progress.tsx").then((m) => ({ default: m.Progress })));

function ProgressView() {
  return (
    <section aria-labelledby="progress-title">
      <h1 id="progress-title">Your progress</h1>
      <Suspense fallback={<p className="muted">Loading your progress…</p>}>
        <Progress />
      </Suspense>
    </section>
  );
}

export const views: { [N in SidePanelRoute["name"]]: ViewFor<N> } = {
  train: TrainList,
  scenario: ScenarioPlay,
  conversation: Conversation,
  practice: PracticeResolver,
  today: TodayView,
  outcome: OutcomeView,
  progress: ProgressView,
  review: ReviewQueue,
};

interface Tab {
  id: string;
  href: string;
  routes: SidePanelRoute["name"][];
  /** The tab's text (a component: it may count, or depend on the member's role). */
  Label: ComponentType;
}

function ReviewLabel() {
  return useMe().data?.data.member.role === "manager" ? "Review" : "Drafts";
}

function TodayLabel() {
  const count = useTodayCount();
  return (
    <>
      Today
      {count > 0 && (
        <>
          <span className="count" aria-hidden="true">
            {count}
          </span>
          <span className="sr-only">, {count} waiting</span>
        </>
      )}
    </>
  );
}

export const tabs: Tab[] = [
  { id: "train", href: "#/train", routes: ["train", "scenario", "conversation", "practice"], Label: () => "Train" },
  { id: "today", href: "#/today", routes: ["today", "outcome"], Label: TodayLabel },
  { id: "progress", href: "#/progress", routes: ["progress"], Label: () => "Progress" },
  { id: "review", href: "#/review", routes: ["review"], Label: ReviewLabel },
];

function TabLink({ tab, current }: { tab: Tab; current: boolean }) {
  return (
    <a href={tab.href} aria-current={current ? "page" : undefined}>
      <tab.Label />
    </a>
  );
}

export function SidePanelApp() {
  const route = useHashRoute();
  const View = views[route.name] as ComponentType<{ route: SidePanelRoute }>;
  return (
    <>
      <nav className="tabs" aria-label="Deal Quest">
        {tabs.map((t) => (
          <TabLink key={t.id} tab={t} current={t.routes.includes(route.name)} />
        ))}
      </nav>
      <main className="page">
        <View route={route} key={route.name === "scenario" || route.name === "conversation" ? `${route.name}:${route.id}` : route.name === "outcome" ? route.leadId : route.name} />
      </main>
    </>
  );
}
