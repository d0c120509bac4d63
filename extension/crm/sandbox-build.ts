// Which builds serve the Sandbox CRM (the local demo CRM, tests/sandbox-crm, on :8790): dev and
// test builds only. `npm start`, `npm test` and the e2e setup build with DQ_SANDBOX_CRM=1; any
// other build (`wxt build`, `wxt zip` for a release) leaves the sandbox's host patterns out of the
// manifest (wxt.config.ts) and its adapter out of the registry (crm/registry.ts).
// No imports: wxt.config.ts reads this in Node.

/** The build-time switch: `DQ_SANDBOX_CRM=1` includes the Sandbox CRM. */
export const SANDBOX_CRM_FLAG = "DQ_SANDBOX_CRM";

/** The Sandbox CRM's pages (the adapter's `hostMatches`). */
export const SANDBOX_HOST_MATCHES = ["http://127.0.0.1:8790/*", "http://localhost:8790/*"] as const;
/** Its record pages (the adapter's `recordMatches`: the lead UI is declared for them). */
export const SANDBOX_RECORD_MATCHES = ["http://127.0.0.1:8790/leads/*", "http://localhost:8790/leads/*"] as const;

/** Whether a match pattern names a Sandbox CRM page (any path on its hosts). */
export function isSandboxPattern(pattern: string): boolean {
  return SANDBOX_HOST_MATCHES.some((host) => pattern.startsWith(host.slice(0, -1)));
}

export function sandboxCrmEnabled(env: Record<string, string | undefined>): boolean {
  return env[SANDBOX_CRM_FLAG] === "1";
}

interface ManifestParts {
  host_permissions?: string[];
  content_scripts?: { matches?: string[]; exclude_matches?: string[] }[];
  web_accessible_resources?: unknown[];
}

/**
 * The manifest of a build without the Sandbox CRM: its patterns removed from the content scripts
 * (a script left with no pattern is dropped; excluded ones too), the host permissions and web-accessible resources.
 * Changes `manifest` in place (WXT's `build:manifestGenerated` hook) and returns it.
 */
export function withoutSandboxCrm<M extends ManifestParts>(manifest: M): M {
  const keep = (patterns: string[]) => patterns.filter((p) => !isSandboxPattern(p));
  if (manifest.host_permissions) manifest.host_permissions = keep(manifest.host_permissions);
  if (manifest.content_scripts) {
    manifest.content_scripts = manifest.content_scripts
      .map((cs) => {
        const out = cs.matches ? { ...cs, matches: keep(cs.matches) } : { ...cs };
        if (out.exclude_matches) {
          out.exclude_matches = keep(out.exclude_matches);
          if (out.exclude_matches.length === 0) delete out.exclude_matches;
        }
        return out;
      })
      .filter((cs) => !cs.matches || cs.matches.length > 0);
  }
  if (manifest.web_accessible_resources) {
    manifest.web_accessible_resources = manifest.web_accessible_resources
      .map((r) => (r && typeof r === "object" && Array.isArray((r as { matches?: unknown }).matches) ? { ...r, matches: keep((r as { matches: string[] }).matches) } : r))
      .filter((r) => !(r && typeof r === "object" && Array.isArray((r as { matches?: unknown }).matches) && (r as { matches: string[] }).matches.length === 0));
  }
  return manifest;
}

/** Every match pattern a manifest names (content scripts, host permissions, web-accessible resources). */
export function manifestPatterns(manifest: ManifestParts): string[] {
  return [
    ...(manifest.host_permissions ?? []),
    ...(manifest.content_scripts ?? []).flatMap((cs) => [...(cs.matches ?? []), ...(cs.exclude_matches ?? [])]),
    ...(manifest.web_accessible_resources ?? []).flatMap((r) => (r && typeof r === "object" && Array.isArray((r as { matches?: unknown }).matches) ? (r as { matches: string[] }).matches : [])),
  ];
}
