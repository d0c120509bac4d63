// The lead UI on CRM record pages (React). Registered at runtime: the small CRM script asks the
// background to inject it only on record pages, so the CRM's other pages never load it.
import { defineContentScript } from "wxt/utils/define-content-script";
import { crmHostMatches } from "../crm/registry.ts";
import { features } from "../features/registry.ts";
import { startRecordSession } from "../features/session.ts";

export default defineContentScript({
  matches: crmHostMatches,
  registration: "runtime",
  // Styles are passed to each shadow root as text: nothing is added to the host page.
  cssInjectionMode: "manual",
  main(ctx) {
    startRecordSession(ctx, features);
  },
});
