// WXT stops a content script when a "newer instance of this script started" event reaches
// `document` (`<extension id>:<script>:wxt:content-script-started`, a CustomEvent). Each script
// also announces itself to the page with window.postMessage under that name, so any page can learn
// it and replay the event: a CRM page could remove Deal Quest from itself that way. A real newer
// instance runs in this same isolated world and counts itself here when its module is evaluated,
// before WXT's context announces it; an announcement with no new instance behind it came from the
// page and is stopped (window, capture phase) before WXT's listener on `document` sees it. A
// reloaded or updated extension is still noticed: its old scripts lose `browser.runtime.id`.
import { browser } from "wxt/browser";

const STARTS = Symbol.for("deal-quest:content-script-starts");
type Starts = Record<string, number>;
const starts = (): Starts => ((globalThis as { [STARTS]?: Starts })[STARTS] ??= {});

/** Call at the top level of a content script's entrypoint (runs before WXT makes its context). */
export function noteScriptStart(script: string) {
  starts()[script] = (starts()[script] ?? 0) + 1;
}

/** Whether `script` has started in this frame's isolated world (the content scripts share it). */
export function scriptStarted(script: string): boolean {
  return (starts()[script] ?? 0) > 0;
}

/** Lets only a real newer instance of `script` stop this one (until `signal` aborts). */
export function ignoreForgedRestarts(script: string, signal: AbortSignal, target: Window = window, extensionId: string | undefined = browser.runtime?.id) {
  if (!extensionId) return;
  const mine = starts()[script] ?? 0;
  target.addEventListener(
    `${extensionId}:${script}:wxt:content-script-started`,
    (event) => {
      if ((starts()[script] ?? 0) === mine) event.stopImmediatePropagation();
    },
    { capture: true, signal },
  );
}
