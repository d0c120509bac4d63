// The Sandbox CRM ships only in dev and test builds: a release manifest does not match its pages,
// and a release bundle's registry does not know it.
import { afterEach, describe, expect, it, vi } from "vitest";
import { SANDBOX_HOST_MATCHES, SANDBOX_RECORD_MATCHES, manifestPatterns, sandboxCrmEnabled, withoutSandboxCrm } from "./sandbox-build.ts";

/** The manifest `wxt build` generates (trimmed to what matters here). */
const built = () => ({
  manifest_version: 3,
  permissions: ["storage", "alarms", "scripting", "sidePanel"],
  host_permissions: ["http://127.0.0.1/*", "http://localhost/*", "http://127.0.0.1:8790/*", "http://localhost:8790/*", "https://*.lightning.force.com/*", "https://*.pipedrive.com/*", "https://app.hubspot.com/*"],
  content_scripts: [
    {
      matches: ["http://127.0.0.1:8790/*", "http://localhost:8790/*", "https://*.lightning.force.com/*", "https://*.pipedrive.com/*", "https://app.hubspot.com/*"],
      exclude_matches: ["http://127.0.0.1:8790/leads/*", "http://localhost:8790/leads/*", "https://app.hubspot.com/contacts/*/record/0-3/*"],
      run_at: "document_idle",
      js: ["content-scripts/crm.js"],
    },
    { matches: ["http://127.0.0.1:8790/leads/*", "http://localhost:8790/leads/*", "https://app.hubspot.com/contacts/*/record/0-3/*"], run_at: "document_start", js: ["content-scripts/lead-ui.js"] },
    { matches: ["http://127.0.0.1:8790/*"], js: ["content-scripts/sandbox-only.js"] },
  ],
  web_accessible_resources: [{ resources: ["content-scripts/lead-ui.css"], matches: ["http://localhost:8790/*", "https://app.hubspot.com/*"] }],
});

describe("Sandbox CRM in builds", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("is on only with DQ_SANDBOX_CRM=1", () => {
    expect(sandboxCrmEnabled({ DQ_SANDBOX_CRM: "1" })).toBe(true);
    for (const env of [{}, { DQ_SANDBOX_CRM: "" }, { DQ_SANDBOX_CRM: "0" }, { DQ_SANDBOX_CRM: "true" }]) expect(sandboxCrmEnabled(env)).toBe(false);
  });

  it("leaves a release manifest without the sandbox's pages, and every real CRM in it", () => {
    const release = withoutSandboxCrm(built());
    const patterns = manifestPatterns(release);
    for (const p of [...SANDBOX_HOST_MATCHES, ...SANDBOX_RECORD_MATCHES]) expect(patterns).not.toContain(p);
    expect(patterns.some((p) => p.includes(":8790"))).toBe(false);
    expect(release.content_scripts).toEqual([
      {
        matches: ["https://*.lightning.force.com/*", "https://*.pipedrive.com/*", "https://app.hubspot.com/*"],
        exclude_matches: ["https://app.hubspot.com/contacts/*/record/0-3/*"],
        run_at: "document_idle",
        js: ["content-scripts/crm.js"],
      },
      { matches: ["https://app.hubspot.com/contacts/*/record/0-3/*"], run_at: "document_start", js: ["content-scripts/lead-ui.js"] },
    ]);
    // The local worker's permission stays (the default server is the local `wrangler dev`).
    expect(release.host_permissions).toEqual(["http://127.0.0.1/*", "http://localhost/*", "https://*.lightning.force.com/*", "https://*.pipedrive.com/*", "https://app.hubspot.com/*"]);
    expect(release.web_accessible_resources).toEqual([{ resources: ["content-scripts/lead-ui.css"], matches: ["https://app.hubspot.com/*"] }]);
  });

  it("keeps the registry's sandbox adapter out of a release bundle, in it for dev and test builds", async () => {
    vi.stubEnv("DQ_SANDBOX_CRM", "0");
    const release = await import("./registry.ts");
    expect(release.adapters.map((a) => a.id)).not.toContain("sandbox");
    expect(release.crmHostMatches.some((p) => p.includes(":8790"))).toBe(false);
    expect(release.recordAt("http://127.0.0.1:8790/leads/L-1001")).toBeNull();

    vi.resetModules();
    vi.stubEnv("DQ_SANDBOX_CRM", "1");
    const dev = await import("./registry.ts");
    expect(dev.recordAt("http://127.0.0.1:8790/leads/L-1001")?.adapter.id).toBe("sandbox");
  });
});
