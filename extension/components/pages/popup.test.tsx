// @vitest-environment happy-dom
// The popup's Today and its way into the side panel; the team dashboard for managers only.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { meFixture, nudge, pendingOutcome } from "../../background/loop.test-helpers.ts";
import { background, button, cleanup, click, fakeBrowser, fresh, render, settle } from "../loop-ui.test-helpers.tsx";

vi.mock("../../lib/messaging.ts", async (original) => ({
  ...(await original<typeof import("../../lib/messaging.ts")>()),
  send: vi.fn(async (m: { type: string }) => (await import("../loop-ui.test-helpers.tsx")).fakeSend(m)),
}));
vi.mock("wxt/browser", async () => ({ browser: (await import("../fake-browser.test-helpers.ts")).fakeBrowser }));


let opened = true;
beforeEach(() => {
  opened = true;
  window.close = vi.fn();
  fakeBrowser.tabs.create.mockClear();
  background.reset({
    "settings.get": () => ({ serverUrl: "http://127.0.0.1:8787", defaultServerUrl: "http://127.0.0.1:8787", hasToken: true }),
    "me.get": () => fresh(meFixture()),
    "sync.summary": () => ({ waiting: 0, failed: 0, paused: "none", lastSyncAt: null, lastError: null }),
    "nudges.list": () => fresh({ nudges: [nudge("n1")] }),
    "pendingOutcomes.list": () => fresh([{ ...pendingOutcome("ld_2", { url: null, name: "Globex renewal" }), answered: null }]),
    "sidepanel.openAt": () => ({ opened }),
    "nudge.done": (m) => ({ status: "done", id: `i-${m.id}` }),
  });
});
afterEach(cleanup);

describe("the popup", () => {
  it("'Practice now' opens the side panel at the scenario on the current tab, and marks the nudge done", async () => {
    const { PopupApp } = await import("./PopupApp.tsx");
    const { host } = await render(<PopupApp />);
    await click(button(host, "Practice now: Turn a reply into a meeting (n1)"));
    expect(background.of("sidepanel.openAt")).toEqual([{ type: "sidepanel.openAt", hash: "#/scenario/sc_n1", tabId: 5, windowId: 1 }]);
    // The side panel is asked first: the click's user gesture is what lets it open.
    expect(background.sent.findIndex((m) => m.type === "sidepanel.openAt")).toBeLessThan(background.sent.findIndex((m) => m.type === "nudge.done"));
    expect(background.of("nudge.done")).toEqual([{ type: "nudge.done", id: "n1" }]);
    await settle();
    expect(window.close).toHaveBeenCalled();
    expect(fakeBrowser.tabs.create).not.toHaveBeenCalled();
  });

  it("without a side panel, the view opens in a tab; a closure without a record address opens the side panel's form", async () => {
    opened = false;
    const { PopupApp } = await import("./PopupApp.tsx");
    const { host } = await render(<PopupApp />);
    await click(button(host, "Log outcome: Globex renewal"));
    expect(background.of("sidepanel.openAt")[0]).toMatchObject({ hash: "#/outcome/ld_2" });
    await settle();
    expect(fakeBrowser.tabs.create).toHaveBeenCalledWith({ url: "chrome-extension://dq/sidepanel.html#/outcome/ld_2" });
  });

  it("says how many items wait for another account, without listing them", async () => {
    const { PopupApp } = await import("./PopupApp.tsx");
    let view = await render(<PopupApp />);
    expect(view.host.querySelector('[data-testid="other-account-items"]')).toBeNull();
    cleanup();
    background.answers["sync.summary"] = () => ({ waiting: 0, failed: 0, paused: "none", lastSyncAt: null, lastError: null, otherAccounts: { items: 2, servers: ["https://dq.example.com"] } });
    view = await render(<PopupApp />);
    expect(view.host.querySelector('[data-testid="other-account-items"]')?.textContent).toMatch(/^2 items wait for another account on https:\/\/dq\.example\.com: kept, and sent when/);
    expect(view.host.querySelector('[data-testid="popup-sync"]')?.textContent).toBe("All synced");
  });

  it("shows the team dashboard to managers only", async () => {
    const { PopupApp } = await import("./PopupApp.tsx");
    let view = await render(<PopupApp />);
    expect(view.host.querySelector('[data-testid="open-dashboard"]')).toBeNull();
    cleanup();
    background.answers["me.get"] = () => fresh(meFixture({ role: "manager" }));
    view = await render(<PopupApp />);
    expect(view.host.querySelector('[data-testid="open-dashboard"]')?.textContent).toBe("Team dashboard");
  });
});
