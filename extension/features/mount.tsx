// Mounts a React tree in a shadow root on the host page (WXT's createShadowRootUi) and removes it
// when `signal` aborts. Key events are kept inside, so typing in Deal Quest never triggers the
// CRM's keyboard shortcuts.
import type { ReactNode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { createShadowRootUi } from "wxt/utils/content-script-ui/shadow-root";
import type { RecordContext } from "./types.ts";

export async function mountShadowReact(ctx: RecordContext, opts: { name: string; css: string; render: () => ReactNode }, signal: AbortSignal) {
  const ui = await createShadowRootUi<Root>(ctx.wxt, {
    name: opts.name,
    position: "inline",
    anchor: ctx.adapter.mountPoint(ctx.doc),
    append: "last",
    css: opts.css,
    isolateEvents: true,
    onMount(container) {
      const root = createRoot(container);
      root.render(opts.render());
      return root;
    },
    onRemove(root) {
      root?.unmount();
    },
  });
  if (signal.aborted) return null;
  ui.mount();
  signal.addEventListener("abort", () => ui.remove(), { once: true });
  return ui;
}
