// The team's playbook: the default strategies and tactics plus the team's own additions
// (stored in team settings as `{"strategies": [...], "tactics": [...]}`).
import { defaultStrategies, defaultTactics, type PlaybookEntry } from "@dq/shared";

export interface PlaybookItem extends PlaybookEntry {
  custom: boolean;
}

export interface Playbook {
  strategies: PlaybookItem[];
  tactics: PlaybookItem[];
}

function parseSettings(settings: string): Record<string, unknown> {
  try {
    const v = JSON.parse(settings) as unknown;
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function customEntries(value: unknown): PlaybookItem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((e): e is PlaybookEntry => !!e && typeof e === "object" && typeof (e as PlaybookEntry).id === "string")
    .map((e) => ({ id: e.id, label: e.label ?? e.id, description: e.description ?? "", custom: true }));
}

export function teamPlaybook(settings: string): Playbook {
  const s = parseSettings(settings);
  const merge = (defaults: PlaybookEntry[], extra: PlaybookItem[]) => {
    const known = new Set(defaults.map((d) => d.id));
    return [...defaults.map((d) => ({ ...d, custom: false })), ...extra.filter((e) => !known.has(e.id))];
  };
  return {
    strategies: merge(defaultStrategies, customEntries(s.strategies)),
    tactics: merge(defaultTactics, customEntries(s.tactics)),
  };
}
