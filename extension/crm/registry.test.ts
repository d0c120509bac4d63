// Meta-test: every adapter has an example record URL, is the only one to claim it, and its
// manifest match patterns cover it (so the content script actually runs there).
import { describe, expect, it } from "vitest";
import { adapters, crmHostMatches, recordAt } from "./registry.ts";

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
  hubspot: ["https://app.hubspot.com/contacts/20931/record/0-3/987654", "https://app-eu1.hubspot.com/contacts/1/record/0-1/5"],
  salesforce: ["https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAV/view"],
  pipedrive: ["https://initech.pipedrive.com/deal/1234"],
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
