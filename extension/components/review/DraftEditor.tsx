// One draft under review: what it is and where it comes from, its fields to edit, what the score
// looks for, Save and Publish. Saves and publishes go through the outbox; a refusal is shown at the
// field it is about.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { categories, difficulties, personas, type DraftView, type ErrorIssue, type QueuedAction } from "@dq/shared";
import { MessageError, send } from "../../lib/messaging.ts";
import { timeAgo } from "../pages/hooks.ts";
import { categoryLabel, difficultyLabel, personaLabel } from "../training/labels.ts";
import { loopKeys } from "../training/queries.ts";
import {
  type ConversationFields,
  type DraftFields,
  type EditableField,
  type FormField,
  changedFields,
  checkPatch,
  conversationLabels,
  conversationOf,
  conversationPatch,
  fieldLabels,
  fieldsOf,
  issuesByField,
  sourceLabels,
} from "./draft.ts";
import { ChoiceField } from "../common/ChoiceField.tsx";

type Note = { tone: "ok" | "warn" | "bad"; text: string } | null;

const limits: Partial<Record<EditableField, number>> = { title: 120, situation: 2000, buyerLine: 1000, idealResponse: 3000 };
/** The shared schema's limits for the conversation's texts (a pushback, a model answer to it, the closing line). */
const conversationLimits = { pushback: 240, idealFollowUp: 400, closingLine: 240 } as const;
const fieldsetStyle = { border: "1px solid #dde3ee", borderRadius: 6, margin: "0 0 8px", padding: "4px 8px 8px" } as const;

export function DraftEditor({ draft, onPublished }: { draft: DraftView; onPublished(title: string): void }) {
  const id = useId();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [base, setBase] = useState<DraftFields>(() => fieldsOf(draft));
  const [form, setForm] = useState<DraftFields>(() => fieldsOf(draft));
  const [conversationBase, setConversationBase] = useState<ConversationFields>(() => conversationOf(draft));
  const [conversation, setConversation] = useState<ConversationFields>(() => conversationOf(draft));
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [note, setNote] = useState<Note>(null);
  const [busy, setBusy] = useState<"save" | "publish" | null>(null);
  const patch = { ...changedFields(base, form), ...conversationPatch(draft, conversationBase, conversation) };
  const dirty = Object.keys(patch).length > 0;

  const set = <F extends EditableField>(field: F, value: DraftFields[F]) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  /** Edits one text of the conversation (`rubric.0.pushback`, `pitfalls.1.pushback`, `closingLine`). */
  const setTalk = (field: FormField, value: string) => {
    setConversation((c) => {
      if (field === "closingLine") return { ...c, closingLine: value };
      const [list, i, key] = field.split(".") as ["rubric" | "pitfalls", string, "pushback" | "idealFollowUp"];
      if (list === "rubric") return { ...c, points: c.points.map((p, n) => (n === Number(i) ? { ...p, [key]: value } : p)) };
      return { ...c, pitfalls: c.pitfalls.map((p, n) => (n === Number(i) ? { pushback: value } : p)) };
    });
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const refused = (message: string, issues?: ReadonlyArray<Pick<ErrorIssue, "path" | "message">>) => {
    setErrors(issuesByField(issues));
    setNote({ tone: "bad", text: message });
  };

  /** Saves the changed fields; resolves with the outcome (null when the form's own check refused). */
  const save = async (): Promise<QueuedAction | null> => {
    const own = checkPatch(patch);
    if (Object.keys(own).length > 0) {
      setErrors(own);
      setNote({ tone: "bad", text: "Some fields need another look." });
      return null;
    }
    try {
      const res = await send({ type: "draft.save", id: draft.id, patch });
      if (res.status === "failed") refused(`Not saved: ${res.error.message}`, res.error.issues);
      else {
        setBase(form);
        setConversationBase(conversation);
        setNote(res.status === "done" ? { tone: "ok", text: "Saved." } : { tone: "warn", text: "Saved here; it syncs as soon as the server answers." });
      }
      return res;
    } catch (err) {
      refused(`Not saved: ${(err as Error).message}`, err instanceof MessageError ? err.issues : undefined);
      return null;
    } finally {
      void qc.invalidateQueries({ queryKey: ["drafts"] });
    }
  };

  const onSave = async (e: FormEvent) => {
    e.preventDefault();
    setBusy("save");
    await save();
    setBusy(null);
  };

  const onPublish = async () => {
    setBusy("publish");
    setNote(null);
    try {
      if (dirty) {
        const saved = await save();
        if (!saved || saved.status === "failed") return;
      }
      const res = await send({ type: "draft.publish", id: draft.id });
      if (res.status === "failed") refused(`Not published: ${res.error.message}`, res.error.issues);
      else if (res.status === "queued") setNote({ tone: "warn", text: "Publishing as soon as the server answers (it waits in the outbox)." });
      else {
        onPublished(form.title);
        void qc.invalidateQueries({ queryKey: ["scenarios"] });
        void qc.invalidateQueries({ queryKey: loopKeys.recommendations });
      }
    } catch (err) {
      refused(`Not published: ${(err as Error).message}`);
    } finally {
      setBusy(null);
      void qc.invalidateQueries({ queryKey: ["drafts"] });
    }
  };

  const fieldId = (f: FormField) => `${id}-${f.replace(/\./g, "-")}`;
  const errorFor = (f: FormField) =>
    errors[f] ? (
      <div className="field-error" id={`${fieldId(f)}-error`}>
        {errors[f]}
      </div>
    ) : null;
  const described = (f: FormField) => (errors[f] ? { "aria-invalid": true, "aria-describedby": `${fieldId(f)}-error` } : {});
  const text = (f: "title" | "situation" | "buyerLine" | "idealResponse", multiline: boolean) => (
    <div>
      <label htmlFor={fieldId(f)}>{fieldLabels[f]}</label>
      {multiline ? (
        <textarea id={fieldId(f)} value={form[f]} maxLength={limits[f]} onChange={(e) => set(f, e.target.value)} {...described(f)} />
      ) : (
        <input id={fieldId(f)} type="text" value={form[f]} maxLength={limits[f]} onChange={(e) => set(f, e.target.value)} {...described(f)} />
      )}
      {errorFor(f)}
    </div>
  );

  // One text of the conversation; empty means none, so the label says what it is for and the hint says so once.
  const talk = (f: FormField, label: string, value: string, max: number) => (
    <div>
      <label htmlFor={fieldId(f)}>{label}</label>
      <textarea id={fieldId(f)} rows={2} style={{ minHeight: 48 }} value={value} maxLength={max} onChange={(e) => setTalk(f, e.target.value)} {...described(f)} />
      {errorFor(f)}
    </div>
  );

  // The vocabulary's fields always hold a value, so the select never offers "none".
  const choice = <F extends "category" | "difficulty" | "persona">(f: F, options: readonly DraftFields[F][], labelOf: (v: DraftFields[F]) => string, className?: string) => (
    <ChoiceField
      className={className}
      id={fieldId(f)}
      label={fieldLabels[f]}
      value={form[f]}
      options={options}
      labelOf={labelOf}
      onChange={(v) => v && set(f, v)}
    />
  );

  return (
    <li className="card" data-testid="draft" data-source={draft.source}>
      <div className="row">
        <strong className="grow">{draft.title}</strong>
        <span className="badge">{sourceLabels[draft.source]}</span>
      </div>
      <div className="row muted small" style={{ marginTop: 4 }}>
        <span className={`badge ${draft.difficulty}`}>{difficultyLabel(draft.difficulty)}</span>
        <span>{categoryLabel(draft.category)}</span>·<span>{personaLabel(draft.persona)}</span>·
        <span>
          {draft.authorName ? `by ${draft.authorName}` : "drafted by Deal Quest"}, {timeAgo(draft.createdAt)}
        </span>
      </div>
      {draft.unsynced.length > 0 && (
        <p className="warn small status-line">{draft.unsynced.includes("publish") ? "Publishing once the server answers." : "Your edits are saved here and wait to sync."}</p>
      )}
      {!open && note?.tone === "ok" && <p className="ok small status-line">{note.text}</p>}
      <div className="actions">
        <button type="button" aria-expanded={open} aria-controls={`${id}-form`} onClick={() => setOpen((o) => !o)}>
          {open ? "Close" : "Review"}
        </button>
      </div>
      {open && (
        <form id={`${id}-form`} className="draft-form" onSubmit={onSave} noValidate aria-label={`Edit “${draft.title}”`}>
          {text("title", false)}
          <div className="row">
            {choice("category", categories, categoryLabel, "grow")}
            {choice("difficulty", difficulties, difficultyLabel, "grow")}
          </div>
          {choice("persona", personas, personaLabel)}
          {text("situation", true)}
          {text("buyerLine", true)}
          {text("idealResponse", true)}
          {draft.rubric.length > 0 && (
            <section aria-labelledby={`${id}-conversation`}>
              <h3 className="small" id={`${id}-conversation`} style={{ margin: "10px 0 4px" }}>
                What the score looks for, and how the buyer pushes back
              </h3>
              <p className="muted small" style={{ margin: "0 0 6px" }}>
                When an answer misses a point (or makes a pitfall), the buyer says the pushback next and a good answer to it is scored. Leave a field empty for none.
              </p>
              {draft.rubric.map((k, i) => (
                <fieldset key={k.id} data-testid="key-point" style={fieldsetStyle}>
                  <legend>{k.point}</legend>
                  {talk(`rubric.${i}.pushback`, conversationLabels.pushback, conversation.points[i]?.pushback ?? "", conversationLimits.pushback)}
                  {talk(`rubric.${i}.idealFollowUp`, conversationLabels.idealFollowUp, conversation.points[i]?.idealFollowUp ?? "", conversationLimits.idealFollowUp)}
                </fieldset>
              ))}
              {draft.pitfalls.map((p, i) => (
                <fieldset key={p.id} data-testid="pitfall" style={fieldsetStyle}>
                  <legend>Pitfall: {p.move}</legend>
                  {talk(`pitfalls.${i}.pushback`, conversationLabels.pushback, conversation.pitfalls[i]?.pushback ?? "", conversationLimits.pushback)}
                </fieldset>
              ))}
              {talk("closingLine", conversationLabels.closingLine, conversation.closingLine, conversationLimits.closingLine)}
            </section>
          )}
          {note && (
            <p className={`${note.tone} status-line`} role={note.tone === "bad" ? "alert" : "status"}>
              {note.text}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={!dirty || busy !== null}>
              {busy === "save" ? "Saving…" : "Save changes"}
            </button>
            <button type="button" className="primary" disabled={busy !== null || draft.unsynced.includes("publish")} onClick={() => void onPublish()}>
              {busy === "publish" ? "Publishing…" : dirty ? "Save and publish" : "Publish to team"}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
