// "Team dashboard": for the popup, shown to managers only; opens dashboard.html in a tab.
import { useQuery } from "@tanstack/react-query";
import { browser } from "wxt/browser";
import { send } from "../../lib/messaging.ts";

export const dashboardUrl = () => browser.runtime.getURL("/dashboard.html");

export function DashboardLink({ className = "dqa-button primary" }: { className?: string }) {
  const me = useQuery({ queryKey: ["analytics", "whoami"], queryFn: () => send({ type: "me.get" }), staleTime: 5 * 60_000, retry: false });
  if (me.data?.data.member.role !== "manager") return null;
  return (
    <button type="button" className={className} data-testid="open-dashboard" onClick={() => void browser.tabs.create({ url: dashboardUrl() })}>
      Team dashboard
    </button>
  );
}
