// @vitest-environment happy-dom
// The lead UI starts before the page is parsed (document_start): it asks for the kill switch while
// the page loads and starts the record's features at DOMContentLoaded, not before.
import { afterEach, describe, expect, it } from "vitest";
import { startRecordSession } from "./session.ts";
import type { Feature } from "./types.ts";

let stop: AbortController | null = null;
afterEach(() => {
  stop?.abort();
  stop = null;
});

function start(doc: Document, asked: string[]) {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL("https://app.hubspot.com/contacts/20931/record/0-3/987654");
  const started: string[] = [];
  const probe: Feature = { id: "probe", crms: "all", init: (ctx) => void started.push(ctx.record.externalId) };
  stop = new AbortController();
  const wxt = { signal: stop.signal, isInvalid: false, addEventListener: (t: EventTarget, type: string, h: EventListener) => t.addEventListener(type, h, { signal: stop!.signal }) };
  startRecordSession(
    wxt as never,
    [probe],
    doc,
    async () => {
      asked.push("background");
      return [];
    },
    async () => {
      asked.push("copy");
      return [];
    },
  );
  return started;
}

describe("a record session started before the page is parsed", () => {
  it("asks for the switches at once and starts the features at DOMContentLoaded", async () => {
    const doc = document.implementation.createHTMLDocument("loading");
    Object.defineProperty(doc, "readyState", { value: "loading", configurable: true });
    const asked: string[] = [];
    const started = start(doc, asked);
    await new Promise((r) => setTimeout(r, 30));
    expect(asked.sort()).toEqual(["background", "copy"]);
    expect(started).toEqual([]);

    // Parsed, but the host's deferred scripts have not run yet: still waiting for the event.
    Object.defineProperty(doc, "readyState", { value: "interactive", configurable: true });
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toEqual([]);

    doc.dispatchEvent(new Event("DOMContentLoaded"));
    await expect.poll(() => started).toEqual(["987654"]);
  });

  it("starts at once on a page already loaded (injected after client-side navigation)", async () => {
    const started = start(document, []);
    await expect.poll(() => started).toEqual(["987654"]);
  });
});
