// Meta-test: every feature module is registered once, with a unique id that matches its file name.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { features } from "./registry.ts";

const NOT_FEATURES = new Set(["types", "events", "store", "session", "mount", "registry"]);

describe("feature registry", () => {
  const files = readdirSync(import.meta.dirname)
    .filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."))
    .map((f) => f.replace(/\.tsx?$/, ""))
    .filter((f) => !NOT_FEATURES.has(f));

  it("registers every feature file, under its file name", () => {
    expect(features.map((f) => f.id).sort()).toEqual(files.sort());
  });

  it("has unique ids and a CRM scope", () => {
    expect(new Set(features.map((f) => f.id)).size).toBe(features.length);
    for (const f of features) expect(f.crms === "all" || f.crms.length > 0).toBe(true);
  });

  it("starts the outcome popup before the features that ask for it", () => {
    const order = features.map((f) => f.id);
    expect(order.indexOf("outcome-popup")).toBeLessThan(order.indexOf("stage-watcher"));
    expect(order.indexOf("outcome-popup")).toBeLessThan(order.indexOf("lead-panel"));
  });
});
