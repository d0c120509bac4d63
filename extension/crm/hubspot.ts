// HubSpot (app.hubspot.com, app-eu1.hubspot.com): deal, contact and lead records.
// Selectors from public extensions that read these pages (see /work/shared/CRM-NOTES.md); class
// names are generated, so only data attributes, labels and the page title are used.
import { amountFrom, fieldByLabel, firstOf, queryVisible, reading, textOf, visibleText, stageKey, watchReading } from "./dom.ts";
import type { CrmAdapter, LeadReading, RecordKind, RecordRef } from "./types.ts";

const HOSTS = new Set(["app.hubspot.com", "app-eu1.hubspot.com"]);
const OBJECT_KINDS: Record<string, RecordKind> = { "0-3": "deal", "0-1": "contact", "0-136": "lead" };

/** Deals keep HubSpot's raw id (what its webhooks report); contacts and leads get a prefix. */
function ref(kind: RecordKind, id: string): RecordRef {
  return { crm: "hubspot", kind, externalId: kind === "deal" ? id : `${kind}:${id}` };
}

const HEADER = [
  // Record header containers over the years, newest first.
  '[data-test-id="record-highlight-main-content"]',
  '[data-card-type="OBJECT_HIGHLIGHT"]',
  '[data-selenium-component="ProfileHighlightContainer"]',
  '[data-selenium-test$="-highlight-details"]',
].join(", ");

function read(doc: Document, r: RecordRef): LeadReading {
  const header = queryVisible(doc, HEADER, 0);
  const stage =
    r.kind === "deal"
      ? firstOf([
          // The stage dropdown in the highlight card: its button's text is the stage label.
          () => visibleText(doc, ['[data-test-id="deal-stage-select"] button']),
          // Property input / highlight item for the dealstage property.
          () => visibleText(doc, ['[data-test-id="property-input-dealstage"]', '[data-test-id="highlight-property-item-dealstage"] button']),
          // Field by label: label[id] "Deal stage" → button[aria-labelledby].
          () => textOf(fieldByLabel(doc, /^(deal )?stage:?$/i)),
        ])
      : firstOf([
          // Contacts and leads: the lead status / lifecycle stage property, by label.
          () => textOf(fieldByLabel(doc, /^(lead status|lead stage|lifecycle stage):?$/i)),
        ]);
  return reading({
    name: firstOf([
      // The record title: the most stable hook seen (2019 → today).
      () => visibleText(doc, ['[data-selenium-test="highlightTitle"]']),
      // The record header's heading.
      () => (header ? visibleText(header, ["h1", "h2"]) : undefined),
      // The page title: "<name> | HubSpot" (sometimes with a "Deal: " style prefix).
      () => /^(?:\w+:\s*)?(.+?)\s*\|\s*HubSpot\s*$/.exec(doc.title)?.[1],
    ]),
    company: firstOf([
      // The associated company chicklet in the header.
      () => visibleText(doc, ['[data-selenium-test="company-chicklet-title-link"]']),
      // The associations card for companies (object type 0-2).
      () => visibleText(doc, ['[data-test-id^="card-wrapper-ASSOCIATION"][data-test-id$="0-2"] a']),
      // A "Company name" property (contacts, leads).
      () => textOf(fieldByLabel(doc, /^company( name)?:?$/i)),
    ]),
    stage,
    ...amountFrom(
      firstOf([
        // The read-only amount in the highlight card.
        () => visibleText(doc, ['[data-test-id="highlight-property-display-amount"]']),
        // An "Amount" property by label.
        () => textOf(fieldByLabel(doc, /^amount:?$/i)),
      ]),
    ),
  });
}

export const hubspot: CrmAdapter = {
  id: "hubspot",
  label: "HubSpot",
  hostMatches: ["https://app.hubspot.com/*", "https://app-eu1.hubspot.com/*"],
  // The record URLs below (deals, contacts, leads; and the older /deal/, /contact/ ones) on both hosts.
  recordMatches: ["app.hubspot.com", "app-eu1.hubspot.com"].flatMap((host) =>
    ["record/0-3/*", "record/0-1/*", "record/0-136/*", "deal/*", "contact/*"].map((path) => `https://${host}/contacts/*/${path}`),
  ),
  matches(url) {
    if (url.protocol !== "https:" || !HOSTS.has(url.hostname)) return null;
    // Current record URLs: /contacts/{portalId}/record/{objectTypeId}/{recordId}
    const m = /^\/contacts\/\d+\/record\/(0-3|0-1|0-136)\/(\d+)(?:\/|$)/.exec(url.pathname);
    if (m) return ref(OBJECT_KINDS[m[1]!]!, m[2]!);
    // Older URLs still in use: /contacts/{portalId}/deal/{id}, /contacts/{portalId}/contact/{id}
    const old = /^\/contacts\/\d+\/(deal|contact)\/(\d+)(?:\/|$)/.exec(url.pathname);
    if (old) return ref(old[1] as RecordKind, old[2]!);
    return null;
  },
  readLead: read,
  watchRoot: (doc) => queryVisible(doc, HEADER, 0)?.parentElement,
  observeStage(doc, r, onChange, signal) {
    watchReading(doc, () => hubspot.watchRoot(doc), () => read(doc, r), onChange, signal, { key: stageKey });
  },
  mountPoint: (doc) => doc.body,
};
