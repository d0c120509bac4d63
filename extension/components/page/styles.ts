// Styles for the UIs Deal Quest puts on CRM pages. They live in shadow roots (WXT resets inherited
// styles with `all: initial`), use px — `rem` would follow the host page's root font size — and
// position themselves fixed in a corner, so the host page's layout is never touched.
const base = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
.dq { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #14213d; }
.dq button, .dq input, .dq select, .dq textarea { font: inherit; color: inherit; }
.dq button { cursor: pointer; border-radius: 6px; border: 1px solid #c5cee0; background: #fff; padding: 5px 10px; }
.dq button:hover { background: #f1f4fa; }
.dq button.primary { background: #2746c9; border-color: #2746c9; color: #fff; }
.dq button.primary:hover { background: #1f3aa8; }
.dq button:focus-visible, .dq input:focus-visible, .dq select:focus-visible, .dq textarea:focus-visible { outline: 2px solid #f4a100; outline-offset: 1px; }
.dq .muted { color: #5b6785; }
.dq .badge { display: inline-block; border-radius: 999px; padding: 1px 8px; font-size: 11px; font-weight: 600; background: #e6ecfa; color: #2746c9; }
.dq .badge.won { background: #d8f5e5; color: #146c3c; }
.dq .badge.lost { background: #fde2e2; color: #a11d1d; }
.dq .badge.ghosted { background: #ece9f6; color: #4f3c8f; }
.dq .sync { font-size: 12px; }
.dq .sync.warn { color: #8a4b00; }
.dq .sync.bad { color: #a11d1d; }
.dq .alert { color: #a11d1d; margin: 6px 0 0; }
.dq label { display: block; }
.dq input[type="text"], .dq input[type="number"], .dq select, .dq textarea { width: 100%; border: 1px solid #c5cee0; border-radius: 6px; padding: 5px 7px; background: #fff; }
`;

export const panelCss = `${base}
.panel { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; width: 288px; max-height: 70vh; overflow: auto;
  background: #fff; border: 1px solid #d5dcea; border-radius: 10px; box-shadow: 0 8px 28px rgba(20, 33, 61, .18); }
.panel.collapsed { width: auto; }
.panel header { display: flex; align-items: center; gap: 8px; padding: 8px 10px; }
.panel .toggle { border: 0; background: none; padding: 2px 4px; font-weight: 700; display: flex; gap: 6px; align-items: center; }
.panel .logo { display: inline-grid; place-items: center; width: 20px; height: 20px; border-radius: 5px; background: #2746c9; color: #fff; font-size: 11px; }
.panel header .sync { margin-left: auto; }
.panel .body { padding: 0 12px 12px; }
.panel h2 { font-size: 15px; margin: 2px 0; overflow-wrap: anywhere; }
.panel .facts { margin: 0 0 8px; overflow-wrap: anywhere; }
.panel .actions { display: flex; gap: 8px; margin-top: 10px; }
.panel .actions button { flex: 1; }
.panel .ask { border: 1px dashed #c5cee0; border-radius: 8px; padding: 8px; margin: 8px 0; display: grid; gap: 6px; }
.panel .row { display: grid; gap: 3px; margin-top: 8px; }
.panel .badge.nudge { background: #fff1d6; color: #8a4b00; }
.panel .nudges { list-style: none; padding: 0; margin: 8px 0; display: grid; gap: 6px; }
.panel .nudges li { border: 1px solid #f0d9a8; background: #fff8e8; border-radius: 8px; padding: 8px; }
.panel .nudges p { margin: 0 0 6px; overflow-wrap: anywhere; }
`;

export const outcomeCss = `${base}
.dialog { position: fixed; right: 16px; bottom: 16px; z-index: 2147483001; width: 360px; max-height: calc(100vh - 32px); overflow: auto;
  background: #fff; border: 1px solid #d5dcea; border-radius: 12px; box-shadow: 0 12px 40px rgba(20, 33, 61, .28); padding: 14px 16px; }
.dialog h2 { font-size: 15px; margin: 0 0 2px; overflow-wrap: anywhere; }
.dialog fieldset { border: 0; padding: 0; margin: 12px 0 0; }
.dialog legend, .dialog .label { font-weight: 600; padding: 0; margin-bottom: 4px; display: block; }
.dialog .choices { display: flex; flex-wrap: wrap; gap: 6px 14px; }
.dialog .choices label { display: inline-flex; gap: 5px; align-items: center; }
.dialog .tactics { display: grid; grid-template-columns: 1fr 1fr; gap: 3px 10px; }
.dialog .tactics label { display: flex; gap: 5px; align-items: center; font-size: 12px; }
.dialog .field { margin-top: 12px; }
.dialog textarea { min-height: 80px; resize: vertical; }
.dialog .actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 14px; }
.dialog .waiting { font-size: 12px; margin-top: 8px; }
`;
