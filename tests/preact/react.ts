// React's API on Preact for unit tests of the on-page UI, which ships on Preact (wxt.config.ts):
// preact/compat plus `act` from Preact's test utilities (React exports it from "react").
export * from "preact/compat";
export { default } from "preact/compat";
export { act } from "preact/test-utils";
