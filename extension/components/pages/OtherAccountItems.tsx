// Work another account (token) queued in this browser waits for that token: said here, never
// listed (its labels are that rep's leads), never sent as whoever is signed in now.
import type { SyncSummary } from "@dq/shared";

export function OtherAccountItems({ summary }: { summary: SyncSummary | null }) {
  const other = summary?.otherAccounts;
  if (!other || other.items === 0) return null;
  const where = other.servers.length ? ` on ${other.servers.join(", ")}` : "";
  return (
    <p className="muted" role="status" data-testid="other-account-items">
      {other.items === 1 ? "1 item waits" : `${other.items} items wait`} for another account{where}: kept, and sent when that account's token is saved here
      again.
    </p>
  );
}
