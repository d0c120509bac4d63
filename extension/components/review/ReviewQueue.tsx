// The side panel's review tab: a manager's queue of the team's drafts (from won deals, the casebook
// and company knowledge), or a rep's own drafts, to check, edit and publish to the team's scenarios.
import { useState } from "react";
import { scenarioSources, type ScenarioSource } from "@dq/shared";
import { OfflineNote } from "../training/OfflineNote.tsx";
import { useDrafts, useMe } from "../training/queries.ts";
import { DraftEditor } from "./DraftEditor.tsx";
import { sourceLabels } from "./draft.ts";

export function ReviewQueue() {
  const me = useMe();
  const manager = me.data?.data.member.role === "manager";
  const scope = me.data ? (manager ? "team" : "mine") : undefined;
  const drafts = useDrafts(scope);
  const [source, setSource] = useState<ScenarioSource | "">("");
  const [published, setPublished] = useState<string | null>(null);
  const error = (me.error ?? drafts.error) as Error | null;
  const list = (drafts.data?.data ?? []).filter((d) => !source || d.source === source);

  return (
    <section aria-labelledby="review-title">
      <h1 id="review-title">{manager ? "Review queue" : "Your drafts"}</h1>
      <p className="muted small">
        {manager
          ? "Drafts from your team's won deals, casebook and company knowledge. Check the wording, then publish: the team can practise it right away."
          : "Scenarios drafted from the deals you agreed to share. Check them, then publish them for your team (or leave them to your manager)."}
      </p>
      {published && (
        <p className="ok" role="status" data-testid="published">
          Published “{published}”. Your team finds it under Train.
        </p>
      )}
      <OfflineNote cached={drafts.data} what="the drafts" />
      {error && (
        <p className="bad" role="alert">
          {error.message}
        </p>
      )}
      {drafts.data && drafts.data.data.length > 0 && (
        <div>
          <label htmlFor="draft-source">Source</label>
          <select id="draft-source" value={source} onChange={(e) => setSource(e.target.value as ScenarioSource | "")}>
            <option value="">All sources</option>
            {scenarioSources
              .filter((s) => s !== "library")
              .map((s) => (
                <option key={s} value={s}>
                  {sourceLabels[s]}
                </option>
              ))}
          </select>
        </div>
      )}
      {(me.isPending || drafts.isPending) && !error && <p className="muted">Loading drafts…</p>}
      {drafts.data && list.length === 0 && <p className="muted">{source ? "No drafts from this source." : "No drafts waiting. New ones appear after a won deal is shared or the 6-hourly schedule drafts from the casebook."}</p>}
      <ul className="plain" aria-label="Drafts">
        {list.map((d) => (
          <DraftEditor key={d.id} draft={d} onPublished={setPublished} />
        ))}
      </ul>
    </section>
  );
}
