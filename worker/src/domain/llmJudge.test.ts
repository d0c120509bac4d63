// The LLM judge behind the Scorer interface. Workers AI is not reachable from tests: a reply in the shape
// the binding returns (fixtures/judge-reply-salon.json, written for these tests) stands in for it.
import { describe, expect, it } from "vitest";
import type { LibraryScenario } from "@dq/shared";
import recorded from "./fixtures/judge-reply-salon.json";
import { type AiRunner, llmJudge, parseJudgeReply, spanOccurs } from "./llmJudge.ts";
import { scorerFor } from "./scorers.ts";
import { RUBRIC_SCORER, type ScoreInput } from "./scoring.ts";

const files = import.meta.glob<LibraryScenario[]>("../../library/scenarios/*.json", { eager: true, import: "default" });
const salon = Object.values(files)
  .flat()
  .find((s) => s.slug === "price-salon-owner-what-does-it-cost")!;
const input = (response: string): ScoreInput => ({
  response,
  situation: salon.situation,
  buyerLine: salon.buyerLine,
  idealResponse: salon.idealResponse,
  rubric: salon.rubric,
  pitfalls: salon.pitfalls,
});
const ANSWER =
  "Fair question. Honestly, most salons your size pay between $199 and $299 a month, plus setup of up to $400. What moves it is whether you want deposits charged automatically. Does that range work for you?";

/** A stand-in for env.AI that replays a reply and records what it was asked. */
function replaying(reply: unknown): AiRunner & { calls: { model: string; inputs: Record<string, unknown> }[] } {
  const calls: { model: string; inputs: Record<string, unknown> }[] = [];
  return {
    calls,
    async run(model, inputs) {
      calls.push({ model, inputs });
      return reply;
    },
  };
}

describe("LLM judge (Workers AI through an AI binding)", () => {
  it("counts a key point only when its span really occurs in the answer, and says it scored", async () => {
    const ai = replaying(recorded);
    const r = await llmJudge(ai, { model: "@cf/test/model" }).score(input(ANSWER));
    expect(r.scorer).toBe("llm-judge-v1:@cf/test/model");
    expect(ai.calls[0]!.model).toBe("@cf/test/model");
    expect(JSON.stringify(ai.calls[0]!.inputs)).toContain(ANSWER);
    const kp = Object.fromEntries(r.criteria.filter((c) => c.kind === "key_point").map((c) => [c.id, c]));
    expect(kp.straight_answer).toMatchObject({ met: true, quote: "most salons your size pay between $199 and $299 a month" });
    expect(kp.price_drivers!.met).toBe(true);
    expect(kp.honest_fit!.met).toBe(false); // the judge claimed a span the rep never wrote
    expect(kp.earn_questions!.met).toBe(false);
    expect(r.summary).toMatch(/You covered 3 of 5 key points/);
  });

  it("keeps the anti-gaming gates: a term list stays capped whatever the judge says (and it is not asked)", async () => {
    const ai = replaying(recorded);
    const r = await llmJudge(ai).score(input("199 299 a month setup deposits ballpark five minutes no-shows pays for itself?"));
    expect(r.score).toBeLessThanOrEqual(15);
    expect(r.gate).toBe("term_list");
    expect(ai.calls).toHaveLength(0);
  });

  it("falls back to the rubric scorer on an error, a malformed reply or a timeout, and says so", async () => {
    const rubric = await scorerFor({}).score(input(ANSWER));
    const reasons: string[] = [];
    const onFallback = (reason: string) => reasons.push(reason);
    const failing: AiRunner = {
      run: async () => {
        throw new Error("AI binding error 3040");
      },
    };
    const hanging: AiRunner = { run: () => new Promise(() => {}) };
    for (const ai of [failing, replaying({ response: "not json" }), replaying({ response: { keyPoints: "yes" } }), hanging]) {
      const r = await llmJudge(ai, { timeoutMs: 50, onFallback }).score(input(ANSWER));
      expect(r.scorer).toBe(RUBRIC_SCORER);
      expect(r.score).toBe(rubric.score);
    }
    expect(reasons).toHaveLength(4);
    expect(reasons.at(-1)).toMatch(/timed out/);
  });

  it("reads replies as a JSON string or as an object, and checks spans ignoring case and spacing", () => {
    expect(parseJudgeReply({ response: { keyPoints: [{ id: "a", met: true, span: "x y" }] } }).keyPoints[0]!.span).toBe("x y");
    expect(spanOccurs("We  can START\nnext week.", "we can start next week")).toBe(true);
    expect(spanOccurs("We can start next week.", "start")).toBe(false);
    expect(spanOccurs("We can start next week.", "we can start tomorrow")).toBe(false);
  });

  it("is off unless configured", () => {
    expect(scorerFor({}).name).toBe(RUBRIC_SCORER);
    expect(scorerFor({ AI: replaying(recorded) }).name).toBe(RUBRIC_SCORER);
    expect(scorerFor({ AI: replaying(recorded), DQ_LLM_JUDGE: "on", DQ_LLM_JUDGE_MODEL: "@cf/x" }).name).toBe("llm-judge-v1:@cf/x");
  });
});
