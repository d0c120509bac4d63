// Every supported CRM, in one list: adding a CRM is one adapter file, its fixtures, and one entry here.
import { hubspot } from "./hubspot.ts";
import { pipedrive } from "./pipedrive.ts";
import { salesforce } from "./salesforce.ts";
import { sandbox } from "./sandbox.ts";
import type { CrmAdapter, RecordRef } from "./types.ts";

export const adapters: readonly CrmAdapter[] = [hubspot, salesforce, pipedrive, sandbox];

/** The content scripts' match patterns: exactly the supported CRMs' hosts (never <all_urls>). */
export const crmHostMatches: string[] = adapters.flatMap((a) => a.hostMatches);

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
