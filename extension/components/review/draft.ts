// The review queue's form logic, without React: which fields a reviewer edits, what changed, and
// which field each complaint (from the form's own check, the background or the worker) is about.
import { PatchScenarioRequest, type DraftView, type ErrorIssue, type ScenarioSource } from "@dq/shared";

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

/** Per-field complaints: the first path segment naming an editable field (`["patch", "title"]`, `["situation"]`). */
export function issuesByField(issues: ReadonlyArray<Pick<ErrorIssue, "path" | "message">> | undefined): Partial<Record<EditableField, string>> {
  const out: Partial<Record<EditableField, string>> = {};
  for (const issue of issues ?? []) {
    const field = issue.path.find((p): p is EditableField => typeof p === "string" && (editableFields as readonly string[]).includes(p));
    if (field && !out[field]) out[field] = issue.message;
  }
  return out;
}

/** The form's own check, with the worker's rules (the same schema the background and the worker use). */
export function checkPatch(patch: Partial<DraftFields>): Partial<Record<EditableField, string>> {
  const parsed = PatchScenarioRequest.safeParse(patch);
  if (parsed.success) return {};
  return issuesByField(
    parsed.error.issues.map((i) => ({
      path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
      message: i.code === "too_small" ? `Write at least ${i.minimum} characters.` : i.code === "too_big" ? `Keep it under ${Number(i.maximum) + 1} characters.` : i.message,
    })),
  );
}
