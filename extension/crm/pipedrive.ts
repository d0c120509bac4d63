// Pipedrive ({company}.pipedrive.com): deal and person pages.
import { amountFrom, clean, closedFromStage, firstOf, isVisible, queryVisible, reading, textOf, visibleText, stageKey, watchReading } from "./dom.ts";
import type { CrmAdapter, LeadReading, RecordRef } from "./types.ts";

/** A row of the details sidebar: `fields-list-row` › `field-name` / `fields-list-row-field-components`. */
function detailsField(doc: Document, label: RegExp): string | undefined {
  for (const row of Array.from(doc.querySelectorAll('[data-testid="fields-list-row"]'))) {
    if (!isVisible(row)) continue;
    if (label.test(clean(row.querySelector('[data-testid="field-name"]')?.textContent) ?? "")) {
      return textOf(row.querySelector('[data-testid="fields-list-row-field-components"]'));
    }
  }
  return undefined;
}

/** The stage button's text may start with the days spent in it ("12 days Proposal made"). */
function stageLabel(text: string | undefined): string | undefined {
  return clean(text?.replace(/^\s*\d+\s*(?:days?|d)\b\s*/i, ""));
}

function read(doc: Document, r: RecordRef): LeadReading {
  const isDeal = r.kind === "deal";
  const stage = isDeal
    ? firstOf([
        // The pipeline stage selector: the selected stage's title attribute, then its text.
        () => clean(queryVisible(doc, 'button.cui5-stage-selector__stage[aria-selected="true"]', 0)?.getAttribute("title")),
        () => stageLabel(visibleText(doc, ['button.cui5-stage-selector__stage[aria-selected="true"]'])),
        // Any stage selector marked by test id.
        () => stageLabel(visibleText(doc, ['[data-testid="stage-selector"] [aria-selected="true"]'])),
      ])
    : undefined;
  const closed = isDeal
    ? firstOf<"won" | "lost">([
        // The deal status badge in the header ("Won" / "Lost"). Not in CRM-NOTES: these hooks are
        // assumptions to verify against a live page; the stage fallback and the rep still cover it.
        () => closedFromStage(visibleText(doc, ['[data-testid="deal-status-badge"]', '[data-testid="header-status"]'])),
        () => closedFromStage(stage),
      ])
    : undefined;
  return reading({
    name: firstOf([
      // The editable title in the header (2023+): a textarea, read its value.
      () => textOf(queryVisible(doc, '[data-testid="header-title"] textarea', 0)),
      () => visibleText(doc, ['[data-testid="header-title"]']),
      // Before 2023.
      () => visibleText(doc, [".descriptionHead h1 a", ".descriptionHead h1"]),
      // Person pages: "<Name> - contact details"; deal pages: "<Title> - deal details".
      () => /^(.+?) - (?:contact|deal) details/i.exec(doc.title)?.[1],
    ]),
    company: firstOf([
      () => detailsField(doc, /^organi[sz]ation$/i),
      // The organization link in the header or sidebar.
      () => visibleText(doc, ['[data-testid="header-organization"] a', 'a[href*="/organization/"]']),
    ]),
    stage,
    closed,
    ...amountFrom(
      isDeal
        ? firstOf([
            () => visibleText(doc, ['[data-testid="deal-value"]', '[data-testid="header-deal-value"]']),
            () => detailsField(doc, /^(value|deal value)$/i),
          ])
        : undefined,
    ),
  });
}

export const pipedrive: CrmAdapter = {
  id: "pipedrive",
  label: "Pipedrive",
  hostMatches: ["https://*.pipedrive.com/*"],
  recordMatches: ["https://*.pipedrive.com/deal/*", "https://*.pipedrive.com/person/*"],
  matches(url) {
    if (url.protocol !== "https:" || !url.hostname.endsWith(".pipedrive.com")) return null;
    const deal = /^\/deal\/(\d+)\/?$/.exec(url.pathname);
    if (deal) return { crm: "pipedrive", kind: "deal", externalId: deal[1]! };
    const person = /^\/person\/(\d+)\/?$/.exec(url.pathname);
    if (person) return { crm: "pipedrive", kind: "person", externalId: `person:${person[1]!}` };
    return null;
  },
  readLead: read,
  watchRoot: (doc) => doc.getElementById("application"),
  observeStage(doc, r, onChange, signal) {
    watchReading(doc, () => pipedrive.watchRoot(doc), () => read(doc, r), onChange, signal, { key: stageKey });
  },
  mountPoint: (doc) => doc.body,
};
