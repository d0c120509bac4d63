// The crm_feature_switches table: which record-page features are switched off on which CRM. One
// list for every team, so it lives in the directory database (db/placement.ts: databaseFor(env, null)).
import type { CrmFeatureOff, SwitchCrmFeatureRequest } from "@dq/shared";
import type { Db } from "./client.ts";

interface SwitchRow {
  crm: CrmFeatureOff["crm"];
  feature: CrmFeatureOff["feature"];
  reason: string;
  switched_off_at: string;
}

/** Every feature switched off, by CRM then feature (a handful of rows at most). */
export async function featuresOff(db: Db): Promise<CrmFeatureOff[]> {
  const rows = await db.all<SwitchRow>("SELECT crm, feature, reason, switched_off_at FROM crm_feature_switches ORDER BY crm, feature");
  return rows.map((r) => ({ crm: r.crm, feature: r.feature, reason: r.reason, since: r.switched_off_at }));
}

/** Switches one feature off (keeping the first time it went off, updating the reason) or back on. */
export function switchStatement(db: Db, s: SwitchCrmFeatureRequest, now: string): D1PreparedStatement {
  return s.off
    ? db.stmt(
        "INSERT INTO crm_feature_switches (crm, feature, reason, switched_off_at) VALUES (?, ?, ?, ?) ON CONFLICT (crm, feature) DO UPDATE SET reason = excluded.reason",
        s.crm,
        s.feature,
        s.reason,
        now,
      )
    : db.stmt("DELETE FROM crm_feature_switches WHERE crm = ? AND feature = ?", s.crm, s.feature);
}
