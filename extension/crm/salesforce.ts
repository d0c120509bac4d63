// Salesforce Lightning (*.lightning.force.com): Opportunity, Lead, Contact and Account records.
// Lightning keeps earlier records' views in the DOM (hidden), so reading starts from the visible
// record page. Field hooks prefer the language-independent `data-target-selection-name`.
import { amountFrom, closedFromStage, firstOf, queryVisible, reading, textOf, visibleText, stageKey, watchReading } from "./dom.ts";
import type { CrmAdapter, LeadReading, RecordKind, RecordRef } from "./types.ts";

const OBJECTS: Record<string, RecordKind> = { Opportunity: "opportunity", Lead: "lead", Contact: "contact", Account: "account" };
const OBJECT_OF: Record<string, string> = { opportunity: "Opportunity", lead: "Lead", contact: "Contact", account: "Account" };

/** The visible record page (earlier ones stay in the DOM, hidden). */
function page(doc: Document): ParentNode {
  return queryVisible(doc, "one-record-home-flexipage2", 0) ?? doc;
}

/** A field's shown value: by API name (any language), then by its (localised) label. */
function field(root: ParentNode, object: string, apiName: string, labels: string[]): string | undefined {
  return firstOf([
    () => visibleText(root, [`[data-target-selection-name="sfdc:RecordField.${object}.${apiName}"] [data-output-element-id="output-field"]`]),
    () => visibleText(root, labels.map((l) => `records-record-layout-item[field-label="${l}"] [data-output-element-id="output-field"]`)),
    // Highlights panel items: a `p[title=<label>]` followed by the value.
    () => visibleText(root, labels.map((l) => `records-highlights-details-item p[title="${l}"] + p`)),
  ]);
}

function read(doc: Document, r: RecordRef): LeadReading {
  const root = page(doc);
  const object = OBJECT_OF[r.kind]!;
  const stageField = r.kind === "opportunity" ? "StageName" : r.kind === "lead" ? "Status" : undefined;
  const stage = stageField
    ? firstOf([
        () => field(root, object, stageField, r.kind === "opportunity" ? ["Stage"] : ["Lead Status"]),
        // The path component: the current step's title.
        () => visibleText(root, [".slds-path__item.slds-is-current .slds-path__title", ".slds-path__item[aria-selected='true'] .slds-path__title"]),
      ])
    : undefined;
  const closed = firstOf<"won" | "lost">([
    () => closedFromStage(stage),
    // Closed path steps carry slds-is-won / slds-is-lost.
    () => (queryVisible(root, ".slds-path__item.slds-is-won.slds-is-current", 0) ? "won" : undefined),
    () => (queryVisible(root, ".slds-path__item.slds-is-lost.slds-is-current", 0) ? "lost" : undefined),
  ]);
  const company = firstOf([
    () => (r.kind === "lead" ? field(root, "Lead", "Company", ["Company"]) : undefined),
    () => (r.kind === "opportunity" || r.kind === "contact" ? field(root, object, "AccountId", ["Account Name"]) : undefined),
  ]);
  return reading({
    name: firstOf([
      // The highlights panel's primary field (Opportunity / Account: text, Lead / Contact: a name).
      () => visibleText(root, ['records-highlights2 lightning-formatted-text[slot="primaryField"]', 'lightning-formatted-name[slot="primaryField"]', '[slot="primaryField"]']),
      // Older page header.
      () => visibleText(root, [".slds-page-header__title"]),
      // Components that moved to native shadow roots: a bounded walk into open shadow roots.
      () => textOf(queryVisible(root, '[slot="primaryField"]', 2)),
      // The tab title: "<Record Name> | <Object Label> | Salesforce".
      () => /^(.+?) \| [^|]+ \| Salesforce$/.exec(doc.title)?.[1],
    ]),
    company: r.kind === "account" ? undefined : company,
    stage,
    closed,
    ...amountFrom(r.kind === "opportunity" ? field(root, "Opportunity", "Amount", ["Amount"]) : undefined),
  });
}

export const salesforce: CrmAdapter = {
  id: "salesforce",
  label: "Salesforce",
  hostMatches: ["https://*.lightning.force.com/*"],
  recordMatches: ["Opportunity", "Lead", "Contact", "Account"].map((object) => `https://*.lightning.force.com/lightning/r/${object}/*`),
  matches(url) {
    if (url.protocol !== "https:" || !url.hostname.endsWith(".lightning.force.com")) return null;
    const m = /^\/lightning\/r\/(Opportunity|Lead|Contact|Account)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/.exec(url.pathname);
    return m ? { crm: "salesforce", kind: OBJECTS[m[1]!]!, externalId: m[2]! } : null;
  },
  readLead: read,
  watchRoot: (doc) => queryVisible(doc, "one-record-home-flexipage2", 0),
  observeStage(doc, r, onChange, signal) {
    watchReading(doc, () => salesforce.watchRoot(doc), () => read(doc, r), onChange, signal, { key: stageKey });
  },
  mountPoint: (doc) => doc.body,
};
