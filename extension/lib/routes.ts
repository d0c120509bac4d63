// The side panel's hash routes, parsed and built in one place (deep links from the page, the
// popup, and later nudges use these). Unknown or malformed routes fall back to the training list.
import type { Category, Difficulty, Persona } from "@dq/shared";
import { categories, difficulties, personas } from "@dq/shared/terms";

export type SidePanelRoute =
  | { name: "train"; category?: Category; difficulty?: Difficulty }
  | { name: "scenario"; id: string }
  /** The same scenario as a conversation: the buyer answers back (up to three turns). */
  | { name: "conversation"; id: string }
  /** "Practice" from a lead: pick a fitting scenario (persona + category), else the filtered list. */
  | { name: "practice"; category?: Category; persona?: Persona; lead?: string }
  /** Today: open nudges and CRM-reported closures awaiting the rep's answers. */
  | { name: "today" }
  /** Log the outcome of a CRM-reported closure whose record has no URL to open (the worker's lead id). */
  | { name: "outcome"; leadId: string }
  | { name: "progress" }
  /** Drafts to review and publish (the team's for a manager, the rep's own otherwise). */
  | { name: "review" };

const pick = <T extends string>(list: readonly T[], v: string | null): T | undefined => (v && (list as readonly string[]).includes(v) ? (v as T) : undefined);

export function parseRoute(hash: string): SidePanelRoute {
  const raw = hash.replace(/^#/, "") || "/train";
  const [path = "", query = ""] = raw.split("?", 2);
  const params = new URLSearchParams(query);
  const scenario = /^\/scenario\/([^/]{1,64})$/.exec(path);
  if (scenario) {
    try {
      return { name: "scenario", id: decodeURIComponent(scenario[1]!) };
    } catch {
      return { name: "train" };
    }
  }
  const conversation = /^\/conversation\/([^/]{1,64})$/.exec(path);
  if (conversation) {
    try {
      return { name: "conversation", id: decodeURIComponent(conversation[1]!) };
    } catch {
      return { name: "train" };
    }
  }
  const outcome = /^\/outcome\/([^/]{1,64})$/.exec(path);
  if (outcome) {
    try {
      return { name: "outcome", leadId: decodeURIComponent(outcome[1]!) };
    } catch {
      return { name: "today" };
    }
  }
  if (path === "/today" || path === "/progress" || path === "/review") return { name: path.slice(1) as "today" | "progress" | "review" };
  if (path === "/practice") {
    return clean({ name: "practice", category: pick(categories, params.get("category")), persona: pick(personas, params.get("persona")), lead: params.get("lead")?.slice(0, 200) || undefined });
  }
  return clean({ name: "train", category: pick(categories, params.get("category")), difficulty: pick(difficulties, params.get("difficulty")) });
}

export function routeHash(route: SidePanelRoute): string {
  if (route.name === "scenario") return `#/scenario/${encodeURIComponent(route.id)}`;
  if (route.name === "conversation") return `#/conversation/${encodeURIComponent(route.id)}`;
  if (route.name === "outcome") return `#/outcome/${encodeURIComponent(route.leadId)}`;
  const { name, ...rest } = route;
  const params = new URLSearchParams(Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const q = params.toString();
  return `#/${name}${q ? `?${q}` : ""}`;
}

function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
