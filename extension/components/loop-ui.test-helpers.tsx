// For the adaptive loop's page tests (happy-dom): a scripted background behind `send`, a small
// stand-in for `browser`, and React rendering with a query client.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { MessageError } from "../lib/messaging.ts";

export { fakeBrowser } from "./fake-browser.test-helpers.ts";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Answer = (message: any) => unknown;

/** What the pages asked the background, and how it answers (a missing answer is a failure). */
export const background = {
  sent: [] as any[],
  answers: {} as Record<string, Answer>,
  reset(answers: Record<string, Answer> = {}) {
    this.sent.length = 0;
    this.answers = answers;
  },
  of(type: string) {
    return this.sent.filter((m) => m.type === type);
  },
};

export async function fakeSend(message: { type: string }) {
  background.sent.push(message);
  const answer = background.answers[message.type];
  if (!answer) throw new MessageError({ code: "unknown_message", message: `No answer for ${message.type}` });
  return answer(message);
}

/** Cached-read envelope, as the background answers reads. */
export const fresh = <T,>(data: T) => ({ data, offline: false, cachedAt: "2026-11-24T10:00:00.000Z" });
export const stale = <T,>(data: T) => ({ data, offline: true, cachedAt: new Date(Date.now() - 5 * 60_000).toISOString() });

export async function settle() {
  await act(async () => new Promise((r) => setTimeout(r, 30)));
}

/**
 * Waits until no query is fetching, twice in a row (a query enabled by another's answer starts in
 * the render after it), so first renders do not depend on how fast a loaded machine is. Max 3 s.
 */
export async function settled(client: QueryClient) {
  const deadline = Date.now() + 3000;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    await settle();
    quiet = client.isFetching() === 0 ? quiet + 1 : 0;
  }
}

const mounted: Array<() => void> = [];

/** Unmounts what `render` mounted (a mounted side panel would still follow hash changes). */
export function cleanup() {
  for (const unmount of mounted.splice(0)) act(unmount);
  document.body.innerHTML = "";
}

export async function render(node: ReactNode) {
  const host = document.createElement("div");
  document.body.append(host);
  const root = createRoot(host);
  mounted.push(() => root.unmount());
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  await act(async () => root.render(<QueryClientProvider client={client}>{node}</QueryClientProvider>));
  await settled(client);
  return { host, client };
}

/** Types into a React-controlled input, textarea or select. */
export async function type(el: Element | null | undefined, value: string) {
  if (!el) throw new Error("no such field");
  const proto = Object.getPrototypeOf(el);
  Object.getOwnPropertyDescriptor(proto, "value")!.set!.call(el, value);
  await act(async () => {
    el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? "change" : "input", { bubbles: true }));
  });
}

export async function click(el: Element | null | undefined) {
  if (!el) throw new Error("nothing to click");
  await act(async () => (el as HTMLElement).click());
  await settle();
}

/** The button whose text (or aria-label) starts with `name`. */
export function button(root: ParentNode, name: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll("button")].find((b) => (b.getAttribute("aria-label") ?? b.textContent ?? "").startsWith(name) || (b.textContent ?? "").startsWith(name));
}

/** The form control labelled `label`. */
export function field(root: ParentNode, label: string): HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null {
  const l = [...root.querySelectorAll("label")].find((x) => x.textContent?.trim() === label);
  const id = l?.getAttribute("for");
  return id ? (root.querySelector(`[id="${id}"]`) as HTMLInputElement | null) : null;
}
