// The small script that runs on the supported CRMs' pages other than record pages (the lead UI is
// declared for those and loads with them): when the rep navigates client-side to a record, it asks
// the background to inject the lead UI, which then follows later navigation itself. No React, no
// zod, no DOM reading here — that all loads only on record pages.
import { defineContentScript } from "wxt/utils/define-content-script";
import { crmHostMatches, recordAt, recordPageMatches } from "../crm/registry.ts";
import { ignoreForgedRestarts, noteScriptStart, scriptStarted } from "../crm/script-guard.ts";
import { send } from "../lib/messaging.ts";

noteScriptStart("crm");

export default defineContentScript({
  matches: crmHostMatches,
  excludeMatches: recordPageMatches,
  runAt: "document_idle",
  main(ctx) {
    // The page can replay WXT's "newer script started" event; only a real newer instance stops this one.
    ignoreForgedRestarts("crm", ctx.signal);
    let requested = false;
    const check = (href: string) => {
      // Once the lead UI runs in this frame it follows navigation itself.
      if (requested || scriptStarted("lead-ui") || !recordAt(href)) return;
      requested = true;
      send({ type: "ui.inject" }).catch((err) => {
        requested = false;
        console.debug("[Deal Quest] lead panel unavailable:", err.message);
      });
    };
    ctx.addEventListener(window, "wxt:locationchange", (e) => check(e.newUrl.href));
    check(location.href);
  },
});
