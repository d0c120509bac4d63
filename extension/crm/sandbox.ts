// The bundled Sandbox CRM (tests/sandbox-crm), served on 127.0.0.1:8790: `/leads/{id}` pages.
import { amountFrom, fieldByLabel, firstOf, reading, textOf, visibleText, stageKey, watchReading } from "./dom.ts";
import { SANDBOX_HOST_MATCHES, SANDBOX_RECORD_MATCHES } from "./sandbox-build.ts";
import type { CrmAdapter, LeadReading, RecordRef } from "./types.ts";

const HOSTS = new Set(["127.0.0.1:8790", "localhost:8790"]);
const RECORD = /^\/leads\/([A-Za-z0-9_-]{1,64})\/?$/;

/** The record view, only when it shows the record the URL names (client-side navigation renders late). */
function view(doc: Document, ref: RecordRef): ParentNode | null {
  const root = doc.querySelector("[data-record-id]");
  if (!root) return doc; // no marker: read the whole page
  return root.getAttribute("data-record-id") === ref.externalId ? root : null;
}

function read(doc: Document, ref: RecordRef): LeadReading {
  const root = view(doc, ref);
  if (!root) return {};
  return reading({
    name: firstOf([
      // The record header's test id.
      () => visibleText(root, ['[data-testid="record-title"]']),
      // A "Name" label next to its value.
      () => textOf(fieldByLabel(root, /^(lead |contact )?name$/i)),
      // The page title: "<name> · Sandbox CRM".
      () => /^(.+?) · Sandbox CRM$/.exec(doc.title)?.[1],
    ]),
    company: firstOf([
      () => visibleText(root, ['[data-field="company"]']),
      () => textOf(fieldByLabel(root, /^company$/i)),
    ]),
    stage: firstOf([
      () => textOf(root.querySelector('select[data-field="stage"]')),
      () => textOf(fieldByLabel(root, /^stage$/i)),
    ]),
    ...amountFrom(
      firstOf([
        () => visibleText(root, ['[data-field="amount"]']),
        () => textOf(fieldByLabel(root, /^(amount|deal value)$/i)),
      ]),
    ),
  });
}

export const sandbox: CrmAdapter = {
  id: "sandbox",
  label: "Sandbox CRM",
  hostMatches: [...SANDBOX_HOST_MATCHES],
  recordMatches: [...SANDBOX_RECORD_MATCHES],
  matches(url) {
    if (!HOSTS.has(url.host) || url.protocol !== "http:") return null;
    const m = RECORD.exec(url.pathname);
    return m ? { crm: "sandbox", externalId: m[1]!, kind: "deal" } : null;
  },
  readLead: (doc, ref) => read(doc, ref),
  watchRoot: (doc) => doc.getElementById("app"),
  observeStage(doc, ref, onChange, signal) {
    watchReading(doc, () => sandbox.watchRoot(doc), () => read(doc, ref), onChange, signal, { key: stageKey });
  },
  mountPoint: (doc) => doc.body,
};
