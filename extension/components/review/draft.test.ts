import { describe, expect, it } from "vitest";
import { draft } from "../../background/loop.test-helpers.ts";
import { changedFields, checkPatch, conversationOf, conversationPatch, fieldsOf, issuesByField } from "./draft.ts";

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

  it("puts complaints about the conversation at the pushback, model answer or closing line they are about", () => {
    expect(
      issuesByField([
        { path: ["patch", "rubric", 0, "pushback"], message: "Too short." },
        { path: ["rubric", 1, "idealFollowUp"], message: "Too long." },
        { path: ["pitfalls", 0, "pushback"], message: "Mentions “Helios”." },
        { path: ["closingLine"], message: "Mentions “Maria”." },
      ]),
    ).toEqual({ "rubric.0.pushback": "Too short.", "rubric.1.idealFollowUp": "Too long.", "pitfalls.0.pushback": "Mentions “Helios”.", closingLine: "Mentions “Maria”." });
  });
});

describe("the conversation's part of the review form", () => {
  const d = draft("sc_1", {
    rubric: [
      { id: "reframe", point: "Reframe the price as cost per shipment", weight: 3, phrases: ["cost per shipment"], synonyms: [], tip: "Put the price in their units.", pushback: "You still haven't told me what this costs us.", idealFollowUp: "Fair question. Per shipment it comes to under a dollar." },
      { id: "date", point: "Ask for a signature date", weight: 2, phrases: ["signature date"], synonyms: [], tip: "Ask for a date." },
    ],
    pitfalls: [{ id: "dodges_price", move: "Dodging a direct price question", penalty: 4, phrases: ["hard to say"], why: "A dodge costs trust." }],
    closingLine: "OK, that makes the cost easier to defend.",
  });
  const base = conversationOf(d);

  it("reads the pushbacks, model answers and closing line (empty where there is none)", () => {
    expect(base).toEqual({
      closingLine: "OK, that makes the cost easier to defend.",
      points: [
        { pushback: "You still haven't told me what this costs us.", idealFollowUp: "Fair question. Per shipment it comes to under a dollar." },
        { pushback: "", idealFollowUp: "" },
      ],
      pitfalls: [{ pushback: "" }],
    });
    expect(conversationOf({ ...d, closingLine: undefined }).closingLine).toBe("");
  });

  it("sends the whole rubric with the edited pushback, removes emptied ones, and only what changed", () => {
    expect(conversationPatch(d, base, base)).toEqual({});
    const edited = { ...base, points: [{ pushback: "  What does it cost per shipment?  ", idealFollowUp: "" }, { pushback: "When would you sign?", idealFollowUp: "" }] };
    const patch = conversationPatch(d, base, edited);
    expect(patch).toEqual({
      rubric: [
        { id: "reframe", point: "Reframe the price as cost per shipment", weight: 3, phrases: ["cost per shipment"], synonyms: [], tip: "Put the price in their units.", pushback: "What does it cost per shipment?" },
        { id: "date", point: "Ask for a signature date", weight: 2, phrases: ["signature date"], synonyms: [], tip: "Ask for a date.", pushback: "When would you sign?" },
      ],
    });
    expect(conversationPatch(d, base, { ...base, pitfalls: [{ pushback: "That's a dodge." }], closingLine: " " })).toEqual({
      pitfalls: [{ ...d.pitfalls[0], pushback: "That's a dodge." }],
      closingLine: null,
    });
  });

  it("checks lengths as the shared schema does, saying that empty means none", () => {
    const tooShort = conversationPatch(d, base, { ...base, points: [{ ...base.points[0]!, pushback: "No" }, base.points[1]!], closingLine: "x".repeat(241) });
    expect(checkPatch(tooShort)).toEqual({ "rubric.0.pushback": "Write at least 3 characters, or leave it empty for none.", closingLine: "Keep it under 241 characters." });
    const fine = conversationPatch(d, base, { ...base, points: [{ ...base.points[0]!, pushback: "Why?" }, base.points[1]!] });
    expect(checkPatch(fine)).toEqual({});
  });
});
