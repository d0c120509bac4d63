import { describe, expect, it } from "vitest";
import { draft } from "../../background/loop.test-helpers.ts";
import { changedFields, checkPatch, fieldsOf, issuesByField } from "./draft.ts";

describe("the review form's logic", () => {
  const base = fieldsOf(draft("sc_1"));

  it("sends only what changed, texts trimmed as the worker stores them", () => {
    expect(changedFields(base, base)).toEqual({});
    expect(changedFields(base, { ...base, title: `  ${base.title}  ` })).toEqual({});
    expect(changedFields(base, { ...base, title: " A sharper title ", difficulty: "hard" })).toEqual({ title: "A sharper title", difficulty: "hard" });
  });

  it("checks a patch with the worker's own rules, in words a reviewer can act on", () => {
    expect(checkPatch({ title: "A fine title" })).toEqual({});
    expect(checkPatch({ title: "Hi", situation: "Too short." })).toEqual({ title: "Write at least 5 characters.", situation: "Write at least 40 characters." });
    expect(checkPatch({ buyerLine: "x".repeat(1001) })).toEqual({ buyerLine: "Keep it under 1001 characters." });
  });

  it("puts each complaint at its field, wherever it came from", () => {
    expect(
      issuesByField([
        { path: ["patch", "title"], message: "From the background." },
        { path: ["situation"], message: "Mentions “Helios”." },
        { path: ["situation"], message: "A second one is left out." },
        { path: ["rubric", 0, "phrases"], message: "Not an editable field here." },
      ]),
    ).toEqual({ title: "From the background.", situation: "Mentions “Helios”." });
    expect(issuesByField(undefined)).toEqual({});
  });
});
