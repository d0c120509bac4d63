// What code on a CRM page may import. The page scripts carry no zod and no schemas (the background
// validates everything that crosses the network), no IndexedDB (it would open on the CRM's origin),
// and the always-on CRM script carries no UI library. The build enforces the byte budgets
// (wxt.config.ts); this test names the import that broke them.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const extension = path.resolve(import.meta.dirname, "..");

interface Import {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

/** The imports in a module's source: `import`/`export … from`, and bare `import "x"`. */
function importsIn(source: string, file: string): Import[] {
  const found: Import[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?([^;]*?)\s*from\s*["']([^"']+)["']/gm)) {
    // `import { type A, type B } from "x"` is type-only too; `import { a, type B }` is not.
    const names = /^\{([^}]*)\}$/.exec(m[2]!.trim())?.[1]?.split(",").map((s) => s.trim()).filter(Boolean);
    const typeOnly = Boolean(m[1]) || (names !== undefined && names.length > 0 && names.every((n) => n.startsWith("type ")));
    found.push({ from: file, specifier: m[3]!, typeOnly });
  }
  for (const m of source.matchAll(/^\s*import\s*["']([^"']+)["']/gm)) found.push({ from: file, specifier: m[1]!, typeOnly: false });
  return found;
}

/** Every module of ours an entrypoint loads at run time, with the imports each makes. */
function graphOf(entry: string): Import[] {
  const seen = new Set<string>();
  const all: Import[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of importsIn(readFileSync(file, "utf8"), file)) {
      all.push(imp);
      if (!imp.typeOnly && imp.specifier.startsWith(".")) visit(path.resolve(path.dirname(file), imp.specifier));
    }
  };
  visit(path.join(extension, "entrypoints", entry));
  return all;
}

const runtime = (imports: Import[], banned: RegExp) =>
  imports.filter((i) => !i.typeOnly && banned.test(i.specifier)).map((i) => `${path.relative(extension, i.from)} imports ${i.specifier}`);

describe("code on a CRM page", () => {
  it("the lead UI imports from shared/ only types and @dq/shared/terms, and nothing of zod or Dexie", () => {
    const graph = graphOf("lead-ui.content.tsx");
    expect(graph.length).toBeGreaterThan(20);
    expect(runtime(graph, /^(zod|@dq\/shared(?!\/terms$)|dexie)/)).toEqual([]);
  });

  it("the always-on CRM script also leaves out the UI library", () => {
    const graph = graphOf("crm.content.ts");
    expect(runtime(graph, /^(zod|@dq\/shared(?!\/terms$)|dexie|react|react-dom|preact)(\/|$)/)).toEqual([]);
  });

  it("catches a value import of the schemas (the check itself works)", () => {
    const banned = /^(zod|@dq\/shared(?!\/terms$))/;
    const check = (source: string) => runtime(importsIn(source, path.join(extension, "features", "probe.ts")), banned);
    expect(check('import { Lead, type X } from "@dq/shared";')).toHaveLength(1);
    expect(check('import { z } from "zod";')).toHaveLength(1);
    expect(check('import { type Lead, type X } from "@dq/shared";')).toEqual([]);
    expect(check('import type { Lead } from "@dq/shared";\nimport { personas } from "@dq/shared/terms";')).toEqual([]);
  });
});
