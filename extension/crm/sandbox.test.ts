// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { LEADS } from "../../tests/sandbox-crm/public/data.js";
import { renderRecord } from "../../tests/sandbox-crm/public/render.js";
import { sandbox } from "./sandbox.ts";

const at = (href: string) => sandbox.matches(new URL(href));

function show(id: string) {
  const lead = LEADS.find((l: { id: string }) => l.id === id)!;
  document.title = `${lead.name} · Sandbox CRM`;
  document.body.innerHTML = `<main id="app"></main>`;
  document.getElementById("app")!.append(renderRecord(document, lead));
  return lead;
}

describe("Sandbox CRM", () => {
  it("recognises /leads/{id} on its two local hosts only", () => {
    expect(at("http://127.0.0.1:8790/leads/L-1001")).toEqual({ crm: "sandbox", kind: "deal", externalId: "L-1001" });
    expect(at("http://localhost:8790/leads/L-1001/")?.externalId).toBe("L-1001");
    expect(at("http://127.0.0.1:8790/leads")).toBeNull();
    expect(at("http://127.0.0.1:8791/leads/L-1001")).toBeNull();
    expect(at("https://127.0.0.1:8790/leads/L-1001")).toBeNull();
  });

  it("reads a rendered record", () => {
    show("L-1001");
    expect(sandbox.readLead(document, { crm: "sandbox", kind: "deal", externalId: "L-1001" })).toEqual({
      name: "Dana Whitfield",
      company: "Brightline Logistics",
      stage: "Proposal Sent",
      amount: 48000,
      currency: "USD",
    });
  });

  it("keeps markup-looking text as text", () => {
    show("L-1006");
    expect(sandbox.readLead(document, { crm: "sandbox", kind: "deal", externalId: "L-1006" })).toMatchObject({ name: "Ava <b>Ng</b>", company: "Quill & <Ink> Labs" });
  });

  it("reads nothing while the page still shows another record", () => {
    show("L-1001");
    expect(sandbox.readLead(document, { crm: "sandbox", kind: "deal", externalId: "L-1002" })).toEqual({});
  });

  it("reports the stage selector turning Closed Won, until aborted", async () => {
    show("L-1002");
    const ref = { crm: "sandbox", kind: "deal", externalId: "L-1002" } as const;
    const seen: unknown[] = [];
    const controller = new AbortController();
    sandbox.observeStage(document, ref, (r) => seen.push([r.stage, r.closed]), controller.signal);
    const select = document.querySelector<HTMLSelectElement>("#stage")!;
    select.value = "Closed Won";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await expect.poll(() => seen).toEqual([["Closed Won", "won"]]);
    controller.abort();
    select.value = "Closed Lost";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toHaveLength(1);
  });
});
