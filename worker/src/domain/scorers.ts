// Which scorer scores practice answers in this deployment: the rubric scorer (embedded, deterministic,
// the default), or the LLM judge when a team that deploys on Cloudflare configures Workers AI: an `AI`
// binding in wrangler.jsonc plus DQ_LLM_JUDGE=on (DQ_LLM_JUDGE_MODEL picks the model).
import { type AiRunner, llmJudge } from "./llmJudge.ts";
import { type Scorer, rubricScorer } from "./scoring.ts";

export interface ScorerEnv {
  AI?: AiRunner;
  DQ_LLM_JUDGE?: string;
  DQ_LLM_JUDGE_MODEL?: string;
}

export function scorerFor(env: ScorerEnv): Scorer {
  if (env.AI && env.DQ_LLM_JUDGE === "on") {
    return llmJudge(env.AI, { model: env.DQ_LLM_JUDGE_MODEL, onFallback: (reason) => console.warn(`llm judge fell back to ${rubricScorer.name}: ${reason}`) });
  }
  return rubricScorer;
}
