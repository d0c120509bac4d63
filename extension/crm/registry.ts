// Every supported CRM, in one list: adding a CRM is one adapter file, its fixtures, and one entry here.
import { hubspot } from "./hubspot.ts";
import { pipedrive } from "./pipedrive.ts";
import { salesforce } from "./salesforce.ts";
import { sandbox } from "./sandbox.ts";
import type { CrmAdapter, RecordRef } from "./types.ts";

// The Sandbox CRM only in dev and test builds (crm/sandbox-build.ts): the build defines the flag as
// "1" or "0"; where nothing defines it (unit tests, WXT reading the entrypoints' options) it is in,
// and the manifest hook in wxt.config.ts has the last word on what a release matches.
const withSandbox = import.meta.env.DQ_SANDBOX_CRM !== "0";

export const adapters: readonly CrmAdapter[] = withSandbox ? [hubspot, salesforce, pipedrive, sandbox] : [hubspot, salesforce, pipedrive];

/** The content scripts' match patterns: exactly the supported CRMs' hosts (never <all_urls>). */
export const crmHostMatches: string[] = adapters.flatMap((a) => a.hostMatches);

/** The supported CRMs' record pages: the lead UI loads with them; the CRM script runs on the hosts' other pages. */
export const recordPageMatches: string[] = adapters.flatMap((a) => a.recordMatches);

export interface RecordMatch {
  adapter: CrmAdapter;
  record: RecordRef;
}

/** The adapter and record for a URL, or null when it is not a supported record page. */
export function recordAt(href: string | URL): RecordMatch | null {
  let url: URL;
  try {
    url = typeof href === "string" ? new URL(href) : href;
  } catch {
    return null;
  }
  for (const adapter of adapters) {
    const record = adapter.matches(url);
    if (record) return { adapter, record };
  }
  return null;
}
