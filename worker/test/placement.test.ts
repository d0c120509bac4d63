// The database seam (db/placement.ts, docs/scaling.md): the one place a D1 binding is read, so
// moving teams to their own databases changes one function. A source check, in the suite's terms.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { databaseFor, everyDatabase } from "../src/db/placement.ts";

const sources = import.meta.glob<string>("../src/**/*.ts", { query: "?raw", import: "default", eager: true });

describe("database placement", () => {
  it("is the only source that reads the D1 binding or builds a Db from one", () => {
    const files = Object.keys(sources).filter((f) => !f.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(20);
    const offenders: string[] = [];
    for (const file of files) {
      if (file.endsWith("/db/placement.ts")) continue;
      const lines = sources[file]!.split("\n");
      lines.forEach((line, i) => {
        if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may name the binding
        // `env.DB`, `c.env.DB`, `env["DB"]`, a destructured `{ DB }`, or a Db built from anything but the seam.
        if (/\.DB\b|\[["']DB["']\]|\{\s*DB\b|\bDB\s*\}/.test(line) || (/new Db\(/.test(line) && !/new Db\((databaseFor|d1\b)/.test(line))) {
          offenders.push(`${file.replace("../src/", "src/")}:${i + 1}: ${line.trim()}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });

  it("today puts the directory and every team in the one database", () => {
    expect(databaseFor(env, null)).toBe(env.DB);
    expect(databaseFor(env, "team_anything")).toBe(env.DB);
    expect(everyDatabase(env)).toEqual([env.DB]);
  });
});
