// What waits to sync and what failed (with the server's message), with Retry / Discard: nothing a
// rep recorded disappears without them seeing it.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { OutboxItemView } from "@dq/shared";
import { send } from "../../lib/messaging.ts";
import { timeAgo, useSyncSummary } from "./hooks.ts";

export function OutboxList({ showSent = false }: { showSent?: boolean }) {
  const summary = useSyncSummary();
  const qc = useQueryClient();
  const { data } = useQuery({ queryKey: ["outbox", summary], queryFn: () => send({ type: "outbox.list" }) });
  const items = (data?.items ?? []).filter((i) => showSent || i.state !== "sent");
  const refresh = () => qc.invalidateQueries({ queryKey: ["outbox"] });
  if (items.length === 0) return <p className="muted">Nothing waiting to sync.</p>;
  return (
    <ul className="plain" aria-label="Outbox">
      {items.map((i) => (
        <OutboxRow key={i.id} item={i} onChanged={refresh} />
      ))}
    </ul>
  );
}

function OutboxRow({ item, onChanged }: { item: OutboxItemView; onChanged(): void }) {
  const state = item.state === "failed" ? <span className="bad">Failed</span> : item.state === "sent" ? <span className="ok">Synced</span> : <span className="warn">Waiting</span>;
  return (
    <li className="card" data-testid={`outbox-${item.state}`}>
      <div className="row">
        <strong className="grow">{item.label}</strong>
        {state}
      </div>
      <div className="muted">
        Saved {timeAgo(item.createdAt)}
        {item.attempts > 0 ? ` · ${item.attempts} attempt${item.attempts > 1 ? "s" : ""}` : ""}
      </div>
      {item.lastError && item.state !== "sent" && (
        <div className={item.state === "failed" ? "bad" : "muted"}>
          {item.lastError.status ? `Server said (${item.lastError.status}): ` : ""}
          {item.lastError.message}
        </div>
      )}
      {item.state === "failed" && (
        <div className="row" style={{ marginTop: 6 }}>
          <button type="button" onClick={() => void send({ type: "outbox.retry", id: item.id }).then(onChanged)}>
            Retry
          </button>
          <button type="button" onClick={() => confirm("Discard this item? It will not reach Deal Quest.") && void send({ type: "outbox.discard", id: item.id }).then(onChanged)}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}
