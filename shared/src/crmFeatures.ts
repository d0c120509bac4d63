// The kill switch for when a CRM redesigns: operators switch a record-page feature off for one CRM
// (the page changed and the feature would misread it); the extension skips it on the next record
// visit, well before a fixed release reaches the reps. The ids are the record-page features'
// (extension/features/registry.ts; a test keeps the two lists equal).
import { z } from "zod";
import { Timestamp } from "./common.ts";
import { Crm } from "./vocabulary.ts";

export const crmFeatureIds = ["lead-sync", "adaptive-loop", "outcome-popup", "lead-panel", "stage-watcher"] as const;
export const CrmFeature = z.enum(crmFeatureIds);
export type CrmFeature = z.infer<typeof CrmFeature>;

/** One feature switched off on one CRM. */
export const CrmFeatureOff = z.object({
  crm: Crm,
  feature: CrmFeature,
  /** Why, for the managers who see the list ("HubSpot's new deal page moved the stage field"). */
  reason: z.string(),
  since: Timestamp,
});
export type CrmFeatureOff = z.infer<typeof CrmFeatureOff>;

export const CrmFeaturesOff = z.object({ off: z.array(CrmFeatureOff) });
export type CrmFeaturesOff = z.infer<typeof CrmFeaturesOff>;

/** An operator's switch (admin secret): off with a reason, or back on. */
export const SwitchCrmFeatureRequest = z.object({
  crm: Crm,
  feature: CrmFeature,
  off: z.boolean(),
  reason: z.string().trim().max(300).default(""),
});
export type SwitchCrmFeatureRequest = z.infer<typeof SwitchCrmFeatureRequest>;
