// The review queue's form logic, without React: which fields a reviewer edits, what changed, and
// which field each complaint (from the form's own check, the background or the worker) is about.
import { PatchScenarioRequest, type DraftView, type ErrorIssue, type RubricKeyPoint, type RubricPitfall, type ScenarioSource } from "@dq/shared";

export const editableFields = ["title", "category", "difficulty", "persona", "situation", "buyerLine", "idealResponse"] as const;
export type EditableField = (typeof editableFields)[number];
export type DraftFields = Pick<DraftView, EditableField>;

export const fieldLabels: Record<EditableField, string> = {
  title: "Title",
  category: "Category",
  difficulty: "Difficulty",
  persona: "Buyer type",
  situation: "Situation",
  buyerLine: "What the buyer says",
  idealResponse: "Ideal response",
};

export const sourceLabels: Record<ScenarioSource, string> = {
  deal: "From a won deal",
  casebook: "From the casebook",
  knowledge: "From company knowledge",
  library: "Library",
};

export const fieldsOf = (d: DraftFields): DraftFields => ({
  title: d.title,
  category: d.category,
  difficulty: d.difficulty,
  persona: d.persona,
  situation: d.situation,
  buyerLine: d.buyerLine,
  idealResponse: d.idealResponse,
});

/** The fields the reviewer changed (texts compared trimmed, as the worker stores them). */
export function changedFields(base: DraftFields, edited: DraftFields): Partial<DraftFields> {
  const patch: Partial<Record<EditableField, string>> = {};
  for (const f of editableFields) {
    const value = typeof edited[f] === "string" ? edited[f].trim() : edited[f];
    if (value !== (typeof base[f] === "string" ? base[f].trim() : base[f])) patch[f] = value;
  }
  return patch as Partial<DraftFields>;
}

// ── The practice conversation: what the buyer says when an answer misses a point or makes a pitfall ──

/** The conversation's texts as the reviewer edits them; an empty text means none (the buyer does not push there). */
export interface ConversationFields {
  /** What the buyer says after a strong answer. */
  closingLine: string;
  /** Per key point (in rubric order): the buyer's pushback when an answer misses it, and a good answer to that. */
  points: { pushback: string; idealFollowUp: string }[];
  /** Per pitfall (in order): the buyer's pushback when an answer makes that move. */
  pitfalls: { pushback: string }[];
}

/** A form field of the conversation: `closingLine`, `rubric.0.pushback`, `rubric.0.idealFollowUp`, `pitfalls.1.pushback`. */
export type ConversationField = "closingLine" | `rubric.${number}.${"pushback" | "idealFollowUp"}` | `pitfalls.${number}.pushback`;
export type FormField = EditableField | ConversationField;

export const conversationLabels = {
  pushback: "Buyer pushes back with",
  idealFollowUp: "A good answer to that",
  closingLine: "Buyer's closing line (after a strong answer)",
} as const;

export const conversationOf = (d: Pick<DraftView, "rubric" | "pitfalls" | "closingLine">): ConversationFields => ({
  closingLine: d.closingLine ?? "",
  points: d.rubric.map((k) => ({ pushback: k.pushback ?? "", idealFollowUp: k.idealFollowUp ?? "" })),
  pitfalls: d.pitfalls.map((p) => ({ pushback: p.pushback ?? "" })),
});

/** A text set, or left out when empty (trimmed, as the worker stores texts). */
function withText<T extends object, K extends string>(o: T, key: K, value: string): T {
  const { [key]: _old, ...rest } = o as Record<string, unknown>;
  const t = value.trim();
  return (t ? { ...rest, [key]: t } : rest) as T;
}

const same = (a: string, b: string) => a.trim() === b.trim();

/**
 * The conversation's part of the PATCH: the whole rubric (or pitfalls list) when any of its pushbacks changed, with
 * each point's pushback and model answer as edited (empty: removed); the closing line when it changed (empty: null).
 */
export function conversationPatch(
  d: Pick<DraftView, "rubric" | "pitfalls">,
  base: ConversationFields,
  edited: ConversationFields,
): Partial<Pick<PatchScenarioRequest, "rubric" | "pitfalls" | "closingLine">> {
  const patch: Partial<Pick<PatchScenarioRequest, "rubric" | "pitfalls" | "closingLine">> = {};
  const pointChanged = edited.points.some((e, i) => !same(e.pushback, base.points[i]?.pushback ?? "") || !same(e.idealFollowUp, base.points[i]?.idealFollowUp ?? ""));
  if (pointChanged)
    patch.rubric = d.rubric.map((k, i): RubricKeyPoint => withText(withText(k, "pushback", edited.points[i]?.pushback ?? ""), "idealFollowUp", edited.points[i]?.idealFollowUp ?? ""));
  const pitfallChanged = edited.pitfalls.some((e, i) => !same(e.pushback, base.pitfalls[i]?.pushback ?? ""));
  if (pitfallChanged) patch.pitfalls = d.pitfalls.map((p, i): RubricPitfall => withText(p, "pushback", edited.pitfalls[i]?.pushback ?? ""));
  if (!same(edited.closingLine, base.closingLine)) patch.closingLine = edited.closingLine.trim() || null;
  return patch;
}

/** The form field an issue path is about, if it is one the form shows. */
function fieldOf(path: ReadonlyArray<string | number>): FormField | undefined {
  const simple = path.find((p): p is EditableField => typeof p === "string" && (editableFields as readonly string[]).includes(p));
  if (simple) return simple;
  const at = path.findIndex((p) => p === "closingLine" || p === "rubric" || p === "pitfalls");
  const [head, i, key] = at < 0 ? [] : path.slice(at);
  if (head === "closingLine") return "closingLine";
  if (head === "rubric" && typeof i === "number" && (key === "pushback" || key === "idealFollowUp")) return `rubric.${i}.${key}`;
  if (head === "pitfalls" && typeof i === "number" && key === "pushback") return `pitfalls.${i}.pushback`;
  return undefined;
}

/** Per-field complaints: the field an issue's path names (`["patch", "title"]`, `["situation"]`, `["rubric", 0, "pushback"]`). */
export function issuesByField(issues: ReadonlyArray<Pick<ErrorIssue, "path" | "message">> | undefined): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const issue of issues ?? []) {
    const field = fieldOf(issue.path);
    if (field && !out[field]) out[field] = issue.message;
  }
  return out;
}

/** The form's own check, with the worker's rules (the same schema the background and the worker use). */
export function checkPatch(patch: Partial<DraftFields> & Partial<Pick<PatchScenarioRequest, "rubric" | "pitfalls" | "closingLine">>): Partial<Record<FormField, string>> {
  const parsed = PatchScenarioRequest.safeParse(patch);
  if (parsed.success) return {};
  return issuesByField(
    parsed.error.issues.map((i) => {
      // A conversation text may be empty (none), so a too-short one says so.
      const optional = i.path.some((p) => p === "closingLine" || p === "pushback" || p === "idealFollowUp");
      const message =
        i.code === "too_small"
          ? `Write at least ${i.minimum} characters${optional ? ", or leave it empty for none" : ""}.`
          : i.code === "too_big"
            ? `Keep it under ${Number(i.maximum) + 1} characters.`
            : i.message;
      return { path: i.path.map((p) => (typeof p === "number" ? p : String(p))), message };
    }),
  );
}
