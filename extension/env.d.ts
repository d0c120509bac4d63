// Build-time values (wxt.config.ts `define`).
interface ImportMetaEnv {
  readonly DQ_SERVER_URL?: string;
  /** "1" in dev and test builds, which serve the Sandbox CRM; "0" in any other (crm/sandbox-build.ts). */
  readonly DQ_SANDBOX_CRM?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
