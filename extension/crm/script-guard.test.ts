// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from "vitest";
import { ignoreForgedRestarts, noteScriptStart } from "./script-guard.ts";

const EXT = "abcdefghijklmnopabcdefghijklmnop";
const EVENT = `${EXT}:lead-ui:wxt:content-script-started`;

/** WXT's listener, as ContentScriptContext registers it: any announcement by another instance stops the script. */
function wxtContext() {
  const stopped: string[] = [];
  document.addEventListener(EVENT, (e) => stopped.push((e as CustomEvent).detail.messageId));
  return stopped;
}

const announce = (messageId: string) => document.dispatchEvent(new CustomEvent(EVENT, { detail: { contentScriptName: "lead-ui", messageId } }));

describe("ignoreForgedRestarts", () => {
  const controller = new AbortController();
  afterEach(() => controller.abort());

  it("stops an announcement no new instance made (the page replaying it), lets a real one through", () => {
    noteScriptStart("lead-ui");
    const stopped = wxtContext();
    ignoreForgedRestarts("lead-ui", controller.signal, window, EXT);
    announce("forged");
    expect(stopped).toEqual([]);
    // A newer instance counts itself when its module runs, then its context announces it.
    noteScriptStart("lead-ui");
    announce("newer");
    expect(stopped).toEqual(["newer"]);
  });

  it("guards only its own script's event, and stops guarding when its signal aborts", () => {
    const own = new AbortController();
    const stopped = wxtContext();
    ignoreForgedRestarts("crm", own.signal, window, EXT);
    announce("not-guarded");
    expect(stopped).toEqual(["not-guarded"]);
    ignoreForgedRestarts("lead-ui", own.signal, window, EXT);
    announce("forged");
    expect(stopped).toEqual(["not-guarded"]);
    own.abort();
    announce("after-abort");
    expect(stopped).toEqual(["not-guarded", "after-abort"]);
  });
});
