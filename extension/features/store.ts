// The record page's state, shared by its features and their React views.
import type { LeadView, Nudge, PendingOutcome, ScenarioDraftState, SyncSummary } from "@dq/shared";
import type { LeadReading } from "../crm/types.ts";

export interface LeadState {
  /** What the page shows; null until the first reading. */
  reading: LeadReading | null;
  /** What the background knows (local + worker); null until it answered. */
  view: LeadView | null;
  sync: SyncSummary | null;
  /** The last problem talking to the background, in words. */
  problem: string | null;
  /** Whether the outcome popup opened by itself on arrival ("pending" until the stage watcher decided). */
  autoPrompt: "pending" | "opened" | "skipped";
  /** A closure the CRM reported (webhook) that awaits the rep's answers; undefined until asked. */
  pending: PendingOutcome | null | undefined;
  /** The rep's open nudges about this lead. */
  nudges: Nudge[];
  /** The team scenario the rep agreed to make from this deal, if any. */
  draft: ScenarioDraftState | null;
}

export interface LeadStore {
  get(): LeadState;
  set(patch: Partial<LeadState>): void;
  subscribe(listener: () => void, signal?: AbortSignal): () => void;
}

export function createLeadStore(initial: Partial<LeadState> = {}): LeadStore {
  let state: LeadState = { reading: null, view: null, sync: null, problem: null, autoPrompt: "pending", pending: undefined, nudges: [], draft: null, ...initial };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const l of [...listeners]) l();
    },
    subscribe(listener, signal) {
      listeners.add(listener);
      const off = () => listeners.delete(listener);
      signal?.addEventListener("abort", off);
      return off;
    },
  };
}
