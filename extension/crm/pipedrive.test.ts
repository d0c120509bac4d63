// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { loadFixture } from "./fixtures.test-helper.ts";
import { pipedrive } from "./pipedrive.ts";

const at = (href: string) => pipedrive.matches(new URL(href));

describe("Pipedrive URLs", () => {
  it("recognises deals and persons on any company subdomain", () => {
    expect(at("https://initech.pipedrive.com/deal/1234")).toEqual({ crm: "pipedrive", kind: "deal", externalId: "1234" });
    expect(at("https://initech.pipedrive.com/person/88/")).toEqual({ crm: "pipedrive", kind: "person", externalId: "person:88" });
  });

  it("ignores pipelines, organizations and look-alikes", () => {
    expect(at("https://initech.pipedrive.com/pipeline/1/user/everyone")).toBeNull();
    expect(at("https://initech.pipedrive.com/organization/88")).toBeNull();
    expect(at("https://evilpipedrive.com/deal/1")).toBeNull();
    expect(at("https://initech.pipedrive.com.evil.example/deal/1")).toBeNull();
  });
});

describe("Pipedrive pages", () => {
  const deal = { crm: "pipedrive", kind: "deal", externalId: "1234" } as const;

  it("reads a deal (title textarea, stage title, sidebar rows)", () => {
    expect(pipedrive.readLead(loadFixture("pipedrive-deal.html"), deal)).toEqual({
      name: "Initrode website rebuild",
      company: "Initrode Ltd",
      stage: "Proposal Made",
      amount: 18200,
      currency: "GBP",
    });
  });

  it("strips days-in-stage when the stage has no title", () => {
    const doc = loadFixture("pipedrive-deal.html");
    doc.querySelector('[aria-selected="true"]')!.removeAttribute("title");
    expect(pipedrive.readLead(doc, deal).stage).toBe("Proposal Made");
  });

  it("knows a won deal from its status badge (older title markup)", () => {
    expect(pipedrive.readLead(loadFixture("pipedrive-deal-won.html"), deal)).toEqual({ name: "Hooli annual plan", closed: "won", amount: 7500, currency: "USD" });
  });

  it("reads a person from the page title and the organization row", () => {
    expect(pipedrive.readLead(loadFixture("pipedrive-person.html"), { crm: "pipedrive", kind: "person", externalId: "person:88" })).toEqual({
      name: "Sam Okafor",
      company: "Okafor & Sons",
    });
  });

  it("never throws, even when the DOM does", () => {
    const hostile = new Proxy(loadFixture("pipedrive-deal.html"), {
      get(target, prop) {
        if (prop === "querySelector" || prop === "querySelectorAll" || prop === "getElementById") return () => { throw new Error("boom"); };
        const v = Reflect.get(target, prop);
        return typeof v === "function" ? v.bind(target) : v;
      },
    });
    expect(pipedrive.readLead(hostile as Document, deal)).toMatchObject({});
  });
});
