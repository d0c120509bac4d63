// Reads and validates the authored scenario library (Node side: generators and seeds).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LibraryScenario } from "../../shared/src/index.ts";

export const libraryDir = path.join(import.meta.dirname, "..", "library", "scenarios");

export function loadLibrary(): LibraryScenario[] {
  return readdirSync(libraryDir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => {
      const items = JSON.parse(readFileSync(path.join(libraryDir, f), "utf8")) as unknown[];
      return items.map((item, i) => {
        const parsed = LibraryScenario.safeParse(item);
        if (!parsed.success) throw new Error(`${f}[${i}]: ${parsed.error.message}`);
        return parsed.data;
      });
    });
}
