// An LLM judge behind the same `Scorer` interface, for teams that deploy on Cloudflare: Workers AI (an
// `AI` binding) is asked, per key point, whether the answer makes the move and for the verbatim span of
// the answer that shows it. A point counts only if its span really occurs in the answer; the rubric
// scorer's gates, similarity, craft checks and pitfalls still apply; any error, timeout or malformed
// reply falls back to the rubric scorer, and `scorer` says which one scored.
import { z } from "zod";
import { RUBRIC_SCORER, type ScoreInput, type ScoreResult, type Scorer, scoreResponse } from "./scoring.ts";

/** The slice of the Workers AI binding the judge uses (structurally what `env.AI` offers). */
export interface AiRunner {
  run(model: string, inputs: Record<string, unknown>): Promise<unknown>;
}

export const LLM_JUDGE = "llm-judge-v1";
export const DEFAULT_JUDGE_MODEL = "@cf/meta/llama-3.3-70b-instruct-fp8-fast";
export const JUDGE_TIMEOUT_MS = 2000;

const Verdict = z.object({ id: z.string(), met: z.boolean(), span: z.string().max(1000).default("") });
const JudgeReply = z.object({ keyPoints: z.array(Verdict).max(12) });
export type JudgeReply = z.infer<typeof JudgeReply>;

const REPLY_SCHEMA = {
  type: "object",
  properties: {
    keyPoints: {
      type: "array",
      items: {
        type: "object",
        properties: { id: { type: "string" }, met: { type: "boolean" }, span: { type: "string" } },
        required: ["id", "met", "span"],
      },
    },
  },
  required: ["keyPoints"],
} as const;

/** The request sent to the model: the scenario, the rubric's moves and the rep's answer. */
export function judgeRequest(input: ScoreInput): Record<string, unknown> {
  const points = input.rubric.map((k) => `- ${k.id}: ${k.point}`).join("\n");
  return {
    messages: [
      {
        role: "system",
        content:
          "You are a strict sales coach grading a rep's written answer. For each key point, decide whether the answer itself makes that move in a real sentence addressed to the buyer " +
          "(not merely mentions its words, not negated, not a list of keywords). If met, copy the shortest span of the answer, verbatim, that shows it; otherwise span is empty. " +
          'Reply with JSON only: {"keyPoints":[{"id":"…","met":true,"span":"…"}]}, one entry per key point id.',
      },
      {
        role: "user",
        content: `Situation: ${input.situation ?? ""}\nBuyer: ${input.buyerLine}\nKey points:\n${points}\n\nThe rep's answer:\n"""${input.response}"""`,
      },
    ],
    response_format: { type: "json_schema", json_schema: REPLY_SCHEMA },
    temperature: 0,
    max_tokens: 800,
  };
}

/** Workers AI replies `{ response: string | object }`; JSON mode may hand back the object itself. */
export function parseJudgeReply(raw: unknown): JudgeReply {
  const body = raw && typeof raw === "object" && "response" in raw ? (raw as { response: unknown }).response : raw;
  const value = typeof body === "string" ? (JSON.parse(body) as unknown) : body;
  return JudgeReply.parse(value);
}

const squash = (s: string) =>
  s
    .toLowerCase()
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, " ")
    .trim();

/** Does the judge's span really occur in the answer (ignoring case, curly quotes and spacing)? */
export function spanOccurs(response: string, span: string): boolean {
  const s = squash(span).replace(/^["'.…\s]+|["'.…\s]+$/g, "");
  return s.split(" ").length >= 2 && squash(response).includes(s);
}

/** Rescores an answer with the judge's verdicts in place of the rubric scorer's key points. */
export function applyVerdicts(input: ScoreInput, rubric: Omit<ScoreResult, "scorer">, reply: JudgeReply, scorer: string): ScoreResult {
  const verdicts = new Map(reply.keyPoints.map((v) => [v.id, v]));
  let score = rubric.score;
  const criteria = rubric.criteria.map((c) => {
    if (c.kind !== "key_point") return c;
    const v = verdicts.get(c.id);
    const met = Boolean(v?.met && spanOccurs(input.response, v.span));
    const k = input.rubric.find((x) => x.id === c.id)!;
    score += c.weight * ((met ? 100 : 0) - c.score);
    const { quote: _old, ...rest } = c;
    return met
      ? { ...rest, score: 100, met: true, feedback: `You covered it: "${v!.span.trim()}".`, quote: v!.span.trim() }
      : { ...rest, score: 0, met: false, feedback: k.tip };
  });
  const met = criteria.filter((c) => c.kind === "key_point" && c.met).length;
  const total = criteria.filter((c) => c.kind === "key_point").length;
  const final = Math.max(0, Math.min(100, Math.round(score)));
  return { ...rubric, score: final, criteria, summary: rubric.summary.replace(/You covered \d+ of \d+ key points\./, `You covered ${met} of ${total} key points.`), scorer };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`judge timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => {
    if (timer !== undefined) clearTimeout(timer);
  });
}

export interface JudgeOptions {
  model?: string;
  timeoutMs?: number;
  /** Called when the judge fails and the rubric scorer's result is used instead (for logs). */
  onFallback?: (reason: string) => void;
}

export function llmJudge(ai: AiRunner, opts: JudgeOptions = {}): Scorer {
  const model = opts.model || DEFAULT_JUDGE_MODEL;
  const name = `${LLM_JUDGE}:${model}`;
  return {
    name,
    async score(input) {
      const rubric = scoreResponse(input);
      // Gates cannot be argued with: a list, a shuffle, an echo or an off-topic answer stays capped.
      if (rubric.gate) return { ...rubric, scorer: RUBRIC_SCORER };
      try {
        const reply = parseJudgeReply(await withTimeout(ai.run(model, judgeRequest(input)), opts.timeoutMs ?? JUDGE_TIMEOUT_MS));
        return applyVerdicts(input, rubric, reply, name);
      } catch (e) {
        opts.onFallback?.(e instanceof Error ? e.message : String(e));
        return { ...rubric, scorer: RUBRIC_SCORER };
      }
    },
  };
}
