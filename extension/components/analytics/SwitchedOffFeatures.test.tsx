// @vitest-environment happy-dom
// The dashboard's "CRM features switched off" list: the kill switch's features from /v1/me, in a
// manager's words; nothing at all when nothing is off.
import { act } from "react";
import { createRoot } from "react-dom/client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CrmFeatureOff } from "@dq/shared";
import { settled } from "../loop-ui.test-helpers.tsx";
import { SwitchedOffFeatures } from "./SwitchedOffFeatures.tsx";

let off: CrmFeatureOff[] | undefined = [];
vi.mock("../../lib/messaging.ts", async (original) => ({
  ...(await original<typeof import("../../lib/messaging.ts")>()),
  send: vi.fn(async (message: { type: string }) => {
    if (message.type !== "me.get") throw new Error(`unexpected ${message.type}`);
    return { data: { team: { name: "Northwind" }, ...(off ? { crmFeaturesOff: off } : {}) }, offline: false, cachedAt: null };
  }),
}));

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

async function render() {
  const host = document.createElement("div");
  document.body.append(host);
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await act(async () => createRoot(host).render(<QueryClientProvider client={client}><SwitchedOffFeatures /></QueryClientProvider>));
  await settled(client);
  return host;
}

afterEach(() => {
  document.body.innerHTML = "";
});

describe("CRM features switched off (dashboard)", () => {
  it("lists each switched-off feature with its CRM, since when and why", async () => {
    off = [
      { crm: "hubspot", feature: "stage-watcher", reason: "HubSpot moved the stage field", since: "2026-11-28T09:00:00.000Z" },
      { crm: "pipedrive", feature: "lead-sync", reason: "", since: "2026-11-27T09:00:00.000Z" },
    ];
    const host = await render();
    expect(host.querySelector('[data-testid="section-crm-features-off"] h2')!.textContent).toBe("CRM features switched off");
    expect(host.querySelector('[data-testid="off-hubspot-stage-watcher"]')!.textContent).toMatch(/^HubSpot: Asking for the outcome when the stage closes — off since .*2026 \(HubSpot moved the stage field\)$/);
    expect(host.querySelector('[data-testid="off-pipedrive-lead-sync"]')!.textContent).toContain("Pipedrive: Reading the record (reps fill in the lead and log outcomes by hand)");
  });

  it("shows nothing when nothing is off, or the server is older than the switch", async () => {
    for (const value of [[], undefined]) {
      off = value;
      const host = await render();
      expect(host.innerHTML).toBe("");
      document.body.innerHTML = "";
    }
  });
});
