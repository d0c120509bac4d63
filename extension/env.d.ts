// Build-time values (wxt.config.ts `define`).
interface ImportMetaEnv {
  readonly DQ_SERVER_URL?: string;
}
interface ImportMeta {
  readonly env: ImportMetaEnv;
}
