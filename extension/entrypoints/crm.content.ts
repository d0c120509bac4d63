// The small script that runs on every supported CRM page: recognise a record page from its URL
// (also after client-side navigation) and ask the background to inject the lead UI. No React, no
// zod, no DOM reading here — that all loads only on record pages.
import { defineContentScript } from "wxt/utils/define-content-script";
import { crmHostMatches, recordAt } from "../crm/registry.ts";
import { ignoreForgedRestarts, noteScriptStart } from "../crm/script-guard.ts";
import { send } from "../lib/messaging.ts";

noteScriptStart("crm");

export default defineContentScript({
  matches: crmHostMatches,
  runAt: "document_idle",
  main(ctx) {
    // The page can replay WXT's "newer script started" event; only a real newer instance stops this one.
    ignoreForgedRestarts("crm", ctx.signal);
    let requested = false;
    const check = (href: string) => {
      if (requested || !recordAt(href)) return;
      requested = true; // the lead UI follows later navigation itself
      send({ type: "ui.inject" }).catch((err) => {
        requested = false;
        console.debug("[Deal Quest] lead panel unavailable:", err.message);
      });
    };
    ctx.addEventListener(window, "wxt:locationchange", (e) => check(e.newUrl.href));
    check(location.href);
  },
});
