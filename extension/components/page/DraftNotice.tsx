// After a won outcome the rep agreed to share: what became of the team scenario draft, and where
// it will be reviewed. Follows the draft live (waiting → made, or failed). It reports and asks
// nothing, so it is a status message in the popup's place rather than a dialog.
import { useEffect, useId, useRef, type KeyboardEvent } from "react";
import type { ScenarioDraftState } from "@dq/shared";
import { draftLine } from "./format.ts";

export function DraftNotice({ draft, onClose }: { draft: ScenarioDraftState; onClose(): void }) {
  const id = useId();
  const done = useRef<HTMLButtonElement>(null);
  useEffect(() => done.current?.focus(), []);
  const line = draftLine(draft);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onClose();
    }
  };
  return (
    <section className="dq dialog" role="status" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown} data-testid="draft-notice" data-draft-state={draft.state}>
      <h2 id={`${id}-title`}>Outcome saved — thank you for sharing it</h2>
      <p className={line.tone === "bad" ? "alert" : undefined} data-testid="draft-line">
        {line.text}
      </p>
      <p className="muted">Names, companies, amounts, dates and contact details are replaced before anyone else sees it.</p>
      <div className="actions">
        <button ref={done} type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </section>
  );
}
