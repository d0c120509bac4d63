// Defensive DOM reading shared by the adapters: every lookup may fail (the host redesigned, the
// field is hidden, the record is still loading) and a failure is an absent value, never an error.
import type { LeadReading } from "./types.ts";

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Whitespace-collapsed text with zero-width characters removed (HubSpot puts them in labels). */
export function clean(text: string | null | undefined, max = 200): string | undefined {
  if (text == null) return undefined;
  const t = text.replace(ZERO_WIDTH, "").replace(/\s+/g, " ").trim();
  if (!t) return undefined;
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/** What a person sees in an element: a control's value (a select's chosen label), else its text. */
export function textOf(el: Element | null | undefined): string | undefined {
  if (!el) return undefined;
  const tag = el.tagName.toLowerCase();
  if (tag === "select") {
    const select = el as HTMLSelectElement;
    return clean(select.options[select.selectedIndex]?.textContent ?? select.value);
  }
  if (tag === "input" || tag === "textarea") return clean((el as HTMLInputElement).value);
  return clean(el.textContent);
}

/** The first alternative that yields a value; each alternative is tried in isolation. */
export function firstOf<T>(alternatives: Array<() => T | null | undefined>): T | undefined {
  for (const alt of alternatives) {
    try {
      const v = alt();
      if (v !== undefined && v !== null && v !== "") return v;
    } catch {
      // A broken alternative is the same as a missing one.
    }
  }
  return undefined;
}

/** Whether an element is shown (SPAs keep earlier records' views in the DOM, hidden). */
export function isVisible(el: Element): boolean {
  for (let node: Element | null = el; node; node = node.parentElement) {
    if (node.hasAttribute("hidden") || node.getAttribute("aria-hidden") === "true") return false;
    const style = (node as HTMLElement).style;
    if (style && (style.display === "none" || style.visibility === "hidden")) return false;
  }
  const view = el.ownerDocument.defaultView;
  if (view && typeof view.getComputedStyle === "function") {
    const cs = view.getComputedStyle(el);
    if (cs.display === "none" || cs.visibility === "hidden") return false;
  }
  return true;
}

/** The first visible match of `selector`, looking into open shadow roots up to `depth` levels. */
export function queryVisible(root: ParentNode, selector: string, depth = 3): Element | undefined {
  for (const el of Array.from(root.querySelectorAll(selector))) if (isVisible(el)) return el;
  if (depth <= 0) return undefined;
  for (const host of Array.from(root.querySelectorAll("*"))) {
    const shadow = (host as HTMLElement).shadowRoot;
    if (!shadow) continue;
    const found = queryVisible(shadow, selector, depth - 1);
    if (found) return found;
  }
  return undefined;
}

/** The text of the first visible match among `selectors`. */
export function visibleText(root: ParentNode, selectors: string[]): string | undefined {
  return firstOf(selectors.map((s) => () => textOf(queryVisible(root, s, 0))));
}

/**
 * The control or value labelled `label` in `root`: `<label for>`, `aria-labelledby`, a `<dt>`/`<dd>`
 * pair, an `aria-label`, or a label followed by its value.
 */
export function fieldByLabel(root: ParentNode, label: RegExp): Element | undefined {
  const matchesLabel = (el: Element) => label.test(clean(el.textContent) ?? "");
  for (const l of Array.from(root.querySelectorAll("label, dt, th, [data-label], [role='rowheader']")).filter((el) => isVisible(el) && matchesLabel(el))) {
    const doc = l.ownerDocument;
    const forId = l.getAttribute("for");
    if (forId) {
      const control = doc.getElementById(forId);
      if (control) return control;
    }
    if (l.id) {
      const labelled = root.querySelector(`[aria-labelledby~="${CSS.escape(l.id)}"]`);
      if (labelled) return labelled;
    }
    const nested = l.querySelector("select, input, textarea");
    if (nested) return nested;
    const tag = l.tagName.toLowerCase();
    if (tag === "dt") {
      let next = l.nextElementSibling;
      while (next && next.tagName.toLowerCase() !== "dd") next = next.nextElementSibling;
      if (next) return next;
    }
    if (tag === "th") {
      const cell = l.parentElement?.querySelector("td");
      if (cell) return cell;
    }
    const sibling = l.nextElementSibling;
    if (sibling) return sibling;
  }
  for (const el of Array.from(root.querySelectorAll("[aria-label]"))) {
    if (label.test(el.getAttribute("aria-label") ?? "") && isVisible(el)) return el;
  }
  return undefined;
}

const CURRENCY_SYMBOLS: Array<[RegExp, string]> = [
  [/US\$|\$/, "USD"],
  [/€/, "EUR"],
  [/£/, "GBP"],
  [/¥/, "JPY"],
  [/₹/, "INR"],
  [/CHF/, "CHF"],
];
const ISO_CODE = /\b(USD|EUR|GBP|JPY|INR|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|BRL|MXN|SGD|HKD|ZAR|CZK)\b/;

/** "$12,500.00" → 12500 USD; "€ 12.500,50" → 12500.5 EUR; "45K" → 45000. Null when no number. */
export function parseAmount(text: string | null | undefined): { amount: number; currency?: string } | null {
  const t = clean(text, 500);
  if (!t) return null;
  // Digits with separators, ending on a digit; an optional k/m suffix that is a whole word.
  const m = /(\d[\d\s.,'’\u00A0\u202F]*\d|\d)(?:\s*([kKmM])(?![a-zA-Z]))?/.exec(t);
  if (!m) return null;
  let digits = m[1]!.replace(/[\s'’\u00A0\u202F]/g, "");
  const lastDot = digits.lastIndexOf(".");
  const lastComma = digits.lastIndexOf(",");
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? "." : ",";
    const thousands = decimal === "." ? "," : ".";
    digits = digits.split(thousands).join("").replace(decimal, ".");
  } else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? "." : ",";
    const parts = digits.split(sep);
    // One separator followed by exactly three digits, or several separators: thousands.
    const thousands = parts.length > 2 || (parts.length === 2 && parts[1]!.length === 3);
    digits = thousands ? parts.join("") : parts.join(".");
  }
  let amount = Number(digits);
  if (!Number.isFinite(amount)) return null;
  const suffix = m[2]?.toLowerCase();
  if (suffix === "k") amount *= 1e3;
  if (suffix === "m") amount *= 1e6;
  amount = Math.round(amount * 100) / 100;
  const currency = ISO_CODE.exec(t)?.[1] ?? CURRENCY_SYMBOLS.find(([re]) => re.test(t))?.[1];
  return currency ? { amount, currency } : { amount };
}

/** Closed won / closed lost from a stage label, in the wording CRMs use by default. */
export function closedFromStage(stage: string | undefined): "won" | "lost" | undefined {
  if (!stage) return undefined;
  if (/\bclosed[\s_-]*won\b|^won$/i.test(stage)) return "won";
  if (/\bclosed[\s_-]*lost\b|^lost$/i.test(stage)) return "lost";
  return undefined;
}

/** Drops empty fields so a reading only carries what was actually read. */
export function reading(r: LeadReading): LeadReading {
  const out: LeadReading = {};
  if (r.name) out.name = r.name;
  if (r.company) out.company = r.company;
  if (r.stage) out.stage = r.stage;
  const closed = r.closed ?? closedFromStage(r.stage);
  if (closed) out.closed = closed;
  if (r.amount !== undefined && Number.isFinite(r.amount) && r.amount >= 0) out.amount = r.amount;
  if (r.currency) out.currency = r.currency;
  return out;
}

/** Amount + currency read from an element's text. */
export function amountFrom(text: string | undefined): Pick<LeadReading, "amount" | "currency"> {
  const parsed = parseAmount(text);
  return parsed ? { amount: parsed.amount, ...(parsed.currency ? { currency: parsed.currency } : {}) } : {};
}

/** The part of a reading the stage watcher reacts to. */
export const stageKey = (r: LeadReading) => `${r.stage ?? ""}|${r.closed ?? ""}`;
/** Every field of a reading (the lead panel and the upsert react to any change). */
export const readingKey = (r: LeadReading) => JSON.stringify([r.name, r.company, r.stage, r.closed, r.amount, r.currency]);

/**
 * Re-reads the record when the part of the page that shows it changes, and calls `onChange` when
 * `key(reading)` differs from the last report. Observes one subtree (re-attached if the host
 * replaces it), batches mutations, also listens for `change` (a `<select>` changes value without
 * mutating the DOM); everything is torn down with `signal`. `debounceMs` may be a function, asked
 * at each batch (e.g. shorter while the record is still loading).
 */
export function watchReading(
  doc: Document,
  root: () => Element | null | undefined,
  read: () => LeadReading,
  onChange: (reading: LeadReading) => void,
  signal: AbortSignal,
  opts: { key?: (r: LeadReading) => string; debounceMs?: number | (() => number); initial?: LeadReading } = {},
) {
  if (signal.aborted) return;
  const keyOf = opts.key ?? readingKey;
  let last = keyOf(opts.initial ?? safeRead(read));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let observed: Element | undefined;
  const observer = new MutationObserver(() => schedule());
  const observe = () => {
    const target = safeRoot(root) ?? doc.body;
    if (!target || target === observed) return;
    observer.disconnect();
    observed = target;
    observer.observe(target, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["aria-selected", "aria-checked", "aria-current", "aria-pressed", "class", "value", "data-value", "selected", "hidden", "style"],
    });
  };
  const check = () => {
    timer = undefined;
    if (signal.aborted) return;
    if (observed && !observed.isConnected) observed = undefined;
    observe();
    const now = safeRead(read);
    const key = keyOf(now);
    if (key !== last) {
      last = key;
      onChange(now);
    }
  };
  function schedule() {
    if (timer === undefined && !signal.aborted) timer = setTimeout(check, (typeof opts.debounceMs === "function" ? opts.debounceMs() : opts.debounceMs) ?? 150);
  }
  observe();
  // Form controls change value without a DOM mutation; a click may open/close a stage menu.
  doc.addEventListener("change", schedule, { capture: true, signal });
  doc.addEventListener("input", schedule, { capture: true, signal });
  doc.addEventListener("click", schedule, { capture: true, signal });
  // The host re-rendering outside the observed subtree (e.g. replacing the record root).
  if (observed !== doc.body && doc.body) {
    const outer = new MutationObserver(() => {
      if (observed && !observed.isConnected) schedule();
    });
    outer.observe(doc.body, { childList: true });
    signal.addEventListener("abort", () => outer.disconnect());
  }
  signal.addEventListener("abort", () => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  });
}

function safeRoot(root: () => Element | null | undefined): Element | undefined {
  try {
    return root() ?? undefined;
  } catch {
    return undefined;
  }
}

function safeRead(read: () => LeadReading): LeadReading {
  try {
    return read();
  } catch {
    return {};
  }
}
