// Says that a view shows the last state Deal Quest saw, and when that was (reads are cached offline).
import { timeAgo } from "../pages/hooks.ts";

export function OfflineNote({ cached, what }: { cached: { offline: boolean; cachedAt: string | null } | undefined; what: string }) {
  if (!cached?.offline) return null;
  return (
    <p className="banner" role="status">
      Offline: showing {what} as of {timeAgo(cached.cachedAt)}.
    </p>
  );
}
