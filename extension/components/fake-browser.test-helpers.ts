// A small stand-in for WXT's \`browser\` in page tests (mock "wxt/browser" with it). No other imports:
// the messaging module imports "wxt/browser" itself.
import { vi } from "vitest";

const listeners = () => ({ addListener: () => {}, removeListener: () => {} });

export const fakeBrowser = {
  runtime: { onMessage: listeners(), getURL: (p: string) => `chrome-extension://dq${p}`, openOptionsPage: vi.fn() },
  storage: { onChanged: listeners() },
  tabs: { create: vi.fn(async (o: { url: string }) => ({ id: 9, ...o })), query: async () => [{ id: 5 }] },
  windows: { getCurrent: async () => ({ id: 1 }) },
  sidePanel: { open: vi.fn(async () => {}) },
};
