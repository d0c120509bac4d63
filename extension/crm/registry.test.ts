// Meta-test: every adapter has an example record URL, is the only one to claim it, and its
// manifest match patterns cover it (so the content scripts actually run there: the lead UI is
// declared for record pages, the CRM script for the hosts' other pages).
import { describe, expect, it } from "vitest";
import { adapters, crmHostMatches, recordAt, recordPageMatches } from "./registry.ts";

/** Chrome's match-pattern semantics (scheme, host with an optional leading *., optional port, path glob). */
function patternIncludes(pattern: string, href: string): boolean {
  const m = /^(https?|\*):\/\/(\*|(?:\*\.)?[^/:*]+)(?::(\d+))?(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`not a match pattern: ${pattern}`);
  const [, scheme, host, port, path] = m;
  const url = new URL(href);
  if (scheme !== "*" && `${scheme}:` !== url.protocol) return false;
  if (host !== "*" && !(host!.startsWith("*.") ? url.hostname.endsWith(host!.slice(1)) || url.hostname === host!.slice(2) : url.hostname === host)) return false;
  if (port && url.port !== port) return false;
  const glob = new RegExp(`^${path!.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return glob.test(url.pathname + url.search);
}

const examples: Record<string, string[]> = {
  hubspot: [
    "https://app.hubspot.com/contacts/20931/record/0-3/987654",
    "https://app-eu1.hubspot.com/contacts/1/record/0-1/5",
    "https://app.hubspot.com/contacts/20931/record/0-136/77/",
    "https://app.hubspot.com/contacts/20931/deal/987654",
    "https://app-eu1.hubspot.com/contacts/20931/contact/501?tab=notes",
  ],
  salesforce: ["https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view", "https://acme.lightning.force.com/lightning/r/Lead/00Q5g00000AbCdE/view"],
  pipedrive: ["https://initech.pipedrive.com/deal/1234", "https://initech.pipedrive.com/person/77/"],
  sandbox: ["http://127.0.0.1:8790/leads/L-1001", "http://localhost:8790/leads/L-1001"],
};

describe("adapter registry", () => {
  it.each(adapters.map((a) => [a.id, a] as const))("%s has example URLs that only it claims and its patterns cover", (id, adapter) => {
    const urls = examples[id];
    expect(urls, `add example URLs for the ${id} adapter`).toBeDefined();
    for (const href of urls!) {
      expect(recordAt(href)?.adapter.id).toBe(id);
      expect(adapters.filter((a) => a.matches(new URL(href))).map((a) => a.id)).toEqual([id]);
      expect(adapter.hostMatches.some((p) => patternIncludes(p, href)), `${href} not covered by ${adapter.hostMatches}`).toBe(true);
      expect(adapter.recordMatches.some((p) => patternIncludes(p, href)), `${href} not covered by ${adapter.recordMatches}`).toBe(true);
    }
  });

  it("declares the lead UI for record pages only, on the CRMs' own hosts", () => {
    const otherPages = [
      "https://app.hubspot.com/contacts/20931/objects/0-3/views/all/list",
      "https://app.hubspot.com/reports-dashboard/20931",
      "https://acme.lightning.force.com/lightning/o/Opportunity/list",
      "https://acme.lightning.force.com/lightning/page/home",
      "https://initech.pipedrive.com/pipeline/1",
      "http://127.0.0.1:8790/leads",
    ];
    for (const href of otherPages) expect(recordPageMatches.filter((p) => patternIncludes(p, href)), href).toEqual([]);
    for (const pattern of recordPageMatches) {
      const [, origin] = /^([^:]+:\/\/[^/]+)\//.exec(pattern)!;
      expect(crmHostMatches, pattern).toContain(`${origin}/*`);
    }
  });

  it("never asks for every site", () => {
    expect(crmHostMatches).not.toContain("<all_urls>");
    for (const p of crmHostMatches) expect(p).not.toMatch(/^\*:\/\/\*\/|^https?:\/\/\*\//);
  });

  it("is null for junk", () => {
    expect(recordAt("not a url")).toBeNull();
    expect(recordAt("https://example.com/deal/1")).toBeNull();
  });
});
