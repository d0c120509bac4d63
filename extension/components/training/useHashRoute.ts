// The side panel's current route, from the URL hash; the background can move it (a "Practice"
// click on a CRM page while the panel is already open).
import { useEffect, useState } from "react";
import { browser } from "wxt/browser";
import { parseRoute, type SidePanelRoute } from "../../lib/routes.ts";

export function useHashRoute(): SidePanelRoute {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const onHash = () => setHash(location.hash);
    const onMessage = (message: unknown) => {
      const m = message as { type?: unknown; hash?: unknown };
      if (m?.type === "sidepanel.navigate" && typeof m.hash === "string" && m.hash.startsWith("#/")) location.hash = m.hash;
      return undefined; // never answers: requests are the background's to answer
    };
    window.addEventListener("hashchange", onHash);
    browser.runtime.onMessage.addListener(onMessage);
    return () => {
      window.removeEventListener("hashchange", onHash);
      browser.runtime.onMessage.removeListener(onMessage);
    };
  }, []);
  return parseRoute(hash);
}
