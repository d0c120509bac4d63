// The lead UI on CRM record pages (React). Registered at runtime: the small CRM script asks the
// background to inject it only on record pages, so the CRM's other pages never load it.
import { defineContentScript } from "wxt/utils/define-content-script";
import { crmHostMatches } from "../crm/registry.ts";
import { ignoreForgedRestarts, noteScriptStart } from "../crm/script-guard.ts";
import { features } from "../features/registry.ts";
import { startRecordSession } from "../features/session.ts";

noteScriptStart("lead-ui");

export default defineContentScript({
  matches: crmHostMatches,
  registration: "runtime",
  // Styles are passed to each shadow root as text: nothing is added to the host page.
  cssInjectionMode: "manual",
  main(ctx) {
    // The page can replay WXT's "newer script started" event; only a real newer instance stops this one.
    ignoreForgedRestarts("lead-ui", ctx.signal);
    startRecordSession(ctx, features);
  },
});
