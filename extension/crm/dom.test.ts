// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from "vitest";
import { clean, closedFromStage, fieldByLabel, parseAmount, queryVisible, reading, textOf, watchReading } from "./dom.ts";

describe("parseAmount", () => {
  it.each([
    ["$48,500.00", 48500, "USD"],
    ["€1.250.000,00", 1250000, "EUR"],
    ["€ 12.500,50", 12500.5, "EUR"],
    ["£18,200", 18200, "GBP"],
    ["US$ 7.5K", 7500, "USD"],
    ["1.2M USD", 1200000, "USD"],
    ["CHF 3'400", 3400, "CHF"],
    ["12 500 kr", 12500, undefined],
    ["12.5", 12.5, undefined],
    ["12,50", 12.5, undefined],
  ])("reads %s", (text, amount, currency) => {
    expect(parseAmount(text)).toEqual(currency ? { amount, currency } : { amount });
  });

  it("is null without a number", () => {
    expect(parseAmount("—")).toBeNull();
    expect(parseAmount("")).toBeNull();
    expect(parseAmount(undefined)).toBeNull();
  });
});

describe("text helpers", () => {
  it("removes zero-width characters and collapses whitespace", () => {
    expect(clean("Deal\u200B  stage\n")).toBe("Deal stage");
    expect(clean("   ")).toBeUndefined();
  });

  it("clips long text", () => {
    expect(clean("x".repeat(300), 10)).toHaveLength(10);
  });

  it("reads closed stages in CRM wording only", () => {
    expect(closedFromStage("Closed Won")).toBe("won");
    expect(closedFromStage("closed-lost")).toBe("lost");
    expect(closedFromStage("Won")).toBe("won");
    expect(closedFromStage("Lost interest? Follow up")).toBeUndefined();
    expect(closedFromStage("Proposal")).toBeUndefined();
  });

  it("keeps only what was read", () => {
    expect(reading({ name: "A", company: "", amount: Number.NaN, stage: "Closed Won" })).toEqual({ name: "A", stage: "Closed Won", closed: "won" });
  });

  it("reads a select's chosen label and an input's value", () => {
    document.body.innerHTML = `<select><option>One</option><option selected>Two</option></select><input value=" typed ">`;
    expect(textOf(document.querySelector("select"))).toBe("Two");
    expect(textOf(document.querySelector("input"))).toBe("typed");
  });
});

describe("fieldByLabel", () => {
  it("follows for=, aria-labelledby, dt/dd and th/td", () => {
    document.body.innerHTML = `
      <label for="a">Stage</label><select id="a"><option selected>Qualified</option></select>
      <label id="lb">Amount</label><span aria-labelledby="lb">$5</span>
      <dl><dt>Company</dt><dd>Acme</dd></dl>
      <table><tr><th>Owner</th><td>Riley</td></tr></table>`;
    expect(textOf(fieldByLabel(document, /^stage$/i))).toBe("Qualified");
    expect(textOf(fieldByLabel(document, /^amount$/i))).toBe("$5");
    expect(textOf(fieldByLabel(document, /^company$/i))).toBe("Acme");
    expect(textOf(fieldByLabel(document, /^owner$/i))).toBe("Riley");
    expect(fieldByLabel(document, /^missing$/i)).toBeUndefined();
  });

  it("skips hidden labels and elements", () => {
    document.body.innerHTML = `<div hidden><dl><dt>Company</dt><dd>Old</dd></dl></div><dl><dt>Company</dt><dd>New</dd></dl><p style="display:none" class="x">a</p><p class="x">b</p>`;
    expect(textOf(fieldByLabel(document, /^company$/i))).toBe("New");
    expect(textOf(queryVisible(document, ".x"))).toBe("b");
  });

  it("looks into open shadow roots", () => {
    document.body.innerHTML = `<x-host></x-host>`;
    const shadow = document.querySelector("x-host")!.attachShadow({ mode: "open" });
    shadow.innerHTML = `<span class="deep">inside</span>`;
    expect(textOf(queryVisible(document, ".deep"))).toBe("inside");
    expect(queryVisible(document, ".deep", 0)).toBeUndefined();
  });
});

describe("watchReading", () => {
  afterEach(() => vi.useRealTimers());

  it("reports changes once batched, and nothing after abort", async () => {
    document.body.innerHTML = `<main id="root"><label for="s">Stage</label><select id="s"><option>Open</option><option>Closed Won</option></select></main>`;
    const read = () => reading({ stage: textOf(document.querySelector("select")) });
    const seen: unknown[] = [];
    const controller = new AbortController();
    watchReading(document, () => document.getElementById("root"), read, (r) => seen.push(r), controller.signal, { debounceMs: 10 });
    const select = document.querySelector("select")!;
    select.value = "Closed Won";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await vi.waitFor(() => expect(seen).toEqual([{ stage: "Closed Won", closed: "won" }]));

    controller.abort();
    select.value = "Open";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    document.getElementById("root")!.append("mutation");
    await new Promise((r) => setTimeout(r, 40));
    expect(seen).toHaveLength(1);
  });

  it("notices text re-rendered by the host (MutationObserver)", async () => {
    document.body.innerHTML = `<main id="root"><h1>First</h1></main>`;
    const seen: string[] = [];
    const controller = new AbortController();
    watchReading(document, () => document.getElementById("root"), () => ({ name: textOf(document.querySelector("h1")) }), (r) => seen.push(r.name!), controller.signal, { debounceMs: 5 });
    document.querySelector("h1")!.textContent = "Second";
    await vi.waitFor(() => expect(seen).toEqual(["Second"]));
    controller.abort();
  });

  it("asks a debounce function at each batch (short while the record loads, longer after)", async () => {
    document.body.innerHTML = `<main id="root"><h1></h1></main>`;
    const seen: Array<{ name: string; at: number }> = [];
    const controller = new AbortController();
    const asked: number[] = [];
    const debounceMs = () => {
      const ms = seen.length === 0 ? 5 : 200;
      asked.push(ms);
      return ms;
    };
    const t0 = Date.now();
    watchReading(document, () => document.getElementById("root"), () => ({ name: textOf(document.querySelector("h1")) }), (r) => seen.push({ name: r.name!, at: Date.now() - t0 }), controller.signal, { debounceMs });
    document.querySelector("h1")!.textContent = "Loaded";
    await vi.waitFor(() => expect(seen.map((s) => s.name)).toEqual(["Loaded"]));
    document.querySelector("h1")!.textContent = "Renamed";
    await vi.waitFor(() => expect(seen.map((s) => s.name)).toEqual(["Loaded", "Renamed"]), { timeout: 1000 });
    expect(asked).toEqual([5, 200]);
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(150);
    controller.abort();
  });
});
