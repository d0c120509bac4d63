// @vitest-environment happy-dom
// The scored answer as a rep reads it: key points met with the quoted clause, missed with the tip,
// pitfalls with the words that revealed them, and the gate's one-sentence reason.
import { afterEach, describe, expect, it } from "vitest";
import type { AttemptResult } from "@dq/shared";
import { cleanup, render } from "../loop-ui.test-helpers.tsx";
import { AttemptFeedback } from "./AttemptFeedback.tsx";

afterEach(cleanup);

function result(over: Partial<AttemptResult> = {}): AttemptResult {
  return {
    attempt: { id: "at_1", scenarioId: "sc_1", score: 62, durationSec: 90, createdAt: "2026-11-24T10:00:00.000Z" },
    score: 62,
    summary: "Solid answer with room to sharpen. You covered 1 of 2 key points. Marked down for: a generic opener.",
    criteria: [
      { id: "trigger", kind: "key_point", label: "Name the trigger event", score: 100, weight: 0.36, met: true, feedback: 'You covered it: "Congrats on the Series B, Dana."', quote: "Congrats on the Series B, Dana." },
      { id: "value", kind: "key_point", label: "Tie to a business outcome", score: 0, weight: 0.24, met: false, feedback: "Say what they gain." },
      { id: "asks_question", kind: "craft", label: "Asks a question that matters here", score: 40, weight: 0.07, met: false, feedback: "Your question is generic." },
      { id: "pitfall_generic_opener", kind: "pitfall", label: "A generic opener", score: 0, weight: 0, met: true, feedback: "A line that could go to anyone tells the CFO you did no homework.", quote: "I hope this finds you well.", penalty: 9 },
    ],
    xp: { awarded: 12, training: 40, total: 55 },
    streak: 2,
    idealResponse: "Congrats on the Series B.",
    scorer: "rubric-v2",
    ...over,
  };
}

describe("AttemptFeedback", () => {
  it("quotes the clause that met a key point, gives the tip for a missed one, and names the pitfall", async () => {
    const { host } = await render(<AttemptFeedback result={result()} />);
    const points = [...host.querySelectorAll('[data-testid="key-point"]')];
    expect(points.map((p) => p.getAttribute("data-met"))).toEqual(["true", "false"]);
    expect(points[0]!.querySelector('[data-testid="quote"]')!.textContent).toBe("Congrats on the Series B, Dana.");
    expect(points[1]!.querySelector('[data-testid="tip"]')!.textContent).toBe("Say what they gain.");
    const pitfall = host.querySelector('[data-testid="pitfall"]')!;
    expect(pitfall.textContent).toContain("A generic opener");
    expect(pitfall.textContent).toContain("−9");
    expect(pitfall.querySelector('[data-testid="quote"]')!.textContent).toBe("I hope this finds you well.");
    expect(host.querySelector('[data-testid="scorer"]')!.textContent).toBe("rubric-v2");
    expect(host.querySelector('[data-testid="gate"]')).toBeNull();
  });

  it("says why a gate capped the score, as an alert", async () => {
    const gated = result({
      score: 0,
      gate: "term_list",
      summary: "This is a list of terms, not sentences: say it to the buyer as you would on a call.",
      criteria: result().criteria.filter((c) => c.kind !== "pitfall"),
    });
    const { host } = await render(<AttemptFeedback result={gated} />);
    const gate = host.querySelector('[role="alert"]')!;
    expect(gate.getAttribute("data-gate")).toBe("term_list");
    expect(gate.textContent).toMatch(/list of terms/);
    expect(host.querySelector('[data-testid="pitfall"]')).toBeNull();
  });
});
