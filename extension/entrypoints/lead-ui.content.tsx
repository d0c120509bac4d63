// The lead UI on CRM record pages (React on Preact). Declared for record pages, so it loads with the
// page: no round trip to the background before the panel shows. It starts before the page is parsed
// (document_start) to evaluate itself and read storage (the kill switch's copy, the panel's state)
// while the page loads; the features start when the DOM is there. On the CRMs' other pages the small
// CRM script asks the background to inject it when the rep navigates to a record, so those pages
// never load it.
import { defineContentScript } from "wxt/utils/define-content-script";
import { recordPageMatches } from "../crm/registry.ts";
import { ignoreForgedRestarts, noteScriptStart } from "../crm/script-guard.ts";
import { features } from "../features/registry.ts";
import { startRecordSession } from "../features/session.ts";

noteScriptStart("lead-ui");

export default defineContentScript({
  matches: recordPageMatches,
  runAt: "document_start",
  // Styles are passed to each shadow root as text: nothing is added to the host page.
  cssInjectionMode: "manual",
  main(ctx) {
    // The page can replay WXT's "newer script started" event; only a real newer instance stops this one.
    ignoreForgedRestarts("lead-ui", ctx.signal);
    startRecordSession(ctx, features);
  },
});
