// Renders the Sandbox CRM's views with DOM APIs (record text is always text, never HTML). Pure:
// takes a document and data, returns elements, so unit tests can render a record without a server.
import { OWNERS, STAGES } from "./data.js";

/** Creates an element: h("a", { href: "/" }, "text", child). */
export function h(doc, tag, attrs = {}, ...children) {
  const el = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(typeof c === "string" ? doc.createTextNode(c) : c);
  return el;
}

export function formatAmount(amount, currency) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: 0 }).format(amount);
}

const stageClass = (stage) => `stage stage-${stage.toLowerCase().replace(/[^a-z]+/g, "-")}`;

export function renderList(doc, leads) {
  return h(
    doc,
    "section",
    { class: "list", "aria-labelledby": "list-title" },
    h(doc, "div", { class: "toolbar" }, h(doc, "h1", { id: "list-title" }, "Leads"), h(doc, "span", { class: "muted" }, `${leads.length} records`)),
    h(
      doc,
      "table",
      { class: "grid" },
      h(doc, "thead", {}, h(doc, "tr", {}, ...["Name", "Company", "Owner", "Amount", "Stage"].map((c) => h(doc, "th", { scope: "col" }, c)))),
      h(
        doc,
        "tbody",
        {},
        ...leads.map((l) =>
          h(
            doc,
            "tr",
            { "data-lead-row": l.id },
            h(doc, "td", {}, h(doc, "a", { href: `/leads/${l.id}`, "data-link": true }, l.name)),
            h(doc, "td", {}, l.company),
            h(doc, "td", {}, OWNERS[l.owner]),
            h(doc, "td", { class: "num" }, formatAmount(l.amount, l.currency)),
            h(doc, "td", {}, h(doc, "span", { class: stageClass(l.stage) }, l.stage)),
          ),
        ),
      ),
    ),
  );
}

/** A lead/deal record page. `onStage(stage)` is called when the rep picks a new stage. */
export function renderRecord(doc, lead, { next, onStage } = {}) {
  const select = h(
    doc,
    "select",
    { id: "stage", name: "stage", "data-field": "stage", onchange: (e) => onStage?.(e.target.value) },
    ...STAGES.map((s) => h(doc, "option", { value: s, selected: s === lead.stage }, s)),
  );
  select.value = lead.stage;
  return h(
    doc,
    "article",
    { class: "record", "data-record-id": lead.id },
    h(doc, "nav", { "aria-label": "Breadcrumb", class: "crumbs" }, h(doc, "a", { href: "/leads", "data-link": true }, "Leads"), " / ", lead.id),
    h(
      doc,
      "header",
      { class: "record-header" },
      h(doc, "div", { class: "avatar", "aria-hidden": "true" }, lead.name.slice(0, 1)),
      h(doc, "div", {}, h(doc, "h1", { "data-testid": "record-title" }, lead.name), h(doc, "p", { class: "muted" }, `${lead.title} · ${lead.company}`)),
      h(doc, "span", { class: stageClass(lead.stage), "data-testid": "stage-pill" }, lead.stage),
    ),
    h(
      doc,
      "div",
      { class: "columns" },
      h(
        doc,
        "section",
        { class: "card", "aria-labelledby": "about-title" },
        h(doc, "h2", { id: "about-title" }, "About this deal"),
        h(
          doc,
          "dl",
          { class: "fields" },
          h(doc, "dt", {}, "Company"),
          h(doc, "dd", { "data-field": "company" }, lead.company),
          h(doc, "dt", {}, "Owner"),
          h(doc, "dd", { "data-field": "owner" }, OWNERS[lead.owner]),
          h(doc, "dt", {}, "Amount"),
          h(doc, "dd", { "data-field": "amount" }, formatAmount(lead.amount, lead.currency)),
          h(doc, "dt", {}, "Email"),
          h(doc, "dd", {}, lead.email),
          h(doc, "dt", {}, "Created"),
          h(doc, "dd", {}, h(doc, "time", { datetime: lead.createdAt }, lead.createdAt)),
        ),
        h(doc, "div", { class: "stage-field" }, h(doc, "label", { for: "stage" }, "Stage"), select),
      ),
      h(
        doc,
        "section",
        { class: "card", "aria-labelledby": "activity-title" },
        h(doc, "h2", { id: "activity-title" }, "Activity"),
        lead.activity.length ? h(doc, "ul", { class: "activity" }, ...lead.activity.map((a) => h(doc, "li", {}, a))) : h(doc, "p", { class: "muted" }, "No activity yet."),
        next ? h(doc, "p", {}, h(doc, "a", { href: `/leads/${next.id}`, "data-link": true, "data-testid": "next-record" }, `Next: ${next.name} →`)) : null,
      ),
    ),
  );
}
