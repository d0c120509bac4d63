// Loads a saved CRM page (tests/fixtures/crm/*.html) into the test's document (happy-dom).
import { readFileSync } from "node:fs";
import path from "node:path";

export const FIXTURES = path.resolve(import.meta.dirname, "../../tests/fixtures/crm");

export function loadFixture(name: string): Document {
  const html = readFileSync(path.join(FIXTURES, name), "utf8");
  const inner = /<html[^>]*>([\s\S]*)<\/html>/i.exec(html)?.[1] ?? html;
  document.documentElement.innerHTML = inner;
  return document;
}
