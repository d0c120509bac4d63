// Learns two tables the scorer needs from the library's own prose (situations, buyer lines, model
// answers) and writes them to src/domain/languageTables.json:
// - how English orders its parts of speech (class bigrams), to tell sentences from word salad;
// - the words most scenarios share (generic sales talk), which say nothing about whether an answer is
//   about *this* buyer's situation.
// Usage: node scripts/language-tables.ts   (run from worker/; re-run when the library grows)
import { writeFileSync } from "node:fs";
import path from "node:path";
import { analyzeAnswer } from "../src/domain/answerText.ts";
import { topicKeys } from "../src/domain/lexicon.ts";
import { loadLibrary } from "./load-library.ts";

const GENERIC_SHARE = 0.12;
const unigram = new Map<string, number>();
const bigram = new Map<string, number>();
const scenariosWith = new Map<string, number>();
const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const library = loadLibrary();
for (const s of library) {
  for (const text of [s.situation, s.buyerLine, s.idealResponse]) {
    for (const sentence of analyzeAnswer(text).sentences) {
      const seq = ["^", ...sentence.tokens.map((t) => t.cls), "$"];
      for (let i = 0; i < seq.length; i++) {
        add(unigram, seq[i]!);
        if (i > 0) add(bigram, `${seq[i - 1]} ${seq[i]}`);
      }
    }
  }
  for (const k of new Set(topicKeys(`${s.situation} ${s.buyerLine} ${s.idealResponse}`))) add(scenariosWith, k);
}
const total = [...unigram.values()].reduce((a, b) => a + b, 0);
const pairs = [...bigram.values()].reduce((a, b) => a + b, 0);
const round = (x: number) => Number(x.toPrecision(4));
const table = {
  classes: [...unigram.keys()].sort(),
  unigram: Object.fromEntries([...unigram].sort().map(([k, v]) => [k, round(v / total)])),
  bigram: Object.fromEntries([...bigram].sort().map(([k, v]) => [k, round(v / pairs)])),
  generic: [...scenariosWith].filter(([, n]) => n / library.length >= GENERIC_SHARE).map(([k]) => k).sort(),
};
const file = path.join(import.meta.dirname, "..", "src", "domain", "languageTables.json");
writeFileSync(file, `${JSON.stringify(table)}\n`);
console.log(`wrote ${path.relative(process.cwd(), file)}: ${table.classes.length} classes, ${bigram.size} pairs from ${total} words, ${table.generic.length} generic words`);
