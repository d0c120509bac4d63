// Server data read through the background: fresh from the worker when it answers, from IndexedDB
// when it does not (offline reading of scenarios, the rep's profile, the vocabulary).
import type { Scenario, ScenarioListQuery, ScenarioSummary } from "@dq/shared";
import type { ApiError } from "./api.ts";
import type { DealQuestDb } from "./db.ts";

export interface Cached<T> {
  data: T;
  offline: boolean;
  cachedAt: string | null;
}

/** Errors that mean "the worker cannot be asked now" (rather than "the worker said no"). */
export function isUnreachable(err: unknown): boolean {
  const e = err as ApiError;
  return e?.name === "ApiError" && (e.status === 0 || e.status >= 500);
}

export async function cachedValue<T>(db: DealQuestDb, key: string, fetcher: () => Promise<T>, now = Date.now): Promise<Cached<T>> {
  try {
    const data = await fetcher();
    const cachedAt = new Date(now()).toISOString();
    await db.cache.put({ key, value: data, cachedAt });
    return { data, offline: false, cachedAt };
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    const row = await db.cache.get(key);
    if (!row) throw err;
    return { data: row.value as T, offline: true, cachedAt: row.cachedAt };
  }
}

export async function cachedScenarioList(
  db: DealQuestDb,
  query: ScenarioListQuery,
  fetcher: () => Promise<ScenarioSummary[]>,
  now = Date.now,
): Promise<Cached<ScenarioSummary[]>> {
  try {
    const list = await fetcher();
    const cachedAt = new Date(now()).toISOString();
    await db.transaction("rw", db.scenarios, async () => {
      for (const summary of list) {
        const existing = await db.scenarios.get(summary.id);
        await db.scenarios.put({ id: summary.id, summary, detail: existing?.detail ?? null, cachedAt });
      }
    });
    return { data: list, offline: false, cachedAt };
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    const rows = await db.scenarios.toArray();
    if (rows.length === 0) throw err;
    const list = rows
      .map((r) => r.summary)
      .filter((s) => (!query.category || s.category === query.category) && (!query.difficulty || s.difficulty === query.difficulty) && (!query.persona || s.persona === query.persona) && (!query.source || s.source === query.source) && (!query.status || s.status === query.status))
      .sort((a, b) => a.title.localeCompare(b.title));
    const cachedAt = rows.map((r) => r.cachedAt).sort()[0]!; // the oldest copy shown
    return { data: list, offline: true, cachedAt };
  }
}

export async function cachedScenario(db: DealQuestDb, id: string, fetcher: () => Promise<Scenario>, now = Date.now): Promise<Cached<Scenario>> {
  try {
    const detail = await fetcher();
    const cachedAt = new Date(now()).toISOString();
    const { situation: _s, buyerLine: _b, keyPoints: _k, idealResponse: _i, attempts: _a, bestScore: _best, ...summary } = detail;
    await db.scenarios.put({ id, summary, detail, cachedAt });
    return { data: detail, offline: false, cachedAt };
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    const row = await db.scenarios.get(id);
    if (!row?.detail) throw err;
    return { data: row.detail, offline: true, cachedAt: row.cachedAt };
  }
}

/** Cache keys (the `cache` table) of the lists the side panel, the popup and record pages read. */
export const CACHE_KEYS = {
  me: "me",
  vocabulary: "vocabulary",
  weakAreas: "loop:weak-areas",
  recommendations: "loop:recommendations",
  nudges: "loop:nudges",
  pending: "loop:pending-outcomes",
  drafts: (scope: "team" | "mine") => `loop:drafts:${scope}`,
  leadPending: (leadKey: string) => `pending:${leadKey}`,
  leadNudges: (leadKey: string) => `nudges:${leadKey}`,
  analytics: (who: "team" | "me", query: { from?: string; to?: string }) => `analytics:${who}:${query.from ?? ""}:${query.to ?? ""}`,
  experiment: "analytics:experiment",
};
