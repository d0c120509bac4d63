// Which scenarios a member may see, as SQL beside the table (used by the scenario list, practice attempts and
// conversations alike).
import type { Principal } from "../http/auth.ts";

/**
 * SQL (with its parameters) for the scenarios a member may see: the published global library, the
 * team's published scenarios, and the team's drafts when the member wrote them or is a manager.
 */
export function visibleScenarios(p: Principal): { sql: string; params: string[] } {
  if (p.member.role === "manager") {
    return { sql: "((team_id IS NULL AND status = 'published') OR team_id = ?)", params: [p.team.id] };
  }
  return {
    sql: "((team_id IS NULL AND status = 'published') OR (team_id = ? AND (status = 'published' OR author_id = ?)))",
    params: [p.team.id, p.member.id],
  };
}
