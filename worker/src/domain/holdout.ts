// Experiment mode on the rep's side: which categories a rep is held out of in the current 4-week block, and
// the assignments still to store. An arm is drawn once per (rep × category × block) from the team's seed and
// stored; a stored arm always wins over a fresh draw (a manager who changes the holdout share mid-block
// changes only units not yet assigned), so what a rep was told and what the analysis counts never disagree.
import {
  type Category,
  type ExperimentArm,
  type ExperimentSettings,
  experimentCategories,
  experimentDefaults,
} from "@dq/shared";
import { assignArm, blockOf } from "./analytics/experiment.ts";
import { mondayOf } from "./analytics/period.ts";

/** The experiment as kept in the team's settings JSON (`experiment` key). */
export interface StoredExperiment {
  enabled: boolean;
  holdoutShare: number;
  /** The first block's Monday; null until the experiment is first switched on. */
  startedOn: string | null;
  /** The seed arms are drawn from (set once, with startedOn). */
  seed: string | null;
}

/** The experiment from the team's settings JSON; off with the default share when unset or invalid. */
export function storedExperiment(settingsJson: string): StoredExperiment {
  let raw: unknown;
  try {
    raw = (JSON.parse(settingsJson) as { experiment?: unknown } | null)?.experiment;
  } catch {
    raw = undefined;
  }
  const e = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const share = typeof e.holdoutShare === "number" && e.holdoutShare >= 0.05 && e.holdoutShare <= 0.5 ? e.holdoutShare : experimentDefaults.holdoutShare;
  const startedOn = typeof e.startedOn === "string" && /^\d{4}-\d{2}-\d{2}$/.test(e.startedOn) ? e.startedOn : null;
  const seed = typeof e.seed === "string" && e.seed.length > 0 ? e.seed : null;
  return { enabled: e.enabled === true && !!startedOn && !!seed, holdoutShare: share, startedOn, seed };
}

/** The experiment after a manager's change: switching it on the first time fixes its first Monday and its seed. */
export function changedExperiment(current: StoredExperiment, change: { enabled?: boolean; holdoutShare?: number }, now: Date, newSeed: () => string): StoredExperiment {
  const enabled = change.enabled ?? current.enabled;
  const startedOn = current.startedOn ?? (enabled ? mondayOf(now.toISOString().slice(0, 10)) : null);
  const seed = current.seed ?? (enabled ? newSeed() : null);
  return { enabled, holdoutShare: change.holdoutShare ?? current.holdoutShare, startedOn, seed };
}

/** The block a moment falls in, while the experiment runs; null when it is off (or the moment is before it). */
export function currentBlock(e: StoredExperiment, now: Date): { start: string; end: string } | null {
  if (!e.enabled || !e.startedOn) return null;
  const day = now.toISOString().slice(0, 10);
  if (day < e.startedOn) return null;
  return blockOf(day, e.startedOn);
}

/** What the API shows of the experiment's settings. */
export function experimentSettingsView(e: StoredExperiment, now: Date): ExperimentSettings {
  return { enabled: e.enabled, holdoutShare: e.holdoutShare, startedOn: e.startedOn, currentBlock: currentBlock(e, now) };
}

export interface StoredArm {
  memberId: string;
  category: string;
  arm: ExperimentArm;
}

export interface NewAssignment {
  teamId: string;
  memberId: string;
  category: Category;
  blockStart: string;
  arm: ExperimentArm;
  seed: string;
  holdoutShare: number;
}

/**
 * The arms of these reps in the block: stored ones as they are, the rest drawn now (to be stored by the caller
 * with INSERT OR IGNORE — if a concurrent request stored one first, its arm is the same draw unless the share
 * changed in between, and the stored one counts from then on).
 */
export function armsInBlock(
  e: StoredExperiment,
  teamId: string,
  memberIds: string[],
  blockStart: string,
  stored: StoredArm[],
): { arms: Map<string, Map<Category, ExperimentArm>>; toStore: NewAssignment[] } {
  const arms = new Map<string, Map<Category, ExperimentArm>>();
  const toStore: NewAssignment[] = [];
  const known = new Map(stored.map((s) => [`${s.memberId}|${s.category}`, s.arm]));
  for (const memberId of memberIds) {
    const mine = new Map<Category, ExperimentArm>();
    for (const category of experimentCategories) {
      let arm = known.get(`${memberId}|${category}`);
      if (!arm) {
        arm = assignArm(e.seed!, { teamId, memberId, category, blockStart }, e.holdoutShare);
        toStore.push({ teamId, memberId, category, blockStart, arm, seed: e.seed!, holdoutShare: e.holdoutShare });
      }
      mine.set(category, arm);
    }
    arms.set(memberId, mine);
  }
  return { arms, toStore };
}

/** The categories held out in a rep's arms. */
export function heldOutOf(arms: Map<Category, ExperimentArm> | undefined): Set<Category> {
  return new Set([...(arms ?? [])].filter(([, arm]) => arm === "holdout").map(([c]) => c));
}
