// The first read of a record page: at once on a page loaded at the record, after a delay on one
// that reached it by client-side navigation (the previous record may still be on screen).
import { describe, expect, it } from "vitest";
import { loadedHere } from "./lead-sync.ts";

const docLoadedAt = (url: string | null) =>
  ({ defaultView: { performance: { getEntriesByType: (type: string) => (type === "navigation" && url ? [{ name: url }] : []) } } }) as unknown as Document;

describe("loadedHere", () => {
  it("is true when the document was loaded at this address", () => {
    expect(loadedHere(docLoadedAt("https://app.hubspot.com/contacts/1/record/0-3/42"), "https://app.hubspot.com/contacts/1/record/0-3/42")).toBe(true);
  });

  it("is false after client-side navigation, or without a navigation entry", () => {
    expect(loadedHere(docLoadedAt("https://app.hubspot.com/contacts/1/objects/0-3/views/all/list"), "https://app.hubspot.com/contacts/1/record/0-3/42")).toBe(false);
    expect(loadedHere(docLoadedAt(null), "https://app.hubspot.com/contacts/1/record/0-3/42")).toBe(false);
    expect(loadedHere({ defaultView: null } as unknown as Document, "https://x.example/")).toBe(false);
  });
});
